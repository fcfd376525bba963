"""The student handout: no reference solutions, builds, and its grader shows the holes."""

import subprocess

from grading.harness.qemu import REPO


def test_handout_has_no_solutions_and_grades_the_students_code(tmp_path):
    made = subprocess.run(["make", "--no-print-directory", "handout", f"BUILD={tmp_path}"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    tree = tmp_path / "handout" / "orrery"
    assert (tmp_path / "handout" / "orrery-handout.tar.gz").exists()
    assert not (tree / "solutions").exists()
    assert not (tree / "labs" / "test_lab_graders.py").exists()
    assert not (tree / "labs" / "tests").exists()  # forged and wrong lab code, near-copies of solutions
    assert (tree / "labs" / "lab1" / "README.md").exists()
    assert (tree / "kernel" / "frame_alloc.c").exists()
    assert "lab_hole_missing(1, \"frame_alloc\")" in (tree / "kernel" / "frame_alloc.c").read_text()

    graded = subprocess.run(["make", "--no-print-directory", "-j2", "grade", "LAB=1"], cwd=tree,
                            capture_output=True, text=True, timeout=600)
    out = graded.stdout + graded.stderr
    assert graded.returncode == 0, out
    assert "lab solutions linked in: none" in out
    assert "lab 1: frame_add_free_range is not implemented yet" in out
    assert "total" in out and "/100" in out
    assert "100/100" not in out
