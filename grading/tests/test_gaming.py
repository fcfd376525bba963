"""Trick 1 of issue 8 stays dead: ``_exit(0)`` in a lab hole earns no host points.

Before, each host unit-test case ran in a child whose exit status 0 counted as a pass, so a
hole that began with ``#if __STDC_HOSTED__ _exit(0); #endif`` passed every host case of every
lab (and hid a LIFO run queue in Lab 2). Now the test binary's parent decides from the child's
reports (kernel/tests/host/host_support.c), the grader wants a PASS line per case
(grading/host_cases.py), and the submission check (grading/submission_check.py) refuses the
file before grading.

Everything happens in a copy of the tree (never the working tree): its student files are
rewritten as a student gaming the grader would, and its host tests are built there.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grading.submission_check import check_lab_files, student_files

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"
BUILD_TIMEOUT = 600

# The lab files that host tests link, with their test binary.
HOST_TESTED = {1: ("kernel/frame_alloc.c", "test_frame_alloc"),
               2: ("kernel/runqueue.c", "test_runqueue"),
               3: ("kernel/endpoint_queue.c", "test_endpoint_queue")}

HOSTED_INCLUDE = "#if __STDC_HOSTED__\n#include <unistd.h>\n#endif\n"
HOSTED_EXIT = "#if __STDC_HOSTED__\n    _exit(0); /* the host tests \"pass\" */\n#endif\n"


def copy_tree(dest: Path) -> Path:
    """A copy of the checkout's sources (no build/) in ``dest``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (REPO / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, dest / name)
    else:  # a handout tarball without .git
        shutil.copytree(REPO, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("build", ".git", "__pycache__"))
    return dest


def game_every_hole(source: str) -> str:
    """``source`` with ``_exit(0)`` (on the host only) before every lab hole's stub call."""
    first_include = source.index("#include")
    source = source[:first_include] + HOSTED_INCLUDE + source[first_include:]
    gamed, count = re.subn(r"^(    lab_hole_missing\()", HOSTED_EXIT + r"\1", source, flags=re.MULTILINE)
    assert count, "no lab_hole_missing( call to game"
    return gamed


def build_host_tests(tree: Path, build: Path, *targets: str) -> None:
    targets = [str(build / "host" / t) for t in targets] or ["host-tests"]
    run = subprocess.run(["make", "-s", f"BUILD={build}", "SOLUTIONS=none", *targets], cwd=tree,
                         capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert run.returncode == 0, f"building the host tests in {tree} failed:\n{run.stdout}{run.stderr}"


def run_binary(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(path), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)


def case_names(binary: Path) -> list:
    return run_binary(binary, "--list").stdout.split()


@pytest.fixture(scope="module")
def gamed(tmp_path_factory):
    """A tree whose host-tested lab files call _exit(0) at the top of every hole, built."""
    tree = copy_tree(tmp_path_factory.mktemp("gamed"))
    for path, _ in HOST_TESTED.values():
        (tree / path).write_text(game_every_hole((tree / path).read_text()))
    build_host_tests(tree, tree / "build", *(binary for _, binary in HOST_TESTED.values()))  # those run here
    return tree


@pytest.mark.parametrize("lab", sorted(HOST_TESTED))
def test_exit_zero_in_a_hole_fails_every_host_case(gamed, lab):
    binary = gamed / "build" / "host" / HOST_TESTED[lab][1]
    cases = case_names(binary)
    assert cases, f"{binary} --list printed no cases"
    run = run_binary(binary)
    assert run.returncode == 1, f"the gamed {binary.name} should exit 1:\n{run.stdout}"
    for case in cases:
        assert re.search(rf"^FAIL {case}: ended before its (first|last) check \(exit status 0",
                         run.stdout, re.MULTILINE), (
            f"{case} should fail as ended before its last check; the output:\n{run.stdout}")
        assert not re.search(rf"^PASS {case}$", run.stdout, re.MULTILINE), run.stdout
    assert run.stdout.strip().splitlines()[-1] == f"0 passed, {len(cases)} failed", run.stdout


@pytest.mark.parametrize("lab", sorted(HOST_TESTED))
def test_grader_gives_no_host_points_for_exit_zero(gamed, lab, tmp_path):
    """grading.grade (what make grade runs after the submission check) on the gamed build."""
    from grading.framework import load_lab
    host_ids = [t.id for t in load_lab(gamed / "labs", lab).tests if t.id.startswith("host_")]
    assert host_ids, f"lab {lab} has no host_ tests"
    run = subprocess.run([PYTHON, "-m", "grading.grade", "--lab", str(lab), "--labs-dir",
                          str(gamed / "labs"), "--build-dir", str(gamed / "build"), "--out",
                          str(tmp_path), "-q", "--only", *host_ids],
                         cwd=gamed, capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, PYTHONPATH=str(gamed)))
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    assert len(results["tests"]) == len(host_ids)
    assert results["score"] == 0, f"the gamed lab {lab} earned host points:\n{run.stdout}"
    for test in results["tests"]:
        assert test["status"] == "failed", test
        assert "ended before its" in test["output"], test["output"]


