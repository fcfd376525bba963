"""Constants of the kernel, read from its C headers, so that host code never copies one.

    header_value("types.h", "PAGE_SIZE")       -> 4096  (#define PAGE_SIZE 4096u)
    header_value("thread.h", "EXIT_CALLED")    -> 1     (EXIT_CALLED = 1, in an enum)
    header_enum("sched.h", "switch_reason")    -> {"SWITCH_YIELD": 1, "SWITCH_PREEMPT": 2, ...}

Headers are named relative to kernel/. Only plain numbers are understood (decimal or hex,
with an optional u suffix, optionally negative and in parentheses); anything else raises
HeaderConstantError, so a constant that becomes an expression is noticed, not misread.
(The trace events have their own reader, events.py; the GDB commands get theirs from the
build, kernel/gdb/orrery_constants.py.in.)
"""

from __future__ import annotations

import re
from pathlib import Path

#: The kernel's source folder (viz/orrery_trace -> kernel/).
KERNEL_DIR = Path(__file__).resolve().parent.parent.parent / "kernel"

_NUMBER = r"\(?\s*(-?\s*(?:0[xX][0-9a-fA-F]+|\d+))[uU]?\s*\)?"


class HeaderConstantError(LookupError):
    """The header has no such constant, or its value is not a plain number."""


def _read(header: str) -> str:
    path = KERNEL_DIR / header
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise HeaderConstantError(f"cannot read {path}: {error.strerror or error}") from error
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.DOTALL)  # comments out


def _number(text: str) -> int:
    return int(text.replace(" ", ""), 0)


def header_value(header: str, name: str) -> int:
    """The value of *name* in kernel/*header*: a ``#define NAME number`` or an enumerator
    (an enumerator without ``= number`` counts on from the one before it)."""
    text = _read(header)
    define = re.search(rf"^\s*#\s*define\s+{name}\s+{_NUMBER}\s*$", text, re.MULTILINE)
    if define:
        return _number(define.group(1))
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", text):
        if re.search(rf"\b{name}\b", body):
            values = _enumerators(body, header)
            if name in values:
                return values[name]
    raise HeaderConstantError(f"kernel/{header} defines no {name} as a number (#define or enum)")


def header_enum(header: str, enum: str) -> dict[str, int]:
    """The enumerators of ``enum ENUM { ... }`` in kernel/*header*, {name: value} in order."""
    match = re.search(rf"\benum\s+{enum}\s*\{{([^}}]*)\}}", _read(header))
    if not match:
        raise HeaderConstantError(f"kernel/{header} has no enum {enum}")
    return _enumerators(match.group(1), header)


def _enumerators(body: str, header: str) -> dict[str, int]:
    values, following = {}, 0
    for item in filter(None, (part.strip() for part in body.split(","))):
        m = re.fullmatch(rf"([A-Za-z_]\w*)(?:\s*=\s*{_NUMBER})?", item)
        if not m:
            raise HeaderConstantError(f"kernel/{header}: cannot read the enumerator {item!r}")
        value = _number(m.group(2)) if m.group(2) is not None else following
        values[m.group(1)] = value
        following = value + 1
    return values


def header_defines(header: str, prefix: str) -> dict[str, int]:
    """Every ``#define PREFIX... number`` in kernel/*header*, {name: value} in file order.

    Function-like macros and defines whose value is an expression are left out (they are
    not constants the host can copy); at least one must match, else HeaderConstantError."""
    found = {name: _number(value) for name, value in re.findall(
        rf"^\s*#\s*define\s+({re.escape(prefix)}\w*)\s+{_NUMBER}\s*$", _read(header), re.MULTILINE)}
    if not found:
        raise HeaderConstantError(f"kernel/{header} defines no {prefix}* constant as a number")
    return found


def header_text(header: str) -> str:
    """The text of kernel/*header* with its comments blanked out (HeaderConstantError if unreadable)."""
    return _read(header)
