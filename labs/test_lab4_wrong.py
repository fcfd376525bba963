"""Lab 4's grader against wrong drivers: each fixture under labs/tests/lab4/ holds files a
student might hand in, in a directory named after the server (console/scancode.c), built
into a temporary copy of the build (make HOLE_OVERRIDES=..., in place of the reference's
file; the working tree is never touched) and graded. Each must lose the points of the tests
its mistake concerns, with a message that says what went wrong, and keep the others.

The fixtures: a translation that ignores Shift, a keyboard handler and an ATA interrupt wait
that never acknowledge their IRQ, and a transfer that drops the last word of each sector it
writes. QEMU runs are few: each fixture boots only for the tests its mistake concerns, one
after the other (run this file with -n 1).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.framework import REPO_ROOT, load_lab

FIXTURES = REPO_ROOT / "labs" / "tests" / "lab4"
HOST_TESTS = ["host_plain_keys", "host_shift", "host_caps_and_ctrl", "host_extended"]

# fixture: ({test id: text its failure must show}, the tests that must still pass).
EXPECTED = {
    "shift_ignored": ({"host_shift": "shift_makes_capitals_and_symbols_until_released",
                       "host_caps_and_ctrl": "caps_lock_toggles_letters_only",
                       "keyboard_shift": "prints the line"},
                      ["host_plain_keys", "host_extended", "keyboard_reaches_the_shell"]),
    "irq_never_acknowledged": ({"keyboard_reaches_the_shell": "reach the shell"}, HOST_TESTS),
    "write_drops_a_word": ({"disk_writes": "writes sectors"}, ["disk_reads"]),
    "disk_irq_never_acknowledged": ({"disk_reads": "reads sectors", "disk_writes": "writes sectors"}, []),
}
# What each fixture's files rebuild.
TARGETS = {"console": ["servers/console.elf", "host/test_console_scancode"], "ata": ["servers/ata.elf"]}

pytestmark = pytest.mark.skipif(not (REPO_ROOT / "solutions" / "lab4").is_dir(),
                                reason="needs the reference solutions (not in a handout)")


def _build_with_fixture(build, fixture, tmp_path):
    """A copy of the main build with the fixture's files in place of the reference's."""
    if not (build / "kernel.elf").exists():
        pytest.fail(f"{build}/kernel.elf is missing: run `make`")
    out = tmp_path / "build"
    # The main build's files, with their times (nothing else is rebuilt), without the other
    # builds inside it (each a directory with a kernel.elf).
    shutil.copytree(build, out, symlinks=True,
                    ignore=lambda directory, names: [n for n in names
                                                     if (Path(directory, n) / "kernel.elf").exists()])
    files = sorted(p for p in (FIXTURES / fixture).glob("*/*.c"))
    overrides = " ".join(str(p.relative_to(REPO_ROOT)) for p in files)
    targets = sorted({f"{out}/{t}" for p in files for t in TARGETS[p.parent.name]})
    made = subprocess.run(["make", "--no-print-directory", "-j2", f"BUILD={out}", "SOLUTIONS=all",
                           f"HOLE_OVERRIDES={overrides}", *targets],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    assert f"overrides={overrides}" in (out / "solutions.selected").read_text()
    for p in files:  # compiled here (and so linked in: no other build has its object)
        assert f"CC     {p.relative_to(REPO_ROOT)}" in made.stdout, made.stdout
    return out


def _grade(build_dir, out_dir, tests):
    return subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                           "-m", "grading.grade", "--lab", "4", "--build-dir", str(build_dir),
                           "--out", str(out_dir), "-q", "--only", *tests],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_wrong_driver_loses_the_points_of_its_mistake(build, fixture, tmp_path):
    failing, passing = EXPECTED[fixture]
    variant = _build_with_fixture(build, fixture, tmp_path)
    tests = sorted(set(failing) | set(passing))
    run = _grade(variant, tmp_path / "grade", tests)
    assert run.returncode == 0, run.stdout + run.stderr
    names = {t.id: t.name for t in load_lab(REPO_ROOT / "labs", 4).tests}
    results = {t["name"]: t for t in json.loads((tmp_path / "grade" / "results.json").read_text())["tests"]}
    for test in tests:
        entry = results[names[test]]
        if test in failing:
            assert entry["score"] == 0, f"{fixture} still scores on {test}:\n{run.stdout}"
            assert failing[test] in entry["output"], f"{test}'s message:\n{entry['output']}"
        else:
            assert entry["score"] == entry["max_score"], f"{fixture} should pass {test}:\n{run.stdout}"



def test_lab4_is_graded_out_of_100():
    assert sum(t.points for t in load_lab(REPO_ROOT / "labs", 4).tests) == 100
