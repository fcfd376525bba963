"""The trace's names tables that mirror a kernel enum list every constant of it, with its value.

kernel/trace_events.h names object types and thread states for the decoders
(OBJECT_TYPE_LIST, THREAD_STATE_LIST). The kernel checks each listed entry against its
enum at compile time (TRACE_TABLE_ASSERT in object.c and thread.c); this test checks the
other direction, that no constant of the enum is missing from the table, so a new object
type or thread state cannot reach the trace unnamed.
"""

import pytest

from orrery_trace.events import load_events
from orrery_trace.kernel_headers import header_enum

MIRRORED = [("OBJECT_TYPE", "abi/syscalls.h", "object_type"),
            ("THREAD_STATE", "thread.h", "thread_state")]


@pytest.mark.parametrize("table, header, enum", MIRRORED)
def test_a_mirroring_table_lists_every_constant_of_its_enum(table, header, enum):
    events = load_events()
    assert table in events.tables, f"kernel/trace_events.h has no {table}_LIST"
    assert events.mirrors.get(table) == header_enum(header, enum), (
        f"{table}_LIST in kernel/trace_events.h must list every constant of enum {enum} "
        f"(kernel/{header}) with its value, as ENTRY(name, value, CONSTANT)")


def test_the_tables_the_new_events_name_exist():
    events = load_events()
    for table in ("OBJECT_TYPE", "THREAD_STATE", "CAP_OP", "CAP_REMOVE", "FRAME_USE"):
        assert events.tables.get(table), f"kernel/trace_events.h has no {table}_LIST"
