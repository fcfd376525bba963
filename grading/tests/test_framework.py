"""Tests for the lab grading framework: grading/framework.py, runner.py, grade.py,
gradescope.py and junit.py.

Fake labs are written into a temporary labs directory and graded by running
``/usr/bin/python3 -m grading.grade`` from the checkout, as ``make grade`` does.
"""

import json
import os
import re
import subprocess
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grading.framework import CheckFailed, GradeContext, graded
from grading.gradescope import validate_results

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"

MIXED_LAB = '''
import os, subprocess, time
from pathlib import Path
from grading.framework import graded, CheckFailed

TITLE = "fake lab"

@graded(points=10, name="frame allocator hands out distinct frames")
def passes(ctx):
    ctx.log(f"lab={ctx.lab} build={ctx.build_dir} repo={ctx.repo}")
    ctx.log(f"workdir={ctx.workdir} empty={not any(ctx.workdir.iterdir())}")

@graded(points=10, name="frames avoid the kernel image", hint="decorator hint A")
def check_fails(ctx):
    raise CheckFailed(expected="no frame inside the kernel image 0x00100000-0x0011c000",
                      seen="frame 0x00105000 handed out",
                      hint="frame_reserve_range must round outward")

@graded(points=5, name="uses the decorator hint", hint="decorator hint B")
def check_fails_plain(ctx):
    raise CheckFailed(expected="3 frames", seen="2 frames")

@graded(points=5, name="raises an unexpected exception", hint="decorator hint C")
def raises(ctx):
    print("printed before the error")
    raise ValueError("bad value 42")

@graded(points=5, name="hangs forever", timeout=1)
def hangs(ctx):
    child = subprocess.Popen(["sleep", "60"])
    (Path(__file__).parent.parent / "GRANDCHILD_PID").write_text(str(child.pid))
    ctx.log("about to hang")
    time.sleep(60)

@graded(points=5, name="process dies")
def dies(ctx):
    os._exit(3)

@graded(points=5, name="floods output")
def floods(ctx):
    for i in range(100000):
        print("flood line", i)
'''

PASSING_LAB = '''
from grading.framework import graded
TITLE = "all good"

@graded(points=2, name="first")
def first(ctx):
    ctx.log("first ran")

@graded(points=3.5, name="second")
def second(ctx):
    ctx.log(f"second ran in {ctx.workdir}")
'''


def write_lab(labs: Path, number: int, source: str) -> None:
    (labs / f"lab{number}").mkdir(parents=True, exist_ok=True)
    (labs / f"lab{number}" / "grade.py").write_text(textwrap.dedent(source))


