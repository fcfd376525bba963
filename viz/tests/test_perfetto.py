"""Tests for perfetto.py: decoded records become Chrome trace-event JSON."""

import json

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.messages import RECEIVE_EVENT, SEND_EVENTS
from orrery_trace.perfetto import (COUNTERS, INSTANTS, NOT_DRAWN, THREAD_INSTANTS,
                                   THREAD_TID_BASE, to_chrome_trace)


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


def thread_instants(records):
    """(tid, name, args) of every instant on a thread's track."""
    return [(e["tid"], e["name"], e["args"]) for e in to_chrome_trace(records)["traceEvents"]
            if e["ph"] == "i" and e["tid"] >= THREAD_TID_BASE]


def test_saved_replies_bound_notifications_and_time_slices_are_drawn_on_their_threads():
    """Events 29-33: each an instant on the track of the thread it is about."""
    records = [
        {"seq": 0, "ts": 1000, "type": "context_switch", "from_thread": 0, "to_thread": 2, "reason": 3},
        {"seq": 1, "ts": 2000, "type": "reply_saved", "thread": 2, "caller": 1, "reply": 9},
        {"seq": 2, "ts": 3000, "type": "reply_stale", "caller": 1, "reply": 9},
        {"seq": 3, "ts": 4000, "type": "notification_bind", "thread": 2, "notification": 4, "bound": 1},
        {"seq": 4, "ts": 5000, "type": "notification_recv", "thread": 2, "notification": 4, "bits": 0x80},
        {"seq": 5, "ts": 6000, "type": "notification_bind", "thread": 2, "notification": 4, "bound": 0},
        {"seq": 6, "ts": 7000, "type": "thread_time_slice", "thread": 3, "ticks": 20},
    ]
    seen = [(tid, name) for tid, name, _ in thread_instants(records)]
    assert seen == [
        (1002, "reply saved for thread 1"),
        (1001, "reply 9 stale"),                 # on the caller's track: it lost its reply
        (1002, "bound notification 4"),
        (1002, "notification 4: bits 0x80"),
        (1002, "unbound notification 4"),
        (1003, "time slice 20 ticks"),
    ]
    args = {name: a for _, name, a in thread_instants(records)}
    assert args["reply saved for thread 1"] == {"caller": 1, "reply": 9, "seq": 1}
    assert args["notification 4: bits 0x80"]["bits"] == "0x80"


def test_a_quota_transfer_is_drawn_on_the_kernel_track(ids):
    """Event 34, decoded from a real record: tasks have no tracks, so the kernel's shows it."""
    data = encode_record(ids["quota_transfer"], 0, 8000, [3, 4, 16384, 81920])
    events = to_chrome_trace(decode_stream(data).records)["traceEvents"]
    instants = [e for e in events if e["ph"] == "i"]
    assert [(e["tid"], e["name"]) for e in instants] == [(1, "quota: 16384 bytes from task 3 to task 4")]
    assert instants[0]["args"] == {"from_task": 3, "to_task": 4, "bytes": 16384,
                                   "child_limit": 81920, "seq": 0}


def test_every_trace_event_is_drawn_or_left_out_on_purpose(ev):
    """A new event in kernel/trace_events.h needs a drawing or a reason in NOT_DRAWN."""
    drawn = (set(INSTANTS) | set(THREAD_INSTANTS) | set(COUNTERS) | set(SEND_EVENTS)
             | {RECEIVE_EVENT, "context_switch"})
    names = {name for name, _ in ev.events.values()}
    undecided = sorted(names - drawn - set(NOT_DRAWN))
    assert not undecided, f"perfetto.py neither draws nor skips (NOT_DRAWN) these events: {undecided}"
    assert not drawn & set(NOT_DRAWN), "an event is both drawn and in NOT_DRAWN"
    assert not (drawn | set(NOT_DRAWN)) - names, "perfetto.py names events the kernel lacks"


def test_the_visualizers_events_are_drawn(ids, ev):
    """Words and capabilities ride on their message's send slice; state changes and signals
    are instants on the thread's track (an IRQ's signal on the kernel's); capabilities,
    mappings and objects are instants on the kernel track."""
    state = {name: i for i, name in ev.tables["THREAD_STATE"].items()}
    data = b"".join([
        encode_record(ids["context_switch"], 0, 1000, [0, 2, 3]),
        encode_record(ids["ipc_send"], 1, 2000, [2, 9, 7, 0x1003]),
        encode_record(ids["ipc_words"], 2, 2001, [7, 11, 22, 33]),
        encode_record(ids["ipc_recv"], 3, 2100, [4, 2, 7, 0]),
        encode_record(ids["cap_install"], 4, 2101, [3, 5, 12, 15]),
        encode_record(ids["cap_source"], 5, 2102, [5, 0, 1, 6]),
        encode_record(ids["ipc_cap"], 6, 2103, [7, 3, 5, 12]),
        encode_record(ids["thread_state"], 7, 2200, [2, state["blocked_reply"], 4, 0]),
        encode_record(ids["notification_signal"], 8, 2300, [0, 8, 1, 1]),
        encode_record(ids["notification_signal"], 9, 2400, [2, 8, 2, 3]),
        encode_record(ids["page_map"], 10, 2500, [3, 0x400000, 0x1a3000, 1]),
    ])
    events = to_chrome_trace(decode_stream(data).records)["traceEvents"]
    send = next(e for e in events if e["name"] == "send")
    assert send["args"] == {"msg": 7, "words": [11, 22, 33], "caps": [{"object": 12, "to_task": 3, "slot": 5}]}
    instants = {e["name"]: e for e in events if e["ph"] == "i"}
    assert instants["blocked_reply on 4"]["tid"] == THREAD_TID_BASE + 2
    assert instants["irq signals notification 8"]["tid"] == 1
    assert instants["signal notification 8: bits 0x2"]["tid"] == THREAD_TID_BASE + 2
    assert instants["cap: task 3 slot 5 <- object 12"]["tid"] == 1
    assert instants["cap made by transfer from task 1 slot 6"]["args"]["op"] == "transfer"
    assert instants["map task 3 0x400000"]["args"]["paddr"] == "0x1a3000"
