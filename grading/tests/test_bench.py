"""`make bench`'s figures: measured in guest instructions, so exact, and within budget."""

import json
import subprocess

from grading.bench import BUDGETS
from grading.harness.qemu import REPO, build_dir


def test_benchmarks_meet_their_budgets(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(["/usr/bin/python3", "-m", "grading.bench", "--build-dir",
                          str(build_dir() / "bench"), "--out", str(out)],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(out.read_text())
    assert set(BUDGETS) <= set(figures)
    for name, budget in BUDGETS.items():
        assert 0 < figures[name] <= budget, f"{name}: {figures[name]} instructions, budget {budget}"
        assert f"{name} {figures[name]} instructions  (budget {budget}: ok)" in run.stdout


def test_bench_reports_a_missing_build_clearly(tmp_path):
    run = subprocess.run(["/usr/bin/python3", "-m", "grading.bench", "--build-dir", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "bench: error:" in run.stderr and "is missing" in run.stderr
