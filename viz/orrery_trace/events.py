"""Event definitions for the Orrery trace stream, read from kernel/trace_events.h.

The kernel's X-macro header is the single source of truth: this module parses its
TRACE_EVENT(...) lines and its names tables (e.g. BOOT_PHASE_LIST) with regular
expressions, so no event id or name is ever written down in Python.
"""

import functools
import re
from pathlib import Path

#: Where the header lives relative to this package (viz/orrery_trace -> kernel/).
DEFAULT_HEADER = Path(__file__).resolve().parent.parent.parent / "kernel" / "trace_events.h"

#: Keys a decoded record has of its own; a header field of the same name is renamed arg_<name>.
RESERVED_KEYS = ("seq", "ts", "type", "line")

_NUMBER = r"(0[xX][0-9a-fA-F]+|\d+)"
_FIELD = r'"([A-Za-z0-9_]*)"'
_EVENT_RE = re.compile(
    r"\bTRACE_EVENT\(\s*([A-Za-z_]\w*)\s*,\s*" + _NUMBER
    + r"\s*,\s*" + r"\s*,\s*".join([_FIELD] * 4) + r"\s*\)"
)
_LIST_RE = re.compile(r"#\s*define\s+([A-Z][A-Z0-9_]*)_LIST\(\s*([A-Z][A-Z0-9_]*)\s*\)")


class HeaderError(ValueError):
    """The trace event header is missing or cannot be parsed."""


class TraceEvents:
    """Parsed contents of trace_events.h.

    Attributes:
        events: {id: (name, [field names])}, "" fields dropped.
        slots: {id: [(argument index 0-3, field name), ...]}, where each field sits.
        tables: {table macro name: {id: name}}, e.g. tables["BOOT_PHASE"].
        phases: the BOOT_PHASE table {id: name} ({} if the header has none).
        mirrors: {table macro name: {C enum constant: id}} for tables whose entries name
            the kernel constant they mirror (`OBJECT_TYPE(task, 1, OBJECT_TASK)`).
        path: the header file that was read.
    """

    def __init__(self, slots, names, tables, path, mirrors=None):
        self.slots = slots
        self.mirrors = mirrors or {}
        self.events = {i: (names[i], [f for _, f in slots[i]]) for i in slots}
        self.tables = tables
        self.phases = tables.get("BOOT_PHASE", {})
        self.path = path
        self.ids = {name: event_id for event_id, name in names.items()}
        self._check_fields()

    def table_for(self, field):
        """Return (record key, table macro name) for a field, e.g. "phase_name" ->
        ("phase", "BOOT_PHASE"); (key, None) for a field that is not a "_name" field.
        A field that would clash with a RESERVED_KEYS key gets "arg_" in front
        (mmap_entry's "type" becomes "arg_type")."""
        if not field.endswith("_name"):
            return ("arg_" + field if field in RESERVED_KEYS else field), None
        prefix = field[: -len("_name")]
        want = prefix.upper()
        found = [t for t in self.tables if t == want or t.endswith("_" + want)]
        if len(found) != 1:
            raise HeaderError(
                f"{self.path}: field {field!r} needs exactly one names table "
                f"named {want} or *_{want}, found {found or 'none'}"
            )
        return ("arg_" + prefix if prefix in RESERVED_KEYS else prefix), found[0]

    def _check_fields(self):
        for _, fields in self.events.values():
            for field in fields:
                self.table_for(field)  # raises if a "_name" field has no table

    def decode_args(self, type_id, args):
        """Turn an event's four raw arguments into {field key: value}.

        Returns (fields, problems): problems lists "_name" arguments whose index is not in
        their names table (those keep the raw integer). Raises KeyError for an unknown id.
        """
        name = self.events[type_id][0]
        fields, problems = {}, []
        for index, field in self.slots[type_id]:
            value = args[index]
            if field == TEXT_FIELD:  # four characters, joined with the others into "name"
                chunk = int(value).to_bytes(4, "little").split(b"\0", 1)[0]
                fields["name"] = fields.get("name", "") + chunk.decode("ascii", "replace")
                continue
            key, table = self.table_for(field)
            if table is not None:
                if value in self.tables[table]:
                    value = self.tables[table][value]
                else:
                    problems.append(f"{name}: {field} {value} is not in {table}_LIST")
            fields[key] = value
        return fields, problems


#: A field holding four characters of a name (see kernel/trace_events.h).
TEXT_FIELD = "name_text"


def parse_header(text, path="<header>"):
    """Parse the text of a trace_events.h into a TraceEvents; HeaderError if malformed."""
    macros = {}  # entry macro (e.g. BOOT_PHASE) -> table name
    for m in _LIST_RE.finditer(text):
        macros[m.group(2)] = m.group(1)
    if "TRACE_EVENT" not in macros:
        raise HeaderError(f"{path}: no '#define TRACE_EVENT_LIST(TRACE_EVENT)' found")
    slots, names, tables = {}, {}, {m: {} for m in macros if m != "TRACE_EVENT"}
    mirrors = {}  # table name -> {C enum constant: id}, for entries that name one
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(("*", "/*", "//", "#")):
            continue
        for macro in macros:
            if not re.search(r"\b" + macro + r"\s*\(", stripped):
                continue
            where = f"{path}:{lineno}"
            if macro == "TRACE_EVENT":
                m = _EVENT_RE.search(stripped)
                if not m:
                    raise HeaderError(f"{where}: cannot parse TRACE_EVENT line: {stripped}")
                name, event_id = m.group(1), int(m.group(2), 0)
                _add(names, event_id, name, name, list(names.values()), where)
                slots[event_id] = [(i, f) for i, f in enumerate(m.group(3, 4, 5, 6)) if f]
            else:
                m = re.search(r"\b" + macro + r"\(\s*([A-Za-z_]\w*)\s*,\s*" + _NUMBER
                              + r"\s*(?:,\s*([A-Za-z_]\w*)\s*)?\)", stripped)
                if not m:
                    raise HeaderError(f"{where}: cannot parse {macro} line: {stripped}")
                table = tables[macro]
                _add(table, int(m.group(2), 0), m.group(1), m.group(1), list(table.values()), where)
                if m.group(3):
                    mirrors.setdefault(macros[macro], {})[m.group(3)] = int(m.group(2), 0)
    if not names:
        raise HeaderError(f"{path}: TRACE_EVENT_LIST has no events")
    return TraceEvents(slots, names, tables, path, mirrors)


def _add(table, key, value, name, names, where):
    """Insert into a table, refusing duplicate ids or names."""
    if key in table:
        raise HeaderError(f"{where}: duplicate id {key} ({name})")
    if name in names:
        raise HeaderError(f"{where}: duplicate name {name}")
    table[key] = value


@functools.lru_cache(maxsize=8)
def _load_cached(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise HeaderError(f"cannot read trace event header {path}: {e.strerror or e}") from e
    return parse_header(text, path)


def load_events(path=None):
    """Read and parse trace_events.h (default: DEFAULT_HEADER) into a TraceEvents."""
    return _load_cached(str(Path(path) if path is not None else DEFAULT_HEADER))
