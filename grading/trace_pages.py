"""A visualizer page for every failing graded test that left a trace capture.

When a graded test fails, the runner keeps the newest port-0xE9 capture the test's QEMU
runs wrote in its scratch directory (``debugcon.bin``, see ``grading.harness.qemu``; the
newest is the run that failed, since a test stops at its first failure) as
``<out>/<test id>.trace.bin``. The grader then writes ``<out>/<test id>.html``: the
visualizer page with that trace inside (``viz/orrery-trace html``), which opens from disk,
so "what went wrong" is one click away. The report and results.json name it.

Without the built page (``make viz-page``; node is not needed to grade) no pages are
written and the grader says so once.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Optional

from grading.framework import REPO_ROOT

if str(REPO_ROOT / "viz") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "viz"))
from orrery_trace import html as viz_html  # noqa: E402
from orrery_trace.decode import decode_stream  # noqa: E402
from orrery_trace.schema import build_schema  # noqa: E402

#: The file grading.harness.qemu.run_qemu writes the port-0xE9 bytes into, in its run directory.
CAPTURE_NAME = "debugcon.bin"
CAPTURE_SUFFIX = ".trace.bin"
PAGE_SUFFIX = ".html"
#: Where `make viz-page` puts the page inside a build directory.
PAGE_IN_BUILD = Path("viz") / "page" / "index.html"


def newest_capture(workdir: Path) -> Optional[Path]:
    """The most recently written non-empty capture under *workdir*, or None."""
    found = [p for p in Path(workdir).rglob(CAPTURE_NAME) if p.is_file() and p.stat().st_size > 0]
    return max(found, key=lambda p: p.stat().st_mtime_ns, default=None)


def keep_capture(workdir: Path, capture_dir: Path, test_id: str) -> Optional[Path]:
    """Copy the test's newest capture to *capture_dir*/<test id>.trace.bin; its path, or None."""
    source = newest_capture(workdir)
    if source is None:
        return None
    capture_dir.mkdir(parents=True, exist_ok=True)
    kept = capture_dir / (test_id + CAPTURE_SUFFIX)
    shutil.copyfile(source, kept)
    return kept


def page_file(build_dir: Optional[Path]) -> Path:
    """The built page: <build dir>/viz/page/index.html if there is one (``make viz-page
    BUILD=...``), else the default (``$ORRERY_VIZ_PAGE`` or build/viz/page/index.html)."""
    if build_dir is not None and (Path(build_dir) / PAGE_IN_BUILD).is_file():
        return Path(build_dir) / PAGE_IN_BUILD
    return viz_html.page_path()


def write_pages(results, out: Path, build_dir: Optional[Path] = None) -> list:
    """Write <out>/<test id>.html for each failed result with a kept capture; sets each
    one's ``trace_page``. Returns the problems met (one line each, for the grader to print)."""
    wanted = [r for r in results if not r.passed and r.trace_capture is not None]
    if not wanted:
        return []
    try:
        page = viz_html.read_page(page_file(build_dir))
    except viz_html.PageMissing as e:
        return [f"no trace pages for the failing tests: {e}"]
    schema, problems = build_schema(), []
    for r in wanted:
        data = Path(r.trace_capture).read_bytes()
        decoded = decode_stream(data, strict=False)
        if not decoded.records:
            problems.append(f"{r.test.id}: its trace capture has no records: no page")
            continue
        # A run cut short (a timeout, a crash) may end in half a frame: the page then skips
        # damaged frames with warnings rather than refusing the trace.
        target = out / (r.test.id + PAGE_SUFFIX)
        trace = (target.stem + CAPTURE_SUFFIX, data, bool(decoded.warnings))
        target.write_text(viz_html.embed(page, schema, trace), encoding="utf-8")
        r.trace_page = target
    return problems
