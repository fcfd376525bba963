"""Command line for the Orrery trace decoder: `python3 -m orrery_trace` or viz/orrery-trace.

    orrery-trace decode   [INPUT] [-o OUTPUT] [--lenient] [--text FILE]   -> JSON lines
    orrery-trace perfetto [INPUT] [-o OUTPUT] [--lenient]                 -> Chrome trace JSON
    orrery-trace messages [INPUT] [-o OUTPUT] [--lenient]                 -> sender -> receiver lines
    orrery-trace schema   [-o OUTPUT]                                     -> the visualizer's schema JSON
    orrery-trace html     TRACE -o FILE.html [--diff OTHER] [--lenient]   -> one self-contained page
    orrery-trace serve    [TRACE] [--live SOCKET] [--port N]              -> the page on 127.0.0.1 (make viz)

INPUT and OUTPUT default to '-' (stdin / stdout). A damaged stream, an unreadable file or a
page not yet built (`make viz-page`) prints 'orrery-trace: error: ...' and exits 2.
"""

import argparse
import json
import os
import sys

from . import html, serve
from .decode import decode_stream
from .events import HeaderError, load_events
from .kernel_headers import HeaderConstantError
from .messages import pair_messages
from .perfetto import to_chrome_trace
from .schema import build_schema

PROG = "orrery-trace"
EXIT_ERROR = 2


class CliError(Exception):
    """A problem reported as 'orrery-trace: error: ...' with exit status 2."""


def _parser():
    parser = argparse.ArgumentParser(prog=PROG, description="Decode the Orrery kernel trace stream.")
    parser.add_argument("--header", help="trace_events.h to use (default: the kernel's)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, what in (("decode", "write one JSON record per line"),
                       ("perfetto", "write Chrome/Perfetto trace-event JSON"),
                       ("messages", "list every IPC message: sender -> receiver, one per line")):
        p = sub.add_parser(name, help=what)
        p.add_argument("input", nargs="?", default="-", help="raw trace capture (default: stdin)")
        p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
        p.add_argument("--lenient", action="store_true",
                       help="skip damaged frames with a warning instead of failing")
        if name == "decode":
            p.add_argument("--text", metavar="FILE", help="also write the bytes between frames here")
    p = sub.add_parser("schema", help="write the visualizer's schema (events, tables, constants, sites)")
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p = sub.add_parser("html", help="write one self-contained HTML page with the trace inside")
    p.add_argument("input", help="raw trace capture")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.add_argument("--diff", metavar="OTHER", help="a second capture to compare against (diff view)")
    p.add_argument("--lenient", action="store_true",
                   help="accept damaged frames (the page skips them with a warning)")
    p.add_argument("--page", help="the built page (default: $ORRERY_VIZ_PAGE or build/viz/page/index.html)")
    serve.add_arguments(sub.add_parser("serve", help="serve the page, schema, trace and live stream on 127.0.0.1"))
    return parser


def _read(path):
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}") from e


def _write(path, text):
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from e


def _message_lines(records):
    """`orrery-trace messages`: a line per message received, then the records left unpaired."""
    log = pair_messages(records)
    lines = [f"msg {m.msg}: thread {m.sender} -> thread {m.receiver} "
             f"({m.kind}, {m.received['ts'] - m.sent['ts']} instructions)\n"
             for m in log.messages if m.received is not None]
    unpaired = (log.unsent_receives + log.repeated_receives + log.repeated_sends
                + [m.sent for m in log.unreceived()])
    lines += [f"unmatched {r['type']} msg {r['msg']} (thread {r['thread']})\n" for r in unpaired]
    return lines


def _checked_trace(path, lenient, events):
    """(name, bytes, damaged) of a capture for the page, after checking it decodes
    (strictly unless lenient: then at least one record must be there)."""
    data = _read(path)
    try:
        result = decode_stream(data, strict=not lenient, events=events)
    except ValueError as e:
        raise CliError(f"{path}: not a clean Orrery trace: {e} (--lenient accepts damaged frames)") from e
    if not result.records:
        raise CliError(f"{path}: no trace records in it ({len(data)} bytes): is it an Orrery trace capture?")
    for warning in result.warnings:
        print(f"{PROG}: warning: {path}: {warning}", file=sys.stderr)
    return os.path.basename(path), data, bool(result.warnings)


def _html(args, events):
    page = _page_text(args.page)
    trace = _checked_trace(args.input, args.lenient, events)
    diff = _checked_trace(args.diff, args.lenient, events) if args.diff else None
    _write(args.output, html.embed(page, build_schema(args.header), trace, diff))


def _page_text(page):
    try:
        return html.read_page(page)
    except html.PageMissing as e:
        raise CliError(str(e)) from e


def run(args):
    """Carry out one parsed command; raises CliError or ValueError on failure."""
    events = load_events(args.header)
    if args.command == "schema":
        _write(args.output, json.dumps(build_schema(args.header), indent=1) + "\n")
        return
    if args.command == "html":
        _html(args, events)
        return
    if args.command == "serve":
        _page_text(args.page)  # fail now, not at the first request
        serve.run(args, build_schema(args.header))
        return
    result = decode_stream(_read(args.input), strict=not args.lenient, events=events)
    for warning in result.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    if args.command == "decode":
        _write(args.output, "".join(json.dumps(r) + "\n" for r in result.records))
        if args.text:
            _write(args.text, result.text)
    elif args.command == "messages":
        _write(args.output, "".join(_message_lines(result.records)))
    else:
        _write(args.output, json.dumps(to_chrome_trace(result.records), indent=1) + "\n")


def main(argv=None):
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        run(args)
    except (CliError, HeaderError, HeaderConstantError, ValueError, serve.ServeError) as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    return 0
