"""docs/syscalls.md and the ABI headers agree.

The system-call table in docs/syscalls.md is the contract user programs are written against;
kernel/abi/syscalls.h (SYSCALL_LIST) and kernel/abi/errors.h are what the kernel is built
from. These tests fail when the two drift apart: a call added to the header but not to the
table (or the other way round), a renumbered or reordered call, a changed argument count, an
error code the table names that does not exist, an error code nobody explains, or a trace
event or right that is not in the kernel's lists.
"""

import re

import pytest

from grading.harness.qemu import REPO

SYSCALLS_H = REPO / "kernel" / "abi" / "syscalls.h"
ERRORS_H = REPO / "kernel" / "abi" / "errors.h"
TRACE_EVENTS_H = REPO / "kernel" / "trace_events.h"
SYSCALLS_MD = REPO / "docs" / "syscalls.md"

CALL_TABLE_HEADER = "| # | call | arguments | rights needed | returns | errors | trace events |"
ERROR_TABLE_HEADER = "| code | value | meaning |"
ERR_NAME = re.compile(r"\bERR_[A-Z_]+\b")


# --- Reading the headers -------------------------------------------------------------------


def syscall_list():
    """[(name, number, argument count)] from SYSCALL_LIST, in the header's order."""
    return [(name, number, args) for name, number, args, _ in syscall_list_with_names()]


def syscall_list_with_names():
    """[(name, number, argument count, [argument names])] from SYSCALL_LIST."""
    text = SYSCALLS_H.read_text()
    match = re.search(r"#define\s+SYSCALL_LIST\(\w+\)((?:[^\n]*\\\n)*[^\n]*)", text)
    assert match, f"{SYSCALLS_H.relative_to(REPO)}: no '#define SYSCALL_LIST(...)' found"
    entries = re.findall(r"SYSCALL\(\s*(\w+)\s*,\s*(\d+)\s*,\s*(\d+)\s*((?:,\s*\w+\s*)*)\)",
                         match.group(1))
    assert entries, "SYSCALL_LIST has no SYSCALL(name, number, args, names...) entries"
    return [(name, int(number), int(args), re.findall(r"\w+", names))
            for name, number, args, names in entries]


def error_codes():
    """{ERR_NAME: value} from errors.h."""
    codes = re.findall(r"#define\s+(ERR_[A-Z_]+)\s+\(?\s*(-?\d+)\s*\)?", ERRORS_H.read_text())
    assert codes, f"{ERRORS_H.relative_to(REPO)}: no ERR_* definitions found"
    return {name: int(value) for name, value in codes}


def trace_event_names():
    return set(re.findall(r"TRACE_EVENT\(\s*(\w+)\s*,\s*\d+", TRACE_EVENTS_H.read_text()))


def right_names():
    return set(re.findall(r"#define\s+(RIGHT_[A-Z_]+|RIGHTS_ALL)\b", SYSCALLS_H.read_text()))


# --- Reading the page ----------------------------------------------------------------------


def split_row(line):
    """The cells of a Markdown table row ('\\|' is a literal bar inside a cell)."""
    cells = re.split(r"(?<!\\)\|", line.strip())
    return [cell.strip() for cell in cells[1:-1]]


def table_after(header):
    """The rows (lists of cells) of the table whose header line is exactly @header."""
    lines = SYSCALLS_MD.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == header]
    assert len(starts) == 1, (
        f"docs/syscalls.md should have exactly one table headed\n  {header}\n"
        f"found {len(starts)}")
    rows = []
    for line in lines[starts[0] + 2:]:  # skip the header and the |---| line
        if not line.strip().startswith("|"):
            break
        rows.append(split_row(line))
    width = len(split_row(header))
    for row in rows:
        assert len(row) == width, f"a row of the table has {len(row)} cells, not {width}: {row}"
    return rows


def unquote(cell):
    return cell.strip().strip("`").strip()


def backticked(cell):
    return re.findall(r"`([^`]+)`", cell)


@pytest.fixture(scope="module")
def calls():
    return syscall_list()


@pytest.fixture(scope="module")
def call_rows():
    return table_after(CALL_TABLE_HEADER)


# --- The call table ------------------------------------------------------------------------


def test_every_call_has_exactly_one_row(calls, call_rows):
    documented = [unquote(row[1]) for row in call_rows]
    for name, number, _ in calls:
        count = documented.count(name)
        assert count == 1, (
            f"system call {name} (number {number}) appears {count} times in the table of "
            "docs/syscalls.md; every call in SYSCALL_LIST needs exactly one row")
    unknown = sorted(set(documented) - {name for name, _, _ in calls})
    assert not unknown, f"docs/syscalls.md documents calls that SYSCALL_LIST lacks: {unknown}"


