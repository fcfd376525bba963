"""Tests for `orrery-trace serve` (serve.py, what `make viz` and `make run VIZ=1` run): the
page, schema, trace and kernel sources on 127.0.0.1, and the live stream at /live."""

import http.client
import json
import re
import socket
import subprocess
import time

import pytest

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.schema import build_schema

from trace_samples import VIZ

WRAPPER = str(VIZ / "orrery-trace")
PAGE = "<!doctype html><html><head><script type=module>1</script></head><body>page</body></html>"
#: How long a live byte may take from the socket to a /live reader (the design's budget: a second).
LIVE_BOUND = 1.0


def _start(*args):
    """Start the server on a free port; (process, port) once it printed its address."""
    proc = subprocess.Popen([WRAPPER, "serve", "--port", "0", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        pytest.fail(f"no address printed: {line!r} {proc.stderr.read()}")
    return proc, int(m.group(1))


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(PAGE)
    return path


@pytest.fixture
def server():
    procs = []

    def start(*args):
        proc, port = _start(*args)
        procs.append(proc)
        return port
    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def _get(port, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("Content-Type"), body


def test_serves_page_schema_trace_and_kernel_sources(tmp_path, page, ids, server):
    trace = tmp_path / "run.bin"
    trace.write_bytes(encode_record(ids["frame_alloc"], 0, 10, [0x200000, 1]))
    port = server(trace, "--page", page)
    assert _get(port, "/") == (200, "text/html; charset=utf-8", PAGE.encode())
    status, kind, body = _get(port, "/schema.json")
    assert status == 200 and kind == "application/json"
    assert json.loads(body) == json.loads(json.dumps(build_schema()))
    assert _get(port, "/trace.bin?x=1")[::2] == (200, trace.read_bytes())
    assert _get(port, "/live")[::2] == (200, trace.read_bytes())  # a file: all of it, then the end
    trace.write_bytes(trace.read_bytes() * 2)  # read at each request: a new `make run` shows
    assert _get(port, "/trace.bin")[2] == trace.read_bytes()
    status, kind, body = _get(port, "/kernel/trace_events.h")
    assert status == 200 and kind.startswith("text/plain") and b"TRACE_EVENT_LIST" in body
    for path in ("/kernel/../Makefile", "/kernel/%2e%2e/Makefile", "/kernel/no_such.c", "/kernel/",
                 "/grading/grade.py", "/nope"):
        assert _get(port, path)[0] == 404, path
    assert _get(port, "/", method="POST")[0] == 501


def test_live_bytes_reach_the_page_within_a_second(tmp_path, page, ids, server):
    sock_path, capture = tmp_path / "live.sock", tmp_path / "run-trace.bin"
    port = server("--live", sock_path, "--capture", capture, "--page", page)
    qemu = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # stands in for QEMU's debugcon
    qemu.connect(str(sock_path))
    first = encode_record(ids["frame_alloc"], 0, 10, [0x200000, 1])
    qemu.sendall(first)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/live")
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("Transfer-Encoding") == "chunked"
    assert response.read1(65536) == first  # what was there before the page asked
    second = encode_record(ids["frame_alloc"], 1, 20, [0x201000, 2])
    sent = time.monotonic()
    qemu.sendall(second)
    got = b""
    while len(got) < len(second):
        got += response.read1(65536)
    assert got == second and time.monotonic() - sent < LIVE_BOUND
    assert _get(port, "/trace.bin")[2] == first + second
    qemu.close()  # QEMU stopped: the stream ends
    assert response.read() == b""
    conn.close()
    assert capture.read_bytes() == first + second
    assert len(decode_stream(capture.read_bytes()).records) == 2


def test_bad_setups_exit_2_with_a_clear_message(tmp_path, page, server):
    def run(*args):
        proc = subprocess.run([WRAPPER, "serve", *map(str, args)], capture_output=True, text=True, timeout=30)
        return proc.returncode, proc.stderr
    code, err = run(tmp_path / "none.bin", "--page", page, "--port", "0")
    assert code == 2 and "cannot read the trace" in err and "make run" in err
    code, err = run(tmp_path / "none.bin", "--page", tmp_path / "nopage.html", "--port", "0")
    assert code == 2 and "make viz-page" in err
    code, err = run("--page", page, "--port", "0")
    assert code == 2 and "TRACE file or --live" in err
    (tmp_path / "t.bin").write_bytes(b"")
    port = server(tmp_path / "t.bin", "--page", page)
    code, err = run(tmp_path / "t.bin", "--page", page, "--port", port)
    assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in err and "VIZ_PORT" in err
    code, err = run("--live", tmp_path / "no" / "dir" / "s.sock", "--page", page, "--port", "0")
    assert code == 2 and "cannot listen on" in err and "live trace" in err


def test_sigterm_stops_the_server_and_removes_its_socket(tmp_path, page):
    # make run VIZ=1 stops the server with SIGTERM when QEMU ends.
    sock_path = tmp_path / "live.sock"
    proc, port = _start("--live", sock_path, "--page", page)
    try:
        assert sock_path.is_socket() and _get(port, "/")[0] == 200
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert not sock_path.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
