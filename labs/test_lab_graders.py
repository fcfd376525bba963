"""Every lab's grader proves both directions: full marks with the reference solutions,
and not full marks when that lab's solution is left out (the holes are real)."""

import json
import subprocess
import sys

import pytest

from grading.framework import REPO_ROOT, available_labs
from grading.gradescope import validate_results

LABS = available_labs(REPO_ROOT / "labs")


def _grade(lab, build_dir, out_dir, *flags):
    return subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                           "-m", "grading.grade", "--lab", str(lab), "--build-dir", str(build_dir),
                           "--out", str(out_dir), *flags],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)


def test_there_is_a_lab_to_grade():
    assert 1 in LABS


@pytest.mark.parametrize("lab", LABS)
def test_reference_solution_gets_full_marks(lab, build, tmp_path):
    run = _grade(lab, build, tmp_path, "--require-full-marks")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    assert validate_results(results) == []
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert (tmp_path / "junit.xml").exists()


@pytest.mark.parametrize("lab", LABS)
def test_without_the_lab_solution_marks_are_not_full(lab, build, tmp_path):
    # `make test` builds build/without-labN with every solution except lab N's.
    run = _grade(lab, build / f"without-lab{lab}", tmp_path, "--expect-not-full")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "FAIL" in run.stdout
    assert f"lab {lab}: " in run.stdout and "not implemented yet" in run.stdout, run.stdout
    results = json.loads((tmp_path / "results.json").read_text())
    assert validate_results(results) == []
    assert results["score"] < sum(t["max_score"] for t in results["tests"])
    # Each failing test that booted the kernel gets a visualizer page with its trace
    # (grading/trace_pages.py; make test builds the page first, make viz-page by hand).
    pages = [t["extra_data"]["trace_page"] for t in results["tests"]
             if t["status"] == "failed" and "trace_page" in t["extra_data"]]
    assert pages, f"no failing test got a trace page (is the page built? make viz-page):\n{run.stderr}"
    for name in pages:
        text = (tmp_path / name).read_text()
        assert '<script type="application/octet-stream" id="orrery-trace"' in text
        assert f"watch it: {tmp_path / name}" in run.stdout