def run_grade(*args, env=None, timeout=120):
    """Run the grader CLI from the checkout, as make does."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([PYTHON, "-m", "grading.grade", *map(str, args)], cwd=REPO,
                          env=full_env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def labs(tmp_path_factory):
    root = tmp_path_factory.mktemp("labs")
    write_lab(root, 7, MIXED_LAB)        # its hanging test leaves GRANDCHILD_PID in root
    write_lab(root, 8, PASSING_LAB)
    write_lab(root, 9, "TITLE = 'no tests here'\n")
    write_lab(root, 10, "from grading.framework import graded\nimport no_such_module_xyz\n")
    (root / "lab11").mkdir()                       # a lab directory without grade.py
    return root


@pytest.fixture(scope="module")
def mixed(labs, tmp_path_factory):
    """One grader run over the mixed lab; shared by the tests that inspect it."""
    build = tmp_path_factory.mktemp("build")
    start = time.monotonic()
    proc = run_grade("--lab", 7, "--labs-dir", labs, "--build-dir", build)
    return proc, build / "grade", time.monotonic() - start


def table_row(stdout: str, name: str) -> str:
    rows = [line for line in stdout.splitlines() if line.startswith(f"  {name}  ")]
    assert len(rows) == 1, f"no single row for {name!r} in:\n{stdout}"
    return rows[0]


def test_every_test_runs_and_exit_status_is_zero(mixed):
    proc, _, elapsed = mixed
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60                      # the hanging test was cut off at 1 s


def test_table_rows_and_failure_details(mixed):
    out = mixed[0].stdout
    assert out.splitlines()[0] == "Lab 7 — fake lab"
    assert re.search(r"^  test\s+points\s+result$", out, re.M)
    assert re.search(r"\s10/10\s+pass$", table_row(out, "frame allocator hands out distinct frames"))
    assert re.search(r"\s0/10\s+FAIL$", table_row(out, "frames avoid the kernel image"))
    assert re.search(r"\s5/5\s+pass$", table_row(out, "floods output"))
    assert re.search(r"^  total\s+15/45$", out, re.M)
    assert "      expected: no frame inside the kernel image 0x00100000-0x0011c000" in out
    assert "      seen:     frame 0x00105000 handed out" in out
    # CheckFailed's own hint replaces the decorator's; otherwise the decorator's is used.
    assert "      hint:     frame_reserve_range must round outward" in out
    assert "decorator hint A" not in out
    assert "      hint:     decorator hint B" in out


def test_exception_timeout_and_crash_are_failures(mixed):
    out = mixed[0].stdout
    assert "seen:     ValueError: bad value 42" in out
    assert "hint:     decorator hint C" in out
    assert 'raise ValueError("bad value 42")' in out        # traceback shown
    assert "printed before the error" in out
    assert re.search(r"\s0/5\s+FAIL$", table_row(out, "hangs forever"))
    assert "seen:     timed out after 1 s" in out
    assert "about to hang" in out                          # log survives the kill
    assert "seen:     the test process exited with status 3 without a verdict" in out


def test_hung_test_process_group_is_killed(mixed, labs):
    pid = int((labs / "GRANDCHILD_PID").read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return                                          # gone
        if state in ("Z", "X"):
            return                                          # dead, waiting to be reaped
        time.sleep(0.1)
    pytest.fail(f"the hung test's child process {pid} is still running")


def test_results_json_is_valid_gradescope_output(mixed):
    obj = json.loads((mixed[1] / "results.json").read_text())
    assert validate_results(obj) == []
    assert obj["score"] == 15
    assert obj["visibility"] == "visible" and obj["stdout_visibility"] == "visible"
    assert isinstance(obj["execution_time"], int) and isinstance(obj["output"], str)
    tests = obj["tests"]
    assert [t["extra_data"]["id"] for t in tests] == [
        "passes", "check_fails", "check_fails_plain", "raises", "hangs", "dies", "floods"]
    assert [t["status"] for t in tests] == [
        "passed", "failed", "failed", "failed", "failed", "failed", "passed"]
    assert [t["score"] for t in tests] == [10, 0, 0, 0, 0, 0, 5]
    assert [t["max_score"] for t in tests] == [10, 10, 5, 5, 5, 5, 5]
    assert all(t["visibility"] == "visible" for t in tests)
    assert tests[0]["name"] == "frame allocator hands out distinct frames"
    assert "seen:     frame 0x00105000 handed out" in tests[1]["output"]
    assert "timed out after 1 s" in tests[4]["output"]


def test_context_fields(mixed):
    proc, grade_dir, _ = mixed
    obj = json.loads((grade_dir / "results.json").read_text())
    log = obj["tests"][0]["output"]
    assert f"lab=7 build={grade_dir.parent} repo={REPO}" in log
    assert "empty=True" in log


def test_output_flood_is_capped(mixed):
    obj = json.loads((mixed[1] / "results.json").read_text())
    flood = obj["tests"][6]["output"]
    assert len(flood) < 100_000                  # the test printed about 1.7 MB
    assert "flood line 0\n" in flood and "flood line 99999" in flood
    assert "bytes of output omitted" in flood


def test_junit_xml(mixed):
    root = ET.parse(mixed[1] / "junit.xml").getroot()
    assert root.tag == "testsuite"
    assert root.get("name") == "lab7"
    assert root.get("tests") == "7" and root.get("failures") == "5"
    cases = root.findall("testcase")
    assert len(cases) == 7
    assert all(c.get("classname") == "lab7" and float(c.get("time")) >= 0 for c in cases)
    failures = root.findall("testcase/failure")
    assert len(failures) == 5
    first = cases[1].find("failure")
    assert first.get("message") == "frame 0x00105000 handed out"
    assert "expected: no frame inside the kernel image" in first.text
    assert "hint:     frame_reserve_range must round outward" in first.text
    assert cases[4].find("failure").get("type") == "timeout"
    assert cases[0].find("failure") is None


def test_full_marks_flags(labs, tmp_path):
    common = ["--labs-dir", labs, "--out", tmp_path / "out"]
    proc = run_grade("--lab", 8, *common)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^  total\s+5\.5/5\.5$", proc.stdout, re.M)
    assert run_grade("--lab", 8, "--require-full-marks", *common).returncode == 0
    assert run_grade("--lab", 8, "--expect-not-full", *common).returncode == 1
    assert run_grade("--lab", 7, "--only", "passes", "raises", "--require-full-marks",
                     *common).returncode == 1
    assert run_grade("--lab", 7, "--only", "raises", "--expect-not-full",
                     *common).returncode == 0


def test_only_selects_tests(labs, tmp_path):
    proc = run_grade("--lab", 7, "--labs-dir", labs, "--out", tmp_path, "--only", "passes")
    assert proc.returncode == 0, proc.stderr
    assert "frame allocator hands out distinct frames" in proc.stdout
    assert "frames avoid the kernel image" not in proc.stdout
    obj = json.loads((tmp_path / "results.json").read_text())
    assert len(obj["tests"]) == 1 and obj["score"] == 10

    proc = run_grade("--lab", 7, "--labs-dir", labs, "--out", tmp_path, "--only", "nope")
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "passes" in proc.stderr


def test_unknown_lab(labs, tmp_path):
    proc = run_grade("--lab", 42, "--labs-dir", labs, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert "there is no lab 42" in proc.stderr
    assert "Labs that can be graded" in proc.stderr and "7, 8, 9, 10" in proc.stderr
    assert not (tmp_path / "out").exists()
    proc = run_grade("--lab", 11, "--labs-dir", labs, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "lab 11 has no grade.py" in proc.stderr


def test_lab_without_tests_or_failing_import(labs, tmp_path):
    proc = run_grade("--lab", 9, "--labs-dir", labs, "--out", tmp_path)
    assert proc.returncode == 2 and "declares none" in proc.stderr
    proc = run_grade("--lab", 10, "--labs-dir", labs, "--out", tmp_path)
    assert proc.returncode == 2
    assert "could not load" in proc.stderr and "no_such_module_xyz" in proc.stderr


def test_environment_defaults(labs, tmp_path):
    build = tmp_path / "envbuild"
    proc = run_grade("--lab", 8, env={"ORRERY_LABS_DIR": str(labs), "ORRERY_BUILD": str(build)})
    assert proc.returncode == 0, proc.stderr
    obj = json.loads((build / "grade" / "results.json").read_text())  # default --out
    assert validate_results(obj) == [] and obj["score"] == 5.5
    assert (build / "grade" / "junit.xml").is_file()


def test_usage_errors_exit_2():
    assert run_grade().returncode == 2
    assert run_grade("--lab", "one").returncode == 2


# ---- in-process tests of the declaration API and the validator ----

def test_graded_registers_in_definition_order():
    namespace = {"graded": graded}
    exec(textwrap.dedent("""
        @graded(points=1, name="b first")
        def b(ctx): pass
        @graded(points=2, hint="h", timeout=5)
        def a(ctx): pass
    """), namespace)
    tests = namespace["GRADED_TESTS"]
    assert [t.id for t in tests] == ["b", "a"]
    assert (tests[0].name, tests[0].points, tests[0].timeout) == ("b first", 1, 300)
    assert (tests[1].name, tests[1].hint, tests[1].timeout) == ("a", "h", 5)
    assert namespace["a"].graded is tests[1]


def test_graded_rejects_bad_declarations():
    with pytest.raises(TypeError):
        graded(lambda ctx: None)
    with pytest.raises(ValueError):
        graded(points=0)
    with pytest.raises(ValueError):
        graded(points=1, timeout=-1)
    namespace = {"graded": graded}
    with pytest.raises(ValueError, match="declared twice"):
        exec("@graded(points=1)\ndef t(ctx): pass\n@graded(points=1)\ndef t(ctx): pass\n",
             namespace)


def test_check_failed_and_context(tmp_path):
    e = CheckFailed(expected="x", seen="y", hint="z")
    assert (e.expected, e.seen, e.hint) == ("x", "y", "z")
    ctx = GradeContext(lab=1, build_dir=tmp_path, workdir=tmp_path, timeout=10,
                       log_path=tmp_path / "log")
    ctx.log("hello")
    ctx.log(42)
    assert ctx.messages == ["hello", "42"]
    assert (tmp_path / "log").read_text() == "hello\n42\n"
    assert 0 < ctx.remaining() <= 10


def test_validate_results_finds_problems():
    good = {"score": 3, "execution_time": 1, "visibility": "after_published",
            "tests": [{"name": "t", "score": 3, "max_score": 3, "status": "passed",
                       "output": "", "visibility": "hidden", "tags": ["a"]}]}
    assert validate_results(good) == []
    assert validate_results({"tests": [{"score": 1}]}) == []
    assert validate_results([]) != []
    assert validate_results({}) != []                        # neither score nor tests
    assert validate_results({"tests": [{"max_score": 1}]}) != []   # no score anywhere
    bad_cases = [
        {"score": "3"},
        {"score": 1, "max_score": 1},                         # not a top-level field
        {"score": 1, "visibility": "public"},
        {"score": 1, "stdout_visibility": ["visible"]},
        {"score": 1, "output_format": "rtf"},
        {"score": 1, "execution_time": -1},
        {"score": 1, "tests": {}},
        {"tests": [{"score": 4, "max_score": 3}]},
        {"tests": [{"score": 1, "status": "ok"}]},
        {"tests": [{"score": True}]},
        {"tests": [{"score": 1, "number": 1}]},
        {"tests": [{"score": 1, "tags": "a"}]},
        {"tests": [{"score": 1, "colour": "red"}]},
        {"score": 1, "leaderboard": [{"name": "t", "value": 1, "order": "up"}]},
    ]
    for case in bad_cases:
        assert validate_results(case), f"no problem found in {case}"