@pytest.mark.parametrize("lab", sorted(HOST_TESTED))
def test_submission_check_names_the_gaming_lines(gamed, lab):
    path = HOST_TESTED[lab][0]
    assert path in student_files(lab, REPO), f"{path} should be in lab {lab}'s STUDENT_FILES"
    problems = check_lab_files(lab, gamed)
    lines = (gamed / path).read_text().splitlines()
    exits = [n for n, line in enumerate(lines, 1) if "_exit(0)" in line]
    hosted = [n for n, line in enumerate(lines, 1) if "__STDC_HOSTED__" in line]
    includes = [n for n, line in enumerate(lines, 1) if "<unistd.h>" in line]
    flagged = {(p.path, p.line) for p in problems}
    for n in exits + hosted + includes:
        assert (path, n) in flagged, f"{path}:{n} ({lines[n - 1].strip()}) is not flagged: {problems}"
    assert any(str(p).startswith(f"{path}:{exits[0]}: _exit: ") for p in problems), problems
    cli = subprocess.run([PYTHON, "-m", "grading.submission_check", "--lab", str(lab), "--repo",
                          str(gamed)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert f"{path}:{exits[0]}: _exit:" in cli.stderr, cli.stderr


def test_make_grade_refuses_the_gamed_files(gamed):
    """make grade stops at the submission check, before any test runs (make -n shows the
    order; the check itself runs here on the gamed tree)."""
    run = subprocess.run([PYTHON, "-m", "grading.submission_check", "--lab", "2"], cwd=gamed,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "kernel/runqueue.c:" in run.stderr, run.stderr


# ------------------------------------------------------------------------------------------
# The Lab 2 LIFO bug that _exit(0) hid.

def lifo_runqueue(reference: str) -> str:
    """The reference run queue with enqueue at the head (LIFO) instead of the tail."""
    lifo, count = re.subn(r"(\(\*head\)->run_prev = thread;\n)(    \})",
                          r"\1        *head = thread; /* LIFO: the newest thread becomes the head */\n\2",
                          reference)
    assert count == 1, "the reference runqueue_enqueue changed: update lifo_runqueue"
    return lifo


def test_exit_zero_no_longer_hides_a_lifo_run_queue(tmp_path):
    reference = REPO / "solutions" / "lab2" / "runqueue.c"
    if not reference.is_file():
        pytest.skip("needs solutions/lab2/runqueue.c (not in a handout)")
    tree = copy_tree(tmp_path / "tree")
    lifo = lifo_runqueue(reference.read_text())
    student = tree / "kernel" / "runqueue.c"

    # Honest LIFO: the FIFO case says what is wrong.
    student.write_text(lifo)
    build_host_tests(tree, tree / "honest", "test_runqueue")
    honest = run_binary(tree / "honest" / "host" / "test_runqueue")
    assert re.search(r"^FAIL enqueue_appends_at_tail_fifo: after enqueue\(A\), enqueue\(B\) at priority 7: "
                     r"heads\[7\] should be A", honest.stdout, re.MULTILINE), honest.stdout

    # LIFO with _exit(0) at the top of runqueue_enqueue on the host: every case that enqueues
    # fails as ended early, instead of passing as it did when the exit status decided.
    gamed = lifo.replace('#include "sched.h"', HOSTED_INCLUDE + '#include "sched.h"', 1)
    gamed = gamed.replace("void runqueue_enqueue(struct run_queue *queue, struct thread *thread)\n{\n",
                          "void runqueue_enqueue(struct run_queue *queue, struct thread *thread)\n{\n"
                          + HOSTED_EXIT, 1)
    assert "_exit(0)" in gamed
    student.write_text(gamed)
    build_host_tests(tree, tree / "gamed", "test_runqueue")
    run = run_binary(tree / "gamed" / "host" / "test_runqueue")
    for case in ("enqueue_sets_bitmap_and_head", "enqueue_appends_at_tail_fifo",
                 "enqueue_keeps_priorities_apart", "tick_slice_sequence_round_robin"):
        assert re.search(rf"^FAIL {case}: ended before its (first|last) check", run.stdout,
                         re.MULTILINE), f"{case}:\n{run.stdout}"
    assert "4 failed" in run.stdout.strip().splitlines()[-1], run.stdout


def test_writing_to_the_report_pipe_fails_the_case(tmp_path):
    """Code under test that writes to every descriptor (to forge the harness's reports) fails."""
    reference = REPO / "solutions" / "lab2" / "runqueue.c"
    if not reference.is_file():
        pytest.skip("needs solutions/lab2/runqueue.c (not in a handout)")
    tree = copy_tree(tmp_path / "tree")
    forging = reference.read_text().replace('#include "sched.h"', HOSTED_INCLUDE + '#include "sched.h"', 1)
    forging = forging.replace("    if (!queue->ready_bitmap)\n        return NULL;\n",
                              "#if __STDC_HOSTED__\n    for (int fd = 3; fd < 64; fd++)\n"
                              "        (void)!write(fd, \"PASS PASS PASS!!\", 16);\n#endif\n"
                              "    if (!queue->ready_bitmap)\n        return NULL;\n", 1)
    assert "write(fd" in forging, "the reference runqueue_pick changed: update this test"
    (tree / "kernel" / "runqueue.c").write_text(forging)
    build_host_tests(tree, tree / "build", "test_runqueue")
    run = run_binary(tree / "build" / "host" / "test_runqueue", "pick_*")
    assert run.returncode == 1, run.stdout
    assert re.search(r"^FAIL pick_empty_is_null: \d+ report records? that the test harness did not send",
                     run.stdout, re.MULTILINE), run.stdout
    assert "PASS pick_" not in run.stdout, run.stdout
