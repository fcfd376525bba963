"""Tests for `orrery-trace html`: the built page with the schema and the raw trace(s) inside."""

import base64
import json
import re
import subprocess

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.html import embed
from orrery_trace.schema import build_schema

from trace_samples import VIZ

WRAPPER = str(VIZ / "orrery-trace")
PAGE = ("<!doctype html><html><head><meta charset=utf-8><title>t</title>"
        "<script type=\"module\">window.app = 1</script></head><body><div id=app></div></body></html>")


def _trace(ids, count=4):
    return b"".join(encode_record(ids["frame_alloc"], i, 100 * i, [0x200000 + 4096 * i, i + 1]) for i in range(count))


def _run(*args, cwd=None):
    proc = subprocess.run([WRAPPER, *map(str, args)], capture_output=True, timeout=60, cwd=cwd)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def _tags(text):
    """{id: (attributes, body)} of the page's <script> data tags."""
    return {m.group(2): (m.group(1), m.group(3)) for m in re.finditer(
        r'<script type="application/[\w-]+" (id="([\w-]+)"[^>]*)>([^<]*)</script>', text)}


def test_html_inlines_schema_and_decodable_trace(tmp_path, ids):
    page, trace, other = tmp_path / "page.html", tmp_path / "run.bin", tmp_path / "ref.bin"
    page.write_text(PAGE)
    trace.write_bytes(_trace(ids))
    other.write_bytes(_trace(ids, 6))
    out = tmp_path / "out.html"
    code, _, err = _run("html", trace, "-o", out, "--page", page, "--diff", other)
    assert code == 0, err
    text = out.read_text()
    tags = _tags(text)
    assert set(tags) == {"orrery-schema", "orrery-trace", "orrery-trace-diff"}
    assert json.loads(tags["orrery-schema"][1]) == json.loads(json.dumps(build_schema()))
    data = base64.b64decode(tags["orrery-trace"][1])
    assert data == trace.read_bytes() and len(decode_stream(data).records) == 4
    assert 'data-name="run.bin"' in tags["orrery-trace"][0] and "data-lenient" not in text
    assert len(decode_stream(base64.b64decode(tags["orrery-trace-diff"][1])).records) == 6
    # the data comes before the page's own script, and the page is otherwise untouched
    assert text.index('id="orrery-trace"') < text.index("window.app = 1")
    assert re.sub(r"<script type=\"application/[^>]*>[^<]*</script>\n", "", text) == PAGE


def test_nothing_in_the_schema_can_end_its_tag(tmp_path):
    schema = {"sites": [{"function": "</script><script>alert(1)</script>"}]}
    text = embed(PAGE, schema, ('a"<b>.bin', b"\x00\xff"))
    body = _tags(text)["orrery-schema"][1]
    assert "</script" not in body and json.loads(body) == schema
    assert 'data-name="a&quot;&lt;b&gt;.bin"' in text


def test_missing_page_names_make_viz_page(tmp_path, ids):
    trace = tmp_path / "run.bin"
    trace.write_bytes(_trace(ids))
    code, _, err = _run("html", trace, "-o", tmp_path / "o.html", "--page", tmp_path / "none.html")
    assert code == 2 and err.startswith("orrery-trace: error: ") and "make viz-page" in err
    assert not (tmp_path / "o.html").exists()


def test_bad_inputs_exit_2_with_a_clear_message(tmp_path, ids):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    good = _trace(ids)
    damaged, junk = tmp_path / "damaged.bin", tmp_path / "junk.bin"
    damaged.write_bytes(good[:-3])  # truncated mid-frame
    junk.write_bytes(b"this is not a trace\n" * 10)
    out = tmp_path / "o.html"
    code, _, err = _run("html", damaged, "-o", out, "--page", page)
    assert code == 2 and "damaged.bin: not a clean Orrery trace: offset " in err and "--lenient" in err
    code, _, err = _run("html", damaged, "-o", out, "--page", page, "--lenient")
    attributes, body = _tags(out.read_text())["orrery-trace"]
    assert code == 0 and "warning" in err and len(decode_stream(base64.b64decode(body), strict=False).records) == 3
    assert 'data-lenient="1"' in attributes  # so the page decodes it leniently too
    code, _, err = _run("html", junk, "-o", tmp_path / "j.html", "--page", page, "--lenient")
    assert code == 2 and "junk.bin: no trace records in it" in err
    code, _, err = _run("html", tmp_path / "missing.bin", "-o", tmp_path / "m.html", "--page", page)
    assert code == 2 and err.startswith("orrery-trace: error: cannot read ") and "missing.bin" in err
    code, _, err = _run("html", damaged, "-o", tmp_path / "d.html", "--page", page, "--diff", junk)
    assert code == 2 and "damaged.bin" in err
    code, _, err = _run("html", tmp_path / "x.bin")
    assert code == 2 and "usage:" in err  # -o is required
