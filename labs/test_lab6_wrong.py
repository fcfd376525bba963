"""Lab 6's grader against wrong file-server code: each fixture under labs/tests/lab6/ holds
a file a student might hand in, in a directory named after the server (fs/ext2_bmap.c),
built in place of the reference's file (make HOLE_OVERRIDES=...; the working tree is never
touched) and graded. Each must lose the points of the tests its mistake concerns, with a
message that says what went wrong, and keep the others.

QEMU runs are few: every fixture is graded on the host (build/host/ext2tool with its file,
built alone), and one of them, bmap_ignores_indirect, on the booted system too (one boot
serves all the booted tests). Run this file with -n 1.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.framework import REPO_ROOT, load_lab

FIXTURES = REPO_ROOT / "labs" / "tests" / "lab6"
HOST_TESTS = ["host_small_files", "host_large_files", "host_directory", "host_free"]
BOOTED_TESTS = ["booted_clean", "booted_files", "booted_read_back", "booted_directory",
                "booted_lookup", "booted_free"]

# fixture: ({host test id: text its failure must show}, the host tests that must still pass).
# Allocation that leaves the bitmap alone and an insert that overwrites the entry it should
# split break every file the tests make (mkdir's own entries, the second file's blocks).
EXPECTED = {
    "alloc_leaves_bitmap": ({"host_small_files": "Multiply-claimed block",
                             "host_large_files": "e2fsck",
                             "host_directory": "", "host_free": ""}, []),
    "bmap_ignores_indirect": ({"host_large_files": "Illegal block", "host_free": ""},
                              ["host_small_files", "host_directory"]),
    "insert_never_splits": ({"host_small_files": "e2fsck", "host_large_files": "e2fsck",
                             "host_directory": "", "host_free": ""}, []),
    "lookup_first_block_only": ({"host_directory": "Duplicate entry"},
                                ["host_small_files", "host_large_files", "host_free"]),
}
# The booted fixture: (the booted tests it must fail, with their text; those it must pass).
BOOTED_FIXTURE = "bmap_ignores_indirect"
BOOTED_EXPECTED = ({"booted_clean": "e2fsck", "booted_files": "/lab6/indirect.bin",
                    "booted_read_back": "/lab6/double.copy", "booted_free": ""},
                   ["booted_directory", "booted_lookup"])

pytestmark = pytest.mark.skipif(not (REPO_ROOT / "solutions" / "lab6").is_dir(),
                                reason="needs the reference solutions (not in a handout)")


def _overrides(fixture):
    files = sorted(p for p in (FIXTURES / fixture).glob("fs/*.c"))
    assert files, f"{fixture} has no fs/*.c"
    return files, " ".join(str(p.relative_to(REPO_ROOT)) for p in files)


def _make(out, overrides, *targets):
    made = subprocess.run(["make", "--no-print-directory", "-j2", f"BUILD={out}", "SOLUTIONS=all",
                           f"HOLE_OVERRIDES={overrides}", *targets],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    assert made.returncode == 0, made.stdout + made.stderr
    assert f"overrides={overrides}" in (out / "solutions.selected").read_text()
    return made


def _grade(build_dir, out_dir, tests):
    return subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                           "-m", "grading.grade", "--lab", "6", "--build-dir", str(build_dir),
                           "--out", str(out_dir), "-q", "--only", *tests],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=1800)


def _judge(run, out_dir, failing, passing, fixture):
    assert run.returncode == 0, run.stdout + run.stderr
    names = {t.id: t.name for t in load_lab(REPO_ROOT / "labs", 6).tests}
    results = {t["name"]: t for t in json.loads((out_dir / "results.json").read_text())["tests"]}
    for test in sorted(set(failing) | set(passing)):
        entry = results[names[test]]
        if test in failing:
            assert entry["score"] == 0, f"{fixture} still scores on {test}:\n{run.stdout}"
            assert failing[test] in entry["output"], f"{test}'s message:\n{entry['output']}"
        else:
            assert entry["score"] == entry["max_score"], f"{fixture} should pass {test}:\n{run.stdout}"


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)
    assert BOOTED_FIXTURE in EXPECTED


@pytest.mark.slow
@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_wrong_code_loses_the_host_points_of_its_mistake(fixture, tmp_path):
    files, overrides = _overrides(fixture)
    out = tmp_path / "build"
    made = _make(out, overrides, f"{out}/host/ext2tool")
    for p in files:
        assert str(p.relative_to(REPO_ROOT)) in made.stdout + (out / "solutions.selected").read_text()
    failing, passing = EXPECTED[fixture]
    run = _grade(out, tmp_path / "grade", sorted(set(failing) | set(passing)))
    _judge(run, tmp_path / "grade", failing, passing, fixture)


@pytest.mark.slow
def test_wrong_block_map_loses_the_booted_points_of_its_mistake(build, tmp_path):
    if not (build / "kernel.elf").exists():
        pytest.fail(f"{build}/kernel.elf is missing: run `make`")
    out = tmp_path / "build"
    # The main build's files, with their times (nothing else is rebuilt), without the other
    # builds inside it (each a directory with a kernel.elf).
    shutil.copytree(build, out, symlinks=True,
                    ignore=lambda directory, names: [n for n in names
                                                     if (Path(directory, n) / "kernel.elf").exists()])
    files, overrides = _overrides(BOOTED_FIXTURE)
    made = _make(out, overrides, f"{out}/servers/fs.elf", f"{out}/disk.img", f"{out}/host/ext2tool")
    for p in files:  # compiled (and so linked in)
        assert f"CC     {p.relative_to(REPO_ROOT)}" in made.stdout, made.stdout
    failing, passing = BOOTED_EXPECTED
    run = _grade(out, tmp_path / "grade", sorted(set(failing) | set(passing)))
    _judge(run, tmp_path / "grade", failing, passing, BOOTED_FIXTURE)
