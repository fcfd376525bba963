"""Tests for perfetto.py: decoded records become Chrome trace-event JSON."""

import json

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.perfetto import to_chrome_trace


def test_chrome_trace(ids, phase_ids):
    data = b"".join([
        encode_record(ids["boot_phase"], 0, 1000, [phase_ids["entered_kmain"]]),
        encode_record(ids["frame_alloc"], 1, 2500, [0x200000, 1]),
        encode_record(ids["frame_alloc"], 2, 3000, [0x201000, 2]),
        encode_record(ids["frame_free"], 3, 4000, [0x200000, 1]),
        encode_record(ids["exception"], 4, 5000, [14, 2, 0x100123, 0xdead0000]),
        encode_record(ids["boot_phase"], 5, 6000, [phase_ids["boot_complete"]]),
        encode_record(ids["ktest_begin"], 6, 7000, [42]),
    ])
    trace = json.loads(json.dumps(to_chrome_trace(decode_stream(data).records)))
    assert trace["displayTimeUnit"] == "ns"
    events = [e for e in trace["traceEvents"] if e["ph"] != "M"]
    instants = [(e["name"], e["ts"]) for e in events if e["ph"] == "i"]
    assert instants == [("entered_kmain", 1.0), ("exception 14", 5.0), ("boot_complete", 6.0)]
    counters = [(e["ts"], e["args"]["frames_in_use"]) for e in events if e["ph"] == "C"]
    assert counters == [(2.5, 1), (3.0, 2), (4.0, 1)]
    assert all(e["name"] == "frames_in_use" for e in events if e["ph"] == "C")
    exc = next(e for e in events if e["name"] == "exception 14")
    assert exc["args"]["cr2"] == "0xdead0000"
    assert all(e["pid"] == 1 for e in trace["traceEvents"])


def test_empty_trace_is_valid():
    trace = to_chrome_trace([])
    assert json.loads(json.dumps(trace))["displayTimeUnit"] == "ns"
    assert all(e["ph"] == "M" for e in trace["traceEvents"])
