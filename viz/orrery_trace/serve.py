"""The visualizer's local web server (`make viz`, `make run VIZ=1`): Python's standard
library only, listening on 127.0.0.1 and nowhere else.

    /, /index.html   the built page (build/viz/page/index.html, read at each request)
    /schema.json     the schema of this kernel (schema.py)
    /trace.bin       the raw capture: the trace file, or in live mode everything so far
    /live            the raw capture as a chunked response: what is there now, then new
                     bytes as the kernel writes them, until the kernel's side closes
    /kernel/PATH     a kernel source file, read-only, for the page's source links

Live mode (--live SOCKET): the server listens on a unix socket that QEMU's debug console
connects to (-debugcon unix:SOCKET), keeps the whole capture in memory, appends it to
--capture FILE as it comes, and hands every byte to each /live reader.
"""

import json
import os
import signal
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .html import REPO, page_path

HOST = "127.0.0.1"
DEFAULT_PORT = 8040
#: Kernel files /kernel/ hands out (sources and headers only).
SOURCE_SUFFIXES = (".c", ".h", ".S", ".ld")
#: Bytes read from the live socket at a time.
READ_CHUNK = 65536
#: How long a /live reader waits for new bytes before checking its connection again (s).
LIVE_POLL = 0.5


class ServeError(Exception):
    """The server cannot start (port taken, socket path unusable, trace unreadable)."""


def add_arguments(parser):
    """The `orrery-trace serve` options."""
    parser.add_argument("input", nargs="?", help="raw trace capture to serve (not with --live)")
    parser.add_argument("--live", metavar="SOCKET", help="listen here for QEMU's debug console (live mode)")
    parser.add_argument("--capture", metavar="FILE", help="live mode: also write the capture to FILE")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on {HOST} (default {DEFAULT_PORT}; 0: any free one)")
    parser.add_argument("--page", help="the built page (default: $ORRERY_VIZ_PAGE or build/viz/page/index.html)")


