"""One self-contained HTML file: the built visualizer page with a schema and raw trace(s)
inside, so it opens from disk with no server (`orrery-trace html TRACE -o FILE.html`).

The page (viz/web, built by `make viz-page` into build/viz/page/index.html) looks for

    <script type="application/json" id="orrery-schema">{...schema...}</script>
    <script type="application/octet-stream" id="orrery-trace" data-name="run-trace.bin">base64</script>
    <script type="application/octet-stream" id="orrery-trace-diff" data-name="...">base64</script>

(src/trace/load.ts). The trace stays raw: the page decodes it, exactly as from a server.
"""

import base64
import html
import json
import os
from pathlib import Path

#: The repository (viz/orrery_trace -> the top).
REPO = Path(__file__).resolve().parent.parent.parent
#: The built page; $ORRERY_VIZ_PAGE overrides it (as for the browser tests).
DEFAULT_PAGE = REPO / "build" / "viz" / "page" / "index.html"

SCHEMA_ID = "orrery-schema"
TRACE_ID = "orrery-trace"
DIFF_ID = "orrery-trace-diff"


class PageMissing(FileNotFoundError):
    """The visualizer page has not been built."""


def page_path(page=None):
    """The page file to use: *page*, else $ORRERY_VIZ_PAGE, else DEFAULT_PAGE."""
    return Path(page or os.environ.get("ORRERY_VIZ_PAGE") or DEFAULT_PAGE)


def read_page(page=None):
    """The built page's text; PageMissing (naming `make viz-page`) when it is not there."""
    path = page_path(page)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise PageMissing(f"the visualizer page {path} is not built ({e.strerror or e}); "
                          "run `make viz-page` first") from e


def json_tag(tag_id, value):
    """A <script type="application/json"> holding *value*; every '<' is escaped as \\u003c,
    so no string in it can end the tag."""
    text = json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{tag_id}">{text}</script>'


def trace_tag(tag_id, name, data, lenient=False):
    """A <script type="application/octet-stream"> holding *data* in base64, named *name*;
    *lenient* (the capture is known to be damaged) adds data-lenient="1", so the page skips
    damaged frames with warnings instead of refusing the trace."""
    encoded = base64.b64encode(data).decode("ascii")
    mark = ' data-lenient="1"' if lenient else ""
    return (f'<script type="application/octet-stream" id="{tag_id}" '
            f'data-name="{html.escape(name, quote=True)}"{mark}>{encoded}</script>')


def embed(page_text, schema, trace, diff=None):
    """The page with the data tags put in front of its first <script> (or before </head>).

    trace and diff are (name, raw bytes) or (name, raw bytes, lenient) tuples (see
    trace_tag); diff may be None."""
    tags = [json_tag(SCHEMA_ID, schema), trace_tag(TRACE_ID, *trace)]
    if diff is not None:
        tags.append(trace_tag(DIFF_ID, *diff))
    block = "\n".join(tags) + "\n"
    lower = page_text.lower()
    at = lower.find("<script")
    if at < 0:
        at = lower.find("</head>")
    if at < 0:
        raise ValueError("the visualizer page has neither a <script> nor a </head>: is it the built page?")
    return page_text[:at] + block + page_text[at:]
