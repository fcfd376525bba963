"""Tests for events.py: the real kernel header, and a fake one proving parsing is header-driven."""

import pytest

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.events import DEFAULT_HEADER, HeaderError, load_events, parse_header

FAKE_HEADER = """\
/* A made-up header: nothing here matches the real kernel's ids. */
#define TRACE_EVENT_LIST(TRACE_EVENT) \\
    TRACE_EVENT(lost,        40, "count", "", "", "") \\
    TRACE_EVENT(widget_made, 41, "colour_name", "size", "", "weight") \\
    TRACE_EVENT(tick,      0x2a, "", "", "", "")

#define PAINT_COLOUR_LIST(PAINT_COLOUR) \\
    PAINT_COLOUR(red,   0) \\
    PAINT_COLOUR(green, 7)
"""


def test_default_header_is_the_kernels():
    assert DEFAULT_HEADER.name == "trace_events.h"
    assert DEFAULT_HEADER.parent.name == "kernel"
    assert DEFAULT_HEADER.is_file()


def test_real_header(ev):
    assert ev.events[2] == ("boot_phase", ["phase_name"])
    assert ev.phases[9] == "boot_complete"
    assert ev.phases[0] == "entered_kmain"
    assert ev.ids["lost"] == 1
    assert ev.events[ev.ids["exception"]][1] == ["vector", "error_code", "eip", "cr2"]
    assert ev.table_for("phase_name") == ("phase", "BOOT_PHASE")


def test_empty_fields_are_dropped(ev):
    assert ev.events[ev.ids["frame_alloc"]][1] == ["paddr", "frames_in_use", "use_name", "task"]
    assert ev.events[ev.ids["task_destroy"]][1] == ["task"]


def test_field_clashing_with_record_key_is_renamed():
    header = ('#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n'
              '    TRACE_EVENT(region, 3, "base", "length", "type", "")\n')
    fake = parse_header(header)
    fields, problems = fake.decode_args(3, [0x100000, 0x7ee0000, 1, 0])
    assert fields == {"base": 0x100000, "length": 0x7ee0000, "arg_type": 1}
    assert problems == []


def test_fake_header_drives_parsing(tmp_path):
    path = tmp_path / "fake.h"
    path.write_text(FAKE_HEADER)
    ev = load_events(path)
    assert ev.events == {40: ("lost", ["count"]), 41: ("widget_made", ["colour_name", "size", "weight"]),
                         42: ("tick", [])}
    assert ev.tables == {"PAINT_COLOUR": {0: "red", 7: "green"}}
    assert ev.phases == {}
    data = encode_record(41, 0, 5, [7, 3, 0, 9]) + encode_record(42, 1, 6, [])
    records = decode_stream(data, events=ev).records
    assert records == [{"seq": 0, "ts": 5, "type": "widget_made", "line": 0, "colour": "green", "size": 3,
                        "weight": 9},
                       {"seq": 1, "ts": 6, "type": "tick", "line": 0}]
    # The real header's boot_phase id (2) means nothing here.
    with pytest.raises(ValueError, match="unknown event type 2"):
        decode_stream(encode_record(2, 0, 0, [9]), events=ev)


@pytest.mark.parametrize("text, message", [
    ("int x;\n", "no '#define TRACE_EVENT_LIST"),
    ("#define TRACE_EVENT_LIST(TRACE_EVENT)\n", "has no events"),
    ('#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n  TRACE_EVENT(a, 1, "x", "") \\\n', "cannot parse TRACE_EVENT"),
    ('#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n  TRACE_EVENT(a, 1, "", "", "", "") \\\n'
     '  TRACE_EVENT(b, 1, "", "", "", "")\n', "duplicate id 1"),
    ('#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n  TRACE_EVENT(a, 1, "hue_name", "", "", "")\n',
     "'hue_name' needs exactly one names table"),
])
def test_bad_headers(text, message):
    with pytest.raises(HeaderError, match=message):
        parse_header(text, "bad.h")


def test_missing_header(tmp_path):
    with pytest.raises(HeaderError, match="cannot read trace event header"):
        load_events(tmp_path / "nope.h")