class Capture:
    """The trace bytes the server hands out: growing in live mode, then done."""

    def __init__(self, data=b"", done=False):
        self._data = bytearray(data)
        self._done = done
        self._changed = threading.Condition()

    def append(self, chunk):
        with self._changed:
            self._data += chunk
            self._changed.notify_all()

    def finish(self):
        with self._changed:
            self._done = True
            self._changed.notify_all()

    def snapshot(self):
        with self._changed:
            return bytes(self._data)

    def after(self, offset, timeout):
        """(bytes past *offset*, done): waits up to *timeout* s while there are none and not done."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._data) > offset or self._done, timeout)
            return bytes(self._data[offset:]), self._done


class LiveSource(threading.Thread):
    """Accepts QEMU's debug console on a unix socket and feeds a Capture (and a file)."""

    def __init__(self, path, capture, capture_file=None):
        super().__init__(daemon=True, name="orrery-live")
        self.path, self.capture = Path(path), capture
        self.file = None
        try:
            if self.path.is_socket():
                self.path.unlink()  # a stale one from an earlier run
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.listener.bind(str(self.path))
            self.listener.listen(1)
            if capture_file:
                self.file = open(capture_file, "wb")
        except OSError as e:
            raise ServeError(f"cannot listen on {path} for the live trace: {e.strerror or e}") from e

    def run(self):
        try:
            connection, _ = self.listener.accept()
            with connection:
                while chunk := connection.recv(READ_CHUNK):
                    if self.file:
                        self.file.write(chunk)
                        self.file.flush()
                    self.capture.append(chunk)
        except OSError as e:
            print(f"orrery viz: live trace stopped: {e.strerror or e}", file=sys.stderr)
        finally:
            self.capture.finish()
            if self.file:
                self.file.close()


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the routes in the module docstring; everything else is refused."""

    protocol_version = "HTTP/1.1"
    server_version = "OrreryViz"
    #: Set on the class made by make_server: the page path, schema bytes, trace file or capture.
    page = schema = trace_file = capture = None

    def log_message(self, format, *args):  # the terminal belongs to the serial console
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head=False):
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            self._file(self.page, "text/html; charset=utf-8", head)
        elif path == "/schema.json":
            self._send(self.schema, "application/json", head)
        elif path == "/trace.bin":
            if self.capture is not None:
                self._send(self.capture.snapshot(), "application/octet-stream", head)
            else:
                self._file(self.trace_file, "application/octet-stream", head)
        elif path == "/live":
            self._live(head)
        elif path.startswith("/kernel/"):
            self._source(path[1:], head)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no {path} here")

    def _send(self, body, content_type, head=False, status=HTTPStatus.OK):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _error(self, status, message):
        self._send((message + "\n").encode(), "text/plain; charset=utf-8", status=status)

    def _file(self, path, content_type, head):
        try:
            body = Path(path).read_bytes()
        except OSError as e:
            self._error(HTTPStatus.NOT_FOUND, f"cannot read {path}: {e.strerror or e}")
            return
        self._send(body, content_type, head)

    def _source(self, relative, head):
        kernel = (REPO / "kernel").resolve()
        target = (REPO / relative).resolve()
        if not target.is_relative_to(kernel) or target.suffix not in SOURCE_SUFFIXES or not target.is_file():
            self._error(HTTPStatus.NOT_FOUND, f"no kernel source /{relative}")
            return
        self._file(target, "text/plain; charset=utf-8", head)

    def _live(self, head):
        capture = self.capture
        if capture is None:  # serving a file: it is all there is
            capture = Capture(self._trace_bytes(), done=True)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if head:
            return
        offset = 0
        try:
            while True:
                chunk, done = capture.after(offset, LIVE_POLL)
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    offset += len(chunk)
                elif done:
                    break
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the page went away
            self.close_connection = True

    def _trace_bytes(self):
        try:
            return Path(self.trace_file).read_bytes()
        except OSError:
            return b""


def _stop(signum, frame):
    raise KeyboardInterrupt


def make_server(port, page, schema, trace_file=None, capture=None):
    """A ThreadingHTTPServer on 127.0.0.1:*port* serving *page*, *schema* (a dict) and the
    trace (a file path, or a live Capture)."""
    handler = type("OrreryHandler", (Handler,), {
        "page": page, "schema": (json.dumps(schema) + "\n").encode(),
        "trace_file": trace_file, "capture": capture})
    ThreadingHTTPServer.daemon_threads = True
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except OSError as e:
        raise ServeError(f"cannot listen on {HOST}:{port}: {e.strerror or e} "
                         "(is another `make viz` running? VIZ_PORT=N picks another port)") from e


def run(args, schema):
    """`orrery-trace serve`: start the server and serve until interrupted."""
    if bool(args.input) == bool(args.live):
        raise ServeError("serve needs a TRACE file or --live SOCKET (one of them)")
    if args.input and not os.access(args.input, os.R_OK):
        raise ServeError(f"cannot read the trace {args.input} (`make run` writes build/run-trace.bin; "
                         "TRACE_FILE=FILE names another)")
    capture = Capture() if args.live else None
    server = make_server(args.port, page_path(args.page), schema, args.input, capture)
    if args.live:  # after the port: once the socket is there, the page can be served too
        try:
            LiveSource(args.live, capture, args.capture).start()
        except ServeError:
            server.server_close()
            raise
    host, port = server.server_address[:2]
    what = f"live from {args.live}" if args.live else args.input
    query = "?live=1" if args.live else ""
    print(f"orrery viz: http://{host}:{port}/{query}  (trace: {what}; Ctrl-C stops)", flush=True)
    signal.signal(signal.SIGTERM, _stop)  # make run VIZ=1 stops it so: clean up as for Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if args.live:
            Path(args.live).unlink(missing_ok=True)
