"""Where each trace record comes from: the kernel's trace points, found in its sources.

Every record carries the source line of its TRACE call in its `line` field (kernel/trace.h
puts __LINE__ in the record's flags). This module scans the C and assembly sources that
make up the kernel (kernel/, and the lab solutions in solutions/ that a build links in;
not kernel/tests, whose programs run in user mode) for `TRACE(event, ...)` and builds the
table (event, line) -> file and function:

    sites = load_sites()        # [{"event": "ipc_send", "line": 81, "file": "kernel/sys_ipc.c",
                                #   "function": "do_send"}, ...]
    site = site_of(record, index_sites(sites))

Two trace points of the same event on the same line number in different files would make a
record's site ambiguous: load_sites() refuses that (SiteError), and so does a TRACE call
whose event name is not in kernel/trace_events.h. `orrery-trace schema` puts the table in
the schema the visualizer's page reads.
"""

from __future__ import annotations

import re
from pathlib import Path

from .events import load_events

#: The repository (viz/orrery_trace -> the checkout).
REPO = Path(__file__).resolve().parent.parent.parent
#: Folders scanned, relative to the repository, and the ones skipped inside them.
SOURCE_DIRS = ("kernel", "solutions")
SKIPPED_DIRS = {"tests"}
SUFFIXES = (".c", ".S", ".h")

_TRACE_CALL = re.compile(r"\bTRACE\(\s*([A-Za-z_]\w*)\s*,")
#: A function definition starts at column 0: `type name(` (the name is the last identifier
#: before the first parenthesis), or a macro-made one such as `KTEST(name)`.
_DEFINITION = re.compile(r"^(?!#|typedef\b|enum\b|_Static_assert\b)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\(")
_ATTRIBUTE = re.compile(r"__attribute__\s*\(\(.*?\)\)\s*")
_MACRO_DEFINITION = re.compile(r"^([A-Z][A-Z0-9_]*)\(\s*([A-Za-z_]\w*)\s*\)\s*$")


class SiteError(ValueError):
    """The trace points cannot be told apart by (event, line), or one names no event."""


def _without_comments(text: str) -> str:
    """The text with comments blanked out, every newline kept (line numbers stay)."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))
    return re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"", blank, text, flags=re.S)


def _functions(lines: list[str]) -> list[str | None]:
    """For each line, the function it is in (the last definition started at column 0)."""
    current, names = None, []
    for line in lines:
        line = _ATTRIBUTE.sub("", line)
        macro = _MACRO_DEFINITION.match(line)
        definition = _DEFINITION.match(line)
        if macro:
            current = macro.group(2)
        elif definition and (not line.rstrip().endswith(";") or "{" in line):
            current = definition.group(1)  # a declaration ends with ";" and has no body
        names.append(current)
    return names


def scan_file(path: Path, root: Path = REPO) -> list[dict]:
    """The trace points of one source file: [{event, line, file, function}]."""
    text = _without_comments(path.read_text(encoding="utf-8", errors="replace"))
    lines = text.splitlines()
    functions = _functions(lines)
    found = []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):  # the TRACE macro's own definition
            continue
        for match in _TRACE_CALL.finditer(line):
            found.append({"event": match.group(1), "line": number,
                          "file": path.relative_to(root).as_posix(),
                          "function": functions[number - 1] or "?"})
    return found


def source_files(root: Path = REPO) -> list[Path]:
    """The kernel's sources that may hold trace points, in a stable order."""
    files = []
    for folder in SOURCE_DIRS:
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                      and not SKIPPED_DIRS & set(p.relative_to(base).parts)]
    return sorted(files)


def load_sites(root: Path | str | None = None, events=None) -> list[dict]:
    """Every trace point of the kernel: a list of {"event", "line", "file", "function"}
    (file relative to *root*, the repository by default), ordered by event and line.
    Raises SiteError if two share an (event, line) or one names an event that
    kernel/trace_events.h does not list."""
    root = Path(root) if root is not None else REPO
    events = events or load_events(root / "kernel" / "trace_events.h")
    names = set(events.ids)
    sites, seen = [], {}
    for path in source_files(root):
        for site in scan_file(path, root):
            where = f"{site['file']}:{site['line']}"
            if site["event"] not in names:
                raise SiteError(f"{where}: TRACE({site['event']}, ...) names no event of "
                                "kernel/trace_events.h")
            key = (site["event"], site["line"])
            if key in seen:
                raise SiteError(f"{where} and {seen[key]} both trace {site['event']} on line "
                                f"{site['line']}: a record could come from either (move one of "
                                "them to another line)")
            seen[key] = where
            sites.append(site)
    return sorted(sites, key=lambda s: (s["event"], s["line"], s["file"]))


def index_sites(sites: list[dict]) -> dict[tuple[str, int], dict]:
    """{(event, line): site} of a load_sites() list."""
    return {(s["event"], s["line"]): s for s in sites}


def site_of(record: dict, index: dict[tuple[str, int], dict]) -> dict | None:
    """The trace point a decoded record came from, or None (a record the ring made itself,
    such as `lost`, has line 0)."""
    return index.get((record["type"], record.get("line", 0)))
