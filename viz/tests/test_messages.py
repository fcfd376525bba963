"""Tests for messages.py: IPC sends, replies and fault messages paired with their receives."""

import subprocess

import pytest

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.messages import RECEIVE_EVENT, SEND_EVENTS, pair_messages

from trace_samples import VIZ


def send(seq, thread, msg, endpoint=1):
    return {"seq": seq, "ts": 1000 * seq, "type": "ipc_send", "thread": thread, "endpoint": endpoint,
            "msg": msg, "tag": 0}


def reply(seq, thread, to_thread, msg):
    return {"seq": seq, "ts": 1000 * seq, "type": "ipc_reply", "thread": thread, "to_thread": to_thread,
            "msg": msg, "tag": 0}


def fault(seq, thread, msg, address=0x60000000):
    return {"seq": seq, "ts": 1000 * seq, "type": "fault_delivered", "thread": thread, "endpoint": 2,
            "msg": msg, "address": address}


def recv(seq, thread, from_thread, msg, badge=0):
    return {"seq": seq, "ts": 1000 * seq, "type": "ipc_recv", "thread": thread, "from_thread": from_thread,
            "msg": msg, "badge": badge}


def test_a_call_and_its_reply_pair_with_their_receives():
    records = [{"seq": 0, "ts": 0, "type": "context_switch", "from_thread": 0, "to_thread": 1, "reason": 3},
               send(1, 1, 7), recv(2, 2, 1, 7, badge=5), reply(3, 2, 1, 8), recv(4, 1, 2, 8)]
    log = pair_messages(records)
    assert [(m.msg, m.kind, m.sender, m.receiver) for m in log.messages] == [
        (7, "send", 1, 2), (8, "reply", 2, 1)]
    assert log.messages[0].sent is records[1] and log.messages[0].received is records[2]
    assert [m.msg for m in log.of_kind("send")] == [7]
    assert [m.msg for m in log.of_kind("reply")] == [8]
    assert log.of_kind("fault") == []
    assert log.unreceived() == [] and log.misattributed() == []
    assert log.unsent_receives == log.repeated_receives == log.repeated_sends == []


def test_a_send_nobody_received_is_unreceived():
    log = pair_messages([send(0, 1, 3), recv(1, 2, 1, 3), send(2, 1, 4)])
    assert [(m.msg, m.receiver) for m in log.unreceived()] == [(4, None)]
    assert [m.msg for m in log.messages if m.received is not None] == [3]


def test_a_fault_message_is_sent_by_the_faulting_thread_and_its_reply_received_by_it():
    records = [fault(0, 3, 11), recv(1, 4, 3, 11, badge=0xFA), reply(2, 4, 3, 12), recv(3, 3, 4, 12)]
    log = pair_messages(records)
    assert [(m.kind, m.sender, m.receiver) for m in log.messages] == [("fault", 3, 4), ("reply", 4, 3)]
    assert log.of_kind("fault")[0].sent["address"] == 0x60000000
    assert log.unreceived() == [] and log.unsent_receives == []


def test_a_receive_must_name_a_message_sent_before_it():
    early = recv(0, 2, 1, 5)
    log = pair_messages([early, send(1, 1, 5), recv(2, 2, 1, 5), recv(3, 2, 1, 99)])
    assert log.unsent_receives == [early, recv(3, 2, 1, 99)]
    # The number was named by a receive already (the early one): the later one is a repeat.
    assert [r["seq"] for r in log.repeated_receives] == [2]
    assert [m.msg for m in log.unreceived()] == [5]


def test_a_message_is_received_once():
    log = pair_messages([send(0, 1, 5), recv(1, 2, 1, 5), recv(2, 3, 1, 5)])
    assert log.messages[0].received["seq"] == 1
    assert [r["seq"] for r in log.repeated_receives] == [2]
    assert log.unsent_receives == []


def test_a_reused_number_is_a_repeated_send_and_the_first_send_keeps_it():
    log = pair_messages([send(0, 1, 5), reply(1, 2, 1, 5), recv(2, 2, 1, 5)])
    assert [(m.kind, m.receiver) for m in log.messages] == [("send", 2)]
    assert [r["type"] for r in log.repeated_sends] == ["ipc_reply"]


def test_a_receive_naming_the_wrong_sender_is_misattributed():
    log = pair_messages([send(0, 1, 5), recv(1, 2, 9, 5), send(2, 1, 6), recv(3, 2, 1, 6)])
    assert [m.msg for m in log.misattributed()] == [5]


def test_other_records_are_skipped_and_an_empty_trace_has_no_messages():
    assert pair_messages([]).messages == []
    log = pair_messages([{"seq": 0, "ts": 0, "type": "frame_alloc", "paddr": 0, "frames_in_use": 1}])
    assert log.messages == [] and log.unsent_receives == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="no message kind"):
        pair_messages([]).of_kind("call")


def test_the_event_names_and_fields_are_those_of_the_kernel_header(ev, ids):
    """The pairing names events and fields; they must be the header's (a rename fails here)."""
    for name in list(SEND_EVENTS) + [RECEIVE_EVENT]:
        assert name in ids, f"{name} is not in {ev.path}"
        assert "msg" in ev.events[ids[name]][1] and "thread" in ev.events[ids[name]][1]
    assert "from_thread" in ev.events[ids[RECEIVE_EVENT]][1]
    # Records decoded from kernel-format bytes pair like the dicts above.
    data = b"".join([
        encode_record(ids["ipc_send"], 0, 100, [1, 1, 21, 0]),
        encode_record(ids["ipc_recv"], 1, 300, [2, 1, 21, 0x1234]),
        encode_record(ids["fault_delivered"], 2, 400, [3, 2, 22, 0x60000100]),
        encode_record(ids["ipc_recv"], 3, 500, [2, 3, 22, 0xFA]),
        encode_record(ids["ipc_reply"], 4, 600, [2, 3, 23, 0]),
        encode_record(ids["ipc_recv"], 5, 700, [3, 2, 23, 0]),
    ])
    log = pair_messages(decode_stream(data).records)
    assert [(m.msg, m.kind, m.sender, m.receiver) for m in log.messages] == [
        (21, "send", 1, 2), (22, "fault", 3, 2), (23, "reply", 2, 3)]
    assert log.misattributed() == [] and log.unreceived() == []


def test_orrery_trace_messages_lists_each_message_and_the_unmatched(tmp_path, ids):
    trace = tmp_path / "trace.bin"
    trace.write_bytes(b"".join([
        encode_record(ids["ipc_send"], 0, 100, [1, 1, 21, 0]),
        encode_record(ids["ipc_recv"], 1, 314, [2, 1, 21, 0]),
        encode_record(ids["fault_delivered"], 2, 400, [3, 2, 22, 0]),
        encode_record(ids["ipc_recv"], 3, 500, [2, 3, 22, 0xFA]),
        encode_record(ids["ipc_send"], 4, 600, [1, 1, 24, 0]),
    ]))
    proc = subprocess.run(["/usr/bin/python3", "-m", "orrery_trace", "messages", str(trace)], cwd=VIZ,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "msg 21: thread 1 -> thread 2 (send, 214 instructions)",
        "msg 22: thread 3 -> thread 2 (fault, 100 instructions)",
        "unmatched ipc_send msg 24 (thread 1)",
    ]
