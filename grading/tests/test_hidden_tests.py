"""Hidden tests: an instructor's extra test file (``grading.grade --extra-tests FILE``, what
``make grade EXTRA_TESTS=FILE`` passes) and Gradescope visibility (``@graded(visibility=...)``
carried into results.json).

Fake labs are written into a temporary labs directory and graded by running the grader CLI
from the checkout, as ``make grade`` does.
"""

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from grading.framework import VISIBILITIES, graded
from grading.gradescope import validate_results

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"

LAB = '''
from grading.framework import graded, CheckFailed

TITLE = "lab with helpers"

def shared_helper(ctx):
    ctx.log("the lab's helper ran")

@graded(points=10, name="a visible test")
def visible_one(ctx):
    shared_helper(ctx)

@graded(points=5, name="a test shown after the due date", visibility="after_due_date")
def after_due(ctx):
    raise CheckFailed(expected="something", seen="nothing")
'''

EXTRA = '''
import grade as lab          # the lab's own grade.py: its helpers are available
from grading.framework import graded, CheckFailed

@graded(points=20, name="an instructor's hidden test", visibility="hidden")
def hidden_one(ctx):
    lab.shared_helper(ctx)
    ctx.log("hidden test output")

@graded(points=7, name="an extra test shown once published", visibility="after_published")
def published_one(ctx):
    raise CheckFailed(expected="a secret value", seen="another value")
'''


def run_grade(*args, timeout=120):
    return subprocess.run([PYTHON, "-m", "grading.grade", *map(str, args)], cwd=REPO,
                          env=dict(os.environ), capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def labs(tmp_path):
    (tmp_path / "labs" / "lab7").mkdir(parents=True)
    (tmp_path / "labs" / "lab7" / "grade.py").write_text(textwrap.dedent(LAB))
    (tmp_path / "instructor").mkdir()
    (tmp_path / "instructor" / "lab7_hidden.py").write_text(textwrap.dedent(EXTRA))
    (tmp_path / "build").mkdir()
    return tmp_path


def grade(labs, *extra):
    run = run_grade("--lab", 7, "--labs-dir", labs / "labs", "--build-dir", labs / "build",
                    "--out", labs / "out", "-q", *extra)
    assert run.returncode == 0, run.stdout + run.stderr
    return run, json.loads((labs / "out" / "results.json").read_text())


def test_extra_tests_run_after_the_labs_own(labs):
    run, results = grade(labs, "--extra-tests", labs / "instructor" / "lab7_hidden.py")
    names = [t["name"] for t in results["tests"]]
    assert names == ["a visible test", "a test shown after the due date",
                     "an instructor's hidden test", "an extra test shown once published"], names
    by_id = {t["extra_data"]["id"]: t for t in results["tests"]}
    assert by_id["hidden_one"]["status"] == "passed", by_id["hidden_one"]
    assert "the lab's helper ran" in by_id["hidden_one"]["output"]
    assert by_id["published_one"]["status"] == "failed"
    assert results["score"] == 30
    assert "an instructor's hidden test" in run.stdout and "total" in run.stdout


def test_without_extra_tests_only_the_labs_tests_run(labs):
    _, results = grade(labs)
    assert [t["extra_data"]["id"] for t in results["tests"]] == ["visible_one", "after_due"]


def test_visibility_reaches_results_json_and_is_valid(labs):
    run, results = grade(labs, "--extra-tests", labs / "instructor" / "lab7_hidden.py")
    assert validate_results(results) == []
    visibility = {t["extra_data"]["id"]: t["visibility"] for t in results["tests"]}
    assert visibility == {"visible_one": "visible", "after_due": "after_due_date",
                          "hidden_one": "hidden", "published_one": "after_published"}
    # What every student sees must not give the hidden tests away.
    assert results["stdout_visibility"] == "hidden"
    assert results["output"] == ("Lab 7 — lab with helpers: 10/10 points on the visible tests; "
                                 "3 more tests (32 points) not shown here"), results["output"]
    assert "(hidden on Gradescope)" in run.stdout


def test_all_visible_lab_keeps_stdout_visible(tmp_path):
    (tmp_path / "labs" / "lab7").mkdir(parents=True)
    (tmp_path / "labs" / "lab7" / "grade.py").write_text(textwrap.dedent('''
        from grading.framework import graded
        @graded(points=1)
        def only(ctx):
            pass
    '''))
    (tmp_path / "build").mkdir()
    _, results = grade(tmp_path)
    assert results["stdout_visibility"] == "visible"
    assert results["output"] == "Lab 7: 1/1 points"
    assert results["tests"][0]["visibility"] == "visible"


def test_extra_tests_errors(labs, tmp_path):
    missing = run_grade("--lab", 7, "--labs-dir", labs / "labs", "--build-dir", labs / "build",
                        "--extra-tests", tmp_path / "nope.py")
    assert missing.returncode == 2 and "nope.py does not exist" in missing.stderr, missing.stderr

    clash = tmp_path / "clash.py"
    clash.write_text("from grading.framework import graded\n@graded(points=1)\ndef visible_one(ctx):\n    pass\n")
    run = run_grade("--lab", 7, "--labs-dir", labs / "labs", "--build-dir", labs / "build",
                    "--extra-tests", clash)
    assert run.returncode == 2 and "visible_one" in run.stderr, run.stderr

    empty = tmp_path / "empty.py"
    empty.write_text("X = 1\n")
    run = run_grade("--lab", 7, "--labs-dir", labs / "labs", "--build-dir", labs / "build",
                    "--extra-tests", empty)
    assert run.returncode == 2 and "declares no graded tests" in run.stderr, run.stderr


def test_make_grade_passes_extra_tests():
    """The Makefile's grade target hands EXTRA_TESTS to the grader (checked with make -n)."""
    run = subprocess.run(["make", "-n", "grade", "LAB=1", "EXTRA_TESTS=instructor/hidden.py"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    commands = run.stdout.replace("\\\n", " ")       # the recipe continues a line with a backslash
    grade_line = next(line for line in commands.splitlines() if "-m grading.grade" in line)
    assert f"--extra-tests {REPO}/instructor/hidden.py" in grade_line, grade_line
    check = [line for line in commands.splitlines() if "-m grading.submission_check --lab 1" in line]
    assert check and commands.index(check[0]) < commands.index(grade_line), commands


def test_graded_rejects_unknown_visibility():
    assert set(VISIBILITIES) == {"visible", "hidden", "after_due_date", "after_published"}
    with pytest.raises(ValueError, match="visibility"):
        graded(points=1, visibility="secret")
    with pytest.raises(ValueError, match="visibility"):
        graded(points=1, visibility="Hidden")


def test_validate_results_checks_test_visibility():
    good = {"score": 1, "tests": [{"score": 1, "max_score": 1, "visibility": "after_published"}]}
    assert validate_results(good) == []
    bad = {"score": 1, "tests": [{"score": 1, "max_score": 1, "visibility": "later"}]}
    assert any("visibility" in p for p in validate_results(bad)), validate_results(bad)
