"""``python3 -m grading.grade --keep-workdirs`` says where it kept every test's files,
a passing test's too (labs/lab2/README.md sends students to a passing test's trace)."""

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LAB = '''
from grading.framework import graded, CheckFailed
TITLE = "keeps its files"

@graded(points=5, name="passes and writes a file")
def passes(ctx):
    (ctx.workdir / "serial.txt").write_text("passed")

@graded(points=5, name="fails and writes a file")
def fails(ctx):
    (ctx.workdir / "serial.txt").write_text("failed")
    raise CheckFailed(expected="a pass", seen="a failure")
'''


def test_keep_workdirs_names_the_directory_of_every_test(tmp_path):
    (tmp_path / "labs" / "lab5").mkdir(parents=True)
    (tmp_path / "labs" / "lab5" / "grade.py").write_text(textwrap.dedent(LAB))
    run = subprocess.run(["/usr/bin/python3", "-m", "grading.grade", "--lab", "5", "--labs-dir",
                          tmp_path / "labs", "--build-dir", tmp_path / "build", "--keep-workdirs"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    kept = re.findall(r"^ {6}files kept in (\S+)$", run.stdout, re.M)
    try:
        assert len(kept) == 2, run.stdout
        for directory, verdict in zip(kept, ("passed", "failed")):
            assert (Path(directory) / "work" / "serial.txt").read_text() == verdict
        passing_row = run.stdout.index("passes and writes a file")
        assert run.stdout.index(kept[0]) > passing_row
    finally:
        for directory in kept:
            shutil.rmtree(directory, ignore_errors=True)
