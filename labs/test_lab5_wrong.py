"""Lab 5's grader against wrong pagers: each fixture under labs/tests/lab5/ holds a file a
student might hand in, in a directory named after the server (mm/fault_decide.c), built
into a temporary copy of the build (make HOLE_OVERRIDES=..., in place of the reference's
file; the working tree is never touched) and graded. Each must lose the points of the tests
its mistake concerns, with a message that says what went wrong, and keep the others.

The fixtures (the fault decision, exercise 1): one that maps every segment writable (code
too), and one that zero-fills any address instead of refusing what no region holds. One
boot serves every test of a fixture (run this file with -n 1).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.framework import REPO_ROOT, load_lab

FIXTURES = REPO_ROOT / "labs" / "tests" / "lab5"
# fixture: ({test id: text its failure must show}, the tests that must still pass).
EXPECTED = {
    "code_writable": ({"pager_contents": "mapped read-only", "pager_refused": "write-code"},
                      ["pager_sparse", "pager_fault_count"]),
    "no_region_zero_filled": ({"pager_refused": "bad-addr"},
                              ["pager_sparse", "pager_contents", "pager_fault_count"]),
}
# What each fixture's files rebuild.
TARGETS = {"mm": ["servers/mm.elf"]}

pytestmark = pytest.mark.skipif(not (REPO_ROOT / "solutions" / "lab5").is_dir(),
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
    for p in files:  # compiled (and so linked in: make's intermediate objects are removed after)
        assert f"CC     {p.relative_to(REPO_ROOT)}" in made.stdout, made.stdout
    return out


def _grade(build_dir, out_dir, tests):
    return subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                           "-m", "grading.grade", "--lab", "5", "--build-dir", str(build_dir),
                           "--out", str(out_dir), "-q", "--only", *tests],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_wrong_pager_loses_the_points_of_its_mistake(build, fixture, tmp_path):
    failing, passing = EXPECTED[fixture]
    variant = _build_with_fixture(build, fixture, tmp_path)
    tests = sorted(set(failing) | set(passing))
    run = _grade(variant, tmp_path / "grade", tests)
    assert run.returncode == 0, run.stdout + run.stderr
    names = {t.id: t.name for t in load_lab(REPO_ROOT / "labs", 5).tests}
    results = {t["name"]: t for t in json.loads((tmp_path / "grade" / "results.json").read_text())["tests"]}
    for test in tests:
        entry = results[names[test]]
        if test in failing:
            assert entry["score"] == 0, f"{fixture} still scores on {test}:\n{run.stdout}"
            assert failing[test] in entry["output"], f"{test}'s message:\n{entry['output']}"
        else:
            assert entry["score"] == entry["max_score"], f"{fixture} should pass {test}:\n{run.stdout}"