def test_rows_are_in_syscall_list_order_with_the_right_numbers(calls, call_rows):
    expected = [(str(number), name) for name, number, _ in calls]
    seen = [(row[0], unquote(row[1])) for row in call_rows]
    assert seen == expected, (
        "the table in docs/syscalls.md must list the calls in SYSCALL_LIST order with their "
        f"numbers\nexpected {expected}\nseen     {seen}")


def test_argument_counts_match_the_header(calls, call_rows):
    documented = {unquote(row[1]): row[2] for row in call_rows}
    for name, _, args in calls:
        cell = documented.get(name)
        if cell is None:
            continue  # reported by test_every_call_has_exactly_one_row
        listed = backticked(cell)
        assert len(listed) == args, (
            f"{name} takes {args} arguments in SYSCALL_LIST, but its arguments cell "
            f"'{cell}' names {len(listed)} (write each argument as `name`, or 'none')")


def test_argument_names_match_the_header(call_rows):
    """The arguments cell names SYSCALL_LIST's arguments, in its order; and the list gives
    as many names as its argument count says."""
    documented = {unquote(row[1]): row[2] for row in call_rows}
    for name, _, args, names in syscall_list_with_names():
        assert len(names) == args, (
            f"SYSCALL_LIST: {name} says {args} arguments but names {len(names)}: {names}")
        cell = documented.get(name)
        if cell is None:
            continue  # reported by test_every_call_has_exactly_one_row
        assert backticked(cell) == names, (
            f"{name}: docs/syscalls.md names its arguments {backticked(cell)}, SYSCALL_LIST "
            f"names them {names}")


def test_every_cell_is_filled(call_rows):
    columns = split_row(CALL_TABLE_HEADER)
    for row in call_rows:
        for column, cell in zip(columns, row):
            assert cell, f"call {unquote(row[1])}: the '{column}' cell is empty (write 'none' if so)"


def test_every_error_named_in_the_table_exists(call_rows):
    defined = error_codes()
    for row in call_rows:
        for name in ERR_NAME.findall(" ".join(row)):
            assert name in defined, (
                f"call {unquote(row[1])} names {name}, which kernel/abi/errors.h does not define")


def test_every_call_is_traced_on_entry(call_rows):
    for row in call_rows:
        assert "`syscall_entry`" in row[6], (
            f"call {unquote(row[1])}: every call emits syscall_entry; its trace events cell says "
            f"'{row[6]}'")


def test_every_trace_event_named_exists(call_rows):
    events = trace_event_names()
    assert events, "no TRACE_EVENT(...) lines found in kernel/trace_events.h"
    for row in call_rows:
        for name in backticked(row[6]):
            assert name in events, (
                f"call {unquote(row[1])} lists trace event '{name}', which kernel/trace_events.h "
                "does not define")


def test_every_right_named_exists(call_rows):
    rights = right_names()
    for row in call_rows:
        for name in re.findall(r"\bRIGHTS?_[A-Z_]+\b", row[3]):
            assert name in rights, (
                f"call {unquote(row[1])} needs '{name}', which kernel/abi/syscalls.h does not define")


def test_every_call_has_a_section(calls):
    headings = [line for line in SYSCALLS_MD.read_text().splitlines() if line.startswith("#")]
    for name, number, _ in calls:
        pattern = re.compile(rf"^#+ `{re.escape(name)}\b.*\({number}\)\s*$")
        assert any(pattern.match(h) for h in headings), (
            f"docs/syscalls.md needs a section for {name}, headed like "
            f"'### `{name}(...)` ({number})'")


# --- The error table -----------------------------------------------------------------------


def test_every_error_code_is_explained_with_its_value():
    rows = {unquote(row[0]): row for row in table_after(ERROR_TABLE_HEADER)}
    for name, value in error_codes().items():
        assert name in rows, (
            f"{name} is defined in kernel/abi/errors.h but not explained in the error table "
            "of docs/syscalls.md")
        assert rows[name][1] == str(value), (
            f"{name} is {value} in kernel/abi/errors.h but {rows[name][1]} in docs/syscalls.md")
        assert len(rows[name][2]) > 10, f"{name}: the error table needs a real explanation"
    unknown = sorted(set(rows) - set(error_codes()))
    assert not unknown, f"the error table explains codes errors.h does not define: {unknown}"


# --- The list itself ----------------------------------------------------------------------


def test_call_numbers_are_0_to_n_minus_1(calls):
    # syscall_dispatch() indexes a table by number and calls what it finds: a gap would be a
    # NULL handler the kernel jumps to.
    numbers = [number for _, number, _ in calls]
    assert numbers == list(range(len(calls))), (
        f"SYSCALL_LIST numbers must run 0, 1, 2, ... without gaps, in order; seen {numbers}")
    assert all(args <= 5 for _, _, args in calls), "a call has at most five arguments"
