"""The grader writes a visualizer page for every failing test that left a trace capture
(grading/trace_pages.py), names it in the report and in results.json."""

import base64
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "viz"))
from orrery_trace.decode import decode_stream, encode_record  # noqa: E402
from orrery_trace.events import load_events  # noqa: E402

PYTHON = "/usr/bin/python3"
FAKE_PAGE = "<!doctype html><html><head><title>viz</title><script type=module>/*app*/</script></head><body></body></html>"


def _trace(count):
    ids = load_events().ids
    return b"".join(encode_record(ids["frame_alloc"], i, 1000 * i, [0x200000 + 4096 * i, i]) for i in range(count))


LAB = f'''
from pathlib import Path
from grading.framework import graded, CheckFailed

TRACE_FIRST = {_trace(3)!r}
TRACE_LAST = {_trace(5)[:-3]!r}

def _capture(ctx, name, data):
    run = ctx.workdir / name
    run.mkdir()
    (run / "debugcon.bin").write_bytes(data)

@graded(points=5, name="fails after two boots")
def fails_with_trace(ctx):
    _capture(ctx, "first", TRACE_FIRST)
    import os, time
    time.sleep(0.05)  # the second run is the newer one
    _capture(ctx, "second", TRACE_LAST)
    raise CheckFailed(expected="a frame", seen="none")

@graded(points=5, name="fails without booting")
def fails_without_trace(ctx):
    raise CheckFailed(expected="x", seen="y")

@graded(points=5, name="passes with a trace")
def passes_with_trace(ctx):
    _capture(ctx, "run", TRACE_FIRST)
'''


@pytest.fixture(scope="module")
def labs(tmp_path_factory):
    root = tmp_path_factory.mktemp("labs")
    (root / "lab7").mkdir()
    (root / "lab7" / "grade.py").write_text(textwrap.dedent(LAB))
    return root


def _grade(labs, build, page):
    env = dict(os.environ, ORRERY_VIZ_PAGE=str(page))
    return subprocess.run([PYTHON, "-m", "grading.grade", "--lab", "7", "--labs-dir", str(labs),
                           "--build-dir", str(build), "-q"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def _embedded_trace(html_text):
    m = re.search(r'<script type="application/octet-stream" id="orrery-trace" data-name="([^"]*)"[^>]*>([^<]*)</script>',
                  html_text)
    assert m, "no embedded trace"
    return m.group(1), base64.b64decode(m.group(2))


def test_a_page_for_each_failing_test_with_a_capture(labs, tmp_path):
    page = tmp_path / "index.html"
    page.write_text(FAKE_PAGE)
    proc = _grade(labs, tmp_path / "build", page)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "build" / "grade"
    assert sorted(p.name for p in out.glob("*.html")) == ["fails_with_trace.html"]
    name, data = _embedded_trace((out / "fails_with_trace.html").read_text())
    # the newest capture (the run that failed, cut off mid-frame), kept beside the page,
    # marked so that the page decodes it leniently
    assert len(decode_stream(data, strict=False).records) == 4
    assert 'data-lenient="1"' in (out / "fails_with_trace.html").read_text()
    assert name == "fails_with_trace.trace.bin" and (out / name).read_bytes() == data
    assert '<script type="application/json" id="orrery-schema">' in (out / "fails_with_trace.html").read_text()
    assert f"watch it: {out / 'fails_with_trace.html'}" in proc.stdout
    assert proc.stdout.count("watch it:") == 1
    tests = {t["extra_data"]["id"]: t for t in json.loads((out / "results.json").read_text())["tests"]}
    assert tests["fails_with_trace"]["extra_data"]["trace_page"] == "fails_with_trace.html"
    assert "fails_with_trace.html" in tests["fails_with_trace"]["output"]
    assert "trace_page" not in tests["fails_without_trace"]["extra_data"]
    assert "trace_page" not in tests["passes_with_trace"]["extra_data"]


def test_without_the_page_the_grade_stands_and_says_why(labs, tmp_path):
    proc = _grade(labs, tmp_path / "build", tmp_path / "no-page.html")
    assert proc.returncode == 0, proc.stderr
    assert "make viz-page" in proc.stderr and "no trace pages" in proc.stderr
    out = tmp_path / "build" / "grade"
    assert not list(out.glob("*.html"))
    results = json.loads((out / "results.json").read_text())
    assert results["score"] == 5 and all("trace_page" not in t["extra_data"] for t in results["tests"])
