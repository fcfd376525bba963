"""The visualizer's schema: everything the page must know about this kernel's trace, read
from the kernel's own headers so that no event id or constant is written twice.

    build_schema() -> {"format": "orrery-trace-schema", "version": 1,
                       "events": {"22": {"name": "ipc_send", "fields": ["thread", "endpoint", "msg", "tag"]}, ...},
                       "tables": {"BOOT_PHASE": {"0": "entered_kmain", ...}, ...},
                       "constants": {"object_type": {"OBJECT_TASK": 1, ...}, ..., "syscalls": {"20": "send", ...}},
                       "sites": [{"event": "ipc_send", "line": 120, "file": "kernel/ipc.c", "function": "..."}, ...]}

The format is the Schema type of viz/web/src/trace/types.ts. Events keep their four raw
field names ("" for an unused argument); the page applies the Python decoder's naming rule
itself. Constants are {NAME: value} exactly as the header spells them, except `syscalls`,
which maps the number (a decimal string) to the call's name. `orrery-trace schema` writes it.
"""

import re

from . import kernel_headers
from .events import load_events
from .kernel_headers import HeaderConstantError, header_defines, header_enum, header_text

try:  # the site table (event, line) -> file, function; see sites.py
    from .sites import load_sites
except ImportError:  # pragma: no cover - until the kernel helper's sites.py is merged
    def load_sites():
        """No site table in this tree yet: the page shows no source links."""
        return []

FORMAT = "orrery-trace-schema"
VERSION = 1

#: Constant groups: name -> (header relative to kernel/, how to read it, enum name or prefix).
CONSTANT_GROUPS = {
    "object_type": ("abi/syscalls.h", "enum", "object_type"),
    "thread_exit_reason": ("thread.h", "enum", "thread_exit_reason"),
    "switch_reason": ("sched.h", "enum", "switch_reason"),
    "rights": ("abi/syscalls.h", "defines", "RIGHT_"),
    "ipc_tag": ("abi/message.h", "defines", "IPC_TAG_"),
}
#: Where SYSCALL_LIST lives.
SYSCALLS_HEADER = "abi/syscalls.h"

_SYSCALL_LIST_RE = re.compile(r"#\s*define\s+SYSCALL_LIST\(\s*\w+\s*\)((?:[^\n]*\\\n)*[^\n]*)")
_SYSCALL_RE = re.compile(r"\bSYSCALL\(\s*(\w+)\s*,\s*(\d+)\s*,")


def syscall_names():
    """{number as a decimal string: name} from SYSCALL_LIST in kernel/abi/syscalls.h."""
    match = _SYSCALL_LIST_RE.search(header_text(SYSCALLS_HEADER))
    entries = _SYSCALL_RE.findall(match.group(1)) if match else []
    if not entries:
        raise HeaderConstantError(f"kernel/{SYSCALLS_HEADER}: no SYSCALL_LIST(...) entries found")
    return {str(int(number)): name for name, number in entries}


def constants():
    """The constant groups the page's model needs (see CONSTANT_GROUPS), plus syscalls."""
    found = {}
    for group, (header, kind, what) in CONSTANT_GROUPS.items():
        found[group] = header_enum(header, what) if kind == "enum" else header_defines(header, what)
    found["syscalls"] = syscall_names()
    return found


def build_schema(header=None):
    """The schema of the kernel in kernel_headers.KERNEL_DIR; header: the trace_events.h to
    read (default: that kernel's). Raises HeaderError or HeaderConstantError when a header
    is missing or cannot be read."""
    events = load_events(header if header is not None else kernel_headers.KERNEL_DIR / "trace_events.h")
    return {
        "format": FORMAT,
        "version": VERSION,
        "events": {str(i): {"name": name, "fields": _raw_fields(events.slots[i])}
                   for i, (name, _) in sorted(events.events.items())},
        "tables": {table: {str(k): v for k, v in sorted(entries.items())}
                   for table, entries in events.tables.items()},
        "constants": constants(),
        "sites": list(load_sites()),
    }


def _raw_fields(slots):
    """The four field names of an event, "" for the unused ones."""
    fields = ["", "", "", ""]
    for index, name in slots:
        fields[index] = name
    return fields
