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


def test_ipc_messages_become_flow_arrows():
    records = [
        {"seq": 0, "ts": 1000, "type": "context_switch", "from_thread": 0, "to_thread": 1, "reason": 3},
        {"seq": 1, "ts": 2000, "type": "ipc_send", "thread": 1, "endpoint": 1, "msg": 7, "tag": 0},
        {"seq": 2, "ts": 3000, "type": "ipc_recv", "thread": 2, "from_thread": 1, "msg": 7, "badge": 5},
        {"seq": 3, "ts": 4000, "type": "ipc_reply", "thread": 2, "to_thread": 1, "msg": 8, "tag": 0},
        {"seq": 4, "ts": 5000, "type": "ipc_send", "thread": 1, "endpoint": 1, "msg": 9, "tag": 0},
    ]
    events = to_chrome_trace(records)["traceEvents"]
    flows = [(e["ph"], e["id"], e["tid"]) for e in events if e.get("cat") == "ipc" and e["ph"] in "sf"]
    assert ("s", 7, 1001) in flows and ("f", 7, 1002) in flows


def test_a_fault_message_is_a_flow_arrow_like_a_call():
    records = [
        {"seq": 0, "ts": 500, "type": "context_switch", "from_thread": 0, "to_thread": 3, "reason": 1},
        {"seq": 0, "ts": 1000, "type": "fault_delivered", "thread": 3, "endpoint": 2, "msg": 11,
         "address": 0x60000000},
        {"seq": 1, "ts": 2000, "type": "ipc_recv", "thread": 4, "from_thread": 3, "msg": 11, "badge": 1},
        {"seq": 2, "ts": 3000, "type": "ipc_reply", "thread": 4, "to_thread": 3, "msg": 12, "tag": 0},
        {"seq": 3, "ts": 3100, "type": "ipc_recv", "thread": 3, "from_thread": 4, "msg": 12, "badge": 0},
    ]
    events = to_chrome_trace(records)["traceEvents"]
    flows = [(e["ph"], e["id"], e["tid"]) for e in events if e.get("cat") == "ipc" and e["ph"] in "sf"]
    assert ("s", 11, 1003) in flows and ("f", 11, 1004) in flows
