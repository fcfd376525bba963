"""The graders cannot be gamed from kernel code, and they catch two wrong implementations.

Each fixture under labs/tests/ replaces some of a lab's reference files in a copy of the
tree (the working tree is never touched), the copy is built reusing the objects of the
main build, and the lab's booted tests grade it:

- forgeries/lab1, forgeries/lab2: hole bodies that write the trace records a correct lab
  would make (the per-run nonce read from the command line) and halt, with no allocator,
  page tables or scheduler. The old trace-only graders gave them every booted point; the
  booted tests, which read the machine's state from outside (grading/harness/guest_state.py),
  must give them none.
- wrong/lab1_directory_entry_without_user: directory entries without PTE_USER.
- wrong/lab2_pick_scans_lists: an O(32) runqueue_pick.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.framework import REPO_ROOT

FIXTURES = Path(__file__).resolve().parent
SOURCES = ("Makefile", "kernel", "servers", "solutions")  # what `make` reads
BOOTED_TESTS = {1: ["boots", "frames_avoid_reserved", "vm_map", "vm_unmap"],
                2: ["sched_two_busy", "sched_priority", "sched_fairness", "pick_is_constant_time"]}
USER_PROGRAMS = ("sched_two_busy", "sched_priority", "sched_fairness")


def build_variant(build: Path, work: Path, lab: int, fixture: Path) -> Path:
    """Copy the tree and the main build into *work*, put *fixture*'s files in place of lab
    *lab*'s reference files, rebuild what that changes; the variant's build directory."""
    tree = work / "tree"
    tree.mkdir()
    for name in SOURCES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("build"))
        else:
            shutil.copy2(source, tree / name)
    # The main build's objects, with their times, so only what the fixture changes is rebuilt.
    shutil.copytree(build, tree / "build", symlinks=True,
                    ignore=lambda directory, names: [n for n in names if Path(directory, n) != build
                                                     and (Path(directory, n) / "kernel.elf").exists()])
    for path in fixture.glob("*.c"):
        shutil.copy(path, tree / "solutions" / f"lab{lab}" / path.name)
    targets = ["build/kernel.elf", "build/servers/roottask.elf", "build/gdb/orrery_constants.py"]
    targets += [f"build/user-tests/{name}.elf" for name in USER_PROGRAMS]
    run = subprocess.run(["make", "--no-print-directory", "-j2", "BUILD=build", "SOLUTIONS=all", *targets],
                         cwd=tree, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    return tree / "build"


def grade_booted(lab: int, build: Path, out: Path) -> dict:
    """Grade lab *lab*'s booted tests on *build*: {test id: (score, output)}."""
    run = subprocess.run(["/usr/bin/python3", "-m", "grading.grade", "--lab", str(lab),
                          "--build-dir", str(build), "--out", str(out), "--only", *BOOTED_TESTS[lab]],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    assert (out / "results.json").exists(), run.stdout + run.stderr
    results = json.loads((out / "results.json").read_text())
    names = {test.graded.name: test.graded.id for test in _lab_tests(lab)}
    return {names[t["name"]]: (t["score"], t.get("output", "")) for t in results["tests"]}


def _lab_tests(lab: int):
    from grading.framework import load_lab
    lab_module = load_lab(REPO_ROOT / "labs", lab)
    return [test.func for test in lab_module.tests]


@pytest.mark.parametrize("lab", [1, 2])
def test_trace_forgery_scores_nothing_on_booted_tests(lab, build, tmp_path):
    variant = build_variant(build, tmp_path, lab, FIXTURES / "forgeries" / f"lab{lab}")
    scores = grade_booted(lab, variant, tmp_path / "grade")
    assert set(scores) == set(BOOTED_TESTS[lab])
    earned = {test: score for test, (score, _) in scores.items() if score}
    assert not earned, f"the forgery earned {earned}:\n" + "\n".join(o for _, o in scores.values())


def test_directory_entry_without_pte_user_loses_vm_map(build, tmp_path):
    variant = build_variant(build, tmp_path, 1, FIXTURES / "wrong" / "lab1_directory_entry_without_user")
    scores = grade_booted(1, variant, tmp_path / "grade")
    score, output = scores["vm_map"]
    assert score == 0, output
    assert "directory entry is user-accessible" in output, output
    assert all(scores[test][0] for test in ("boots", "frames_avoid_reserved", "vm_unmap")), scores


def test_pick_that_scans_the_lists_loses_the_o1_test(build, tmp_path):
    variant = build_variant(build, tmp_path, 2, FIXTURES / "wrong" / "lab2_pick_scans_lists")
    scores = grade_booted(2, variant, tmp_path / "grade")
    score, output = scores["pick_is_constant_time"]
    assert score == 0, output
    assert "O(1) pick" in output and "at priority 0" in output, output
    assert all(scores[test][0] for test in ("sched_two_busy", "sched_priority", "sched_fairness")), scores
