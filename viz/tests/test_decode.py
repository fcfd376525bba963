"""Tests for decode.py: framing, round trips, text between frames, and every corruption case."""

import struct

import pytest

from orrery_trace.decode import FRAME_LEN, SYNC, TraceError, decode_stream, encode_record, fletcher16

from trace_samples import BOCHS_LINE


def boot(ids, phase_ids, seq, phase="entered_kmain", ts=None):
    return encode_record(ids["boot_phase"], seq, 1000 + seq if ts is None else ts, [phase_ids[phase]])


def alloc(ids, seq, n):
    return encode_record(ids["frame_alloc"], seq, 5000 + seq, [0x100000 + 0x1000 * n, n])


def test_fletcher16_known_values():
    assert fletcher16(b"abcde") == (0xF0, 0xC8)  # the classic 0xC8F0
    assert fletcher16(b"") == (0, 0)


def test_encode_layout(ids):
    frame = encode_record(ids["frame_alloc"], 7, 0x1122334455, [0xABC000, 3], flags=1)
    assert len(frame) == FRAME_LEN == 37
    assert frame[:2] == SYNC and frame[2] == 32
    assert struct.unpack("<HHIQ4I", frame[3:35]) == (ids["frame_alloc"], 1, 7, 0x1122334455, 0xABC000, 3, 0, 0)
    assert tuple(frame[35:]) == fletcher16(frame[2:35])


def test_round_trip(ids, phase_ids):
    data = boot(ids, phase_ids, 0) + alloc(ids, 1, 5) + boot(ids, phase_ids, 2, "boot_complete", ts=2**40)
    result = decode_stream(data)
    assert result.records == [
        {"seq": 0, "ts": 1000, "type": "boot_phase", "line": 0, "phase": "entered_kmain"},
        {"seq": 1, "ts": 5001, "type": "frame_alloc", "line": 0, "paddr": 0x105000, "frames_in_use": 5,
         "use": "kernel", "task": 0},
        {"seq": 2, "ts": 2**40, "type": "boot_phase", "line": 0, "phase": "boot_complete"},
    ]
    assert result.text == "" and result.lost == 0 and result.warnings == []


def test_the_flags_field_is_the_source_line(ids):
    rec = decode_stream(encode_record(ids["ktest_begin"], 0, 1, [99], flags=321)).records[0]
    assert rec == {"seq": 0, "ts": 1, "type": "ktest_begin", "line": 321, "nonce": 99}


def test_bochs_text_around_and_between_frames(ids, phase_ids):
    data = BOCHS_LINE + boot(ids, phase_ids, 0) + b"plain text\n" + alloc(ids, 1, 1) + BOCHS_LINE
    result = decode_stream(data)
    assert [r["seq"] for r in result.records] == [0, 1]
    assert result.text == BOCHS_LINE.decode() + "plain text\n" + BOCHS_LINE.decode()


def test_text_is_decoded_with_replacement(ids, phase_ids):
    result = decode_stream(b"caf\xe9 " + boot(ids, phase_ids, 0))
    assert result.text == "caf\ufffd "


def test_empty_stream():
    result = decode_stream(b"")
    assert result.records == [] and result.text == ""


def two_frames(ids, phase_ids):
    return boot(ids, phase_ids, 0), alloc(ids, 1, 1)


def test_bad_checksum_names_offset(ids, phase_ids):
    first, second = two_frames(ids, phase_ids)
    bad = bytearray(second)
    bad[20] ^= 0x01  # a payload byte
    start = len(BOCHS_LINE) + len(first)
    with pytest.raises(TraceError, match=rf"offset {start}: bad checksum") as info:
        decode_stream(BOCHS_LINE + first + bytes(bad))
    assert info.value.offset == start
    assert isinstance(info.value, ValueError)


def test_truncated_frame(ids, phase_ids):
    first, second = two_frames(ids, phase_ids)
    with pytest.raises(TraceError, match=rf"offset {len(first)}: truncated frame"):
        decode_stream(first + second[:20])
    with pytest.raises(TraceError, match=rf"offset {len(first)}: truncated frame"):
        decode_stream(first + SYNC)


def test_bad_length(ids, phase_ids):
    first, second = two_frames(ids, phase_ids)
    bad = bytearray(second)
    bad[2] = 31
    with pytest.raises(TraceError, match=rf"offset {len(first)}: bad frame length 31 \(expected 32\)"):
        decode_stream(first + bytes(bad))


def test_unknown_type(ev, ids, phase_ids):
    unknown = max(ev.events) + 1
    with pytest.raises(TraceError, match=rf"offset 37: unknown event type {unknown}"):
        decode_stream(boot(ids, phase_ids, 0) + encode_record(unknown, 1, 0, []))


def test_unknown_names_table_index(ids):
    with pytest.raises(TraceError, match=r"phase_name 200 is not in BOOT_PHASE_LIST"):
        decode_stream(encode_record(ids["boot_phase"], 0, 0, [200]))
    result = decode_stream(encode_record(ids["boot_phase"], 0, 0, [200]), strict=False)
    assert result.records[0]["phase"] == 200 and len(result.warnings) == 1


def test_sequence_gap(ids, phase_ids):
    data = boot(ids, phase_ids, 0) + alloc(ids, 1, 1) + alloc(ids, 4, 2)
    with pytest.raises(TraceError, match=r"offset 74: sequence gap: seq 4, expected 2"):
        decode_stream(data)


def test_first_record_must_be_seq_zero(ids):
    with pytest.raises(TraceError, match=r"offset 0: sequence gap: seq 3, expected 0"):
        decode_stream(alloc(ids, 3, 1))


def test_sequence_backwards(ids, phase_ids):
    data = boot(ids, phase_ids, 0) + alloc(ids, 1, 1) + alloc(ids, 1, 2)
    with pytest.raises(TraceError, match=r"offset 74: sequence went backwards: seq 1 after 1"):
        decode_stream(data)


def test_gap_explained_by_lost_record(ids, phase_ids):
    data = boot(ids, phase_ids, 0) + encode_record(ids["lost"], 1, 10, [5]) + alloc(ids, 7, 1)
    result = decode_stream(data)
    assert [r["seq"] for r in result.records] == [0, 1, 7]
    assert result.records[1] == {"seq": 1, "ts": 10, "type": "lost", "line": 0, "count": 5}
    assert result.lost == 5


def test_lost_record_without_gap_is_fine(ids):
    data = encode_record(ids["lost"], 0, 10, [2]) + encode_record(ids["lost"], 1, 11, [3]) + alloc(ids, 2, 1)
    assert decode_stream(data).lost == 5


def test_lost_record_explains_only_its_own_count(ids):
    data = encode_record(ids["lost"], 0, 10, [5]) + alloc(ids, 4, 1)
    with pytest.raises(TraceError, match=r"sequence gap: seq 4, expected 1 or 6"):
        decode_stream(data)


def test_lost_record_explains_only_the_next_jump(ids):
    data = encode_record(ids["lost"], 0, 10, [5]) + alloc(ids, 1, 1) + alloc(ids, 7, 2)
    with pytest.raises(TraceError, match=r"sequence gap: seq 7, expected 2"):
        decode_stream(data)


def test_seq_check_catches_what_fletcher_misses(ids, phase_ids):
    # Fletcher-16 sums mod 255, so a byte turning 0x00 into 0xFF keeps the checksum;
    # here it lands in the seq field and the sequence check reports it instead.
    first, second = two_frames(ids, phase_ids)
    bad = bytearray(second)
    bad[10] ^= 0xFF
    assert tuple(bad[35:]) == fletcher16(bytes(bad[2:35]))
    with pytest.raises(TraceError, match=r"offset 37: sequence gap: seq 4278190081, expected 1"):
        decode_stream(first + bytes(bad))


def test_lenient_recovers_after_bad_checksum(ids, phase_ids):
    frames = [boot(ids, phase_ids, 0), alloc(ids, 1, 1), alloc(ids, 2, 2), alloc(ids, 3, 3)]
    bad = bytearray(frames[1])
    bad[10] ^= 0x01
    data = BOCHS_LINE + frames[0] + bytes(bad) + BOCHS_LINE + frames[2] + frames[3]
    with pytest.raises(TraceError):
        decode_stream(data)
    result = decode_stream(data, strict=False)
    assert [r["seq"] for r in result.records] == [0, 2, 3]
    assert result.text == (BOCHS_LINE * 2).decode()  # the bad frame's bytes are dropped
    assert any("bad checksum" in w for w in result.warnings)
    assert any("sequence gap: seq 2, expected 1" in w for w in result.warnings)


def test_lenient_resyncs_after_cut_frame(ids, phase_ids):
    # A frame cut short by a reset: the next sync sits inside its claimed 37 bytes.
    frames = [boot(ids, phase_ids, 0), alloc(ids, 1, 1), alloc(ids, 2, 2)]
    data = frames[0] + frames[1][:15] + frames[2]
    result = decode_stream(data, strict=False)
    assert [r["seq"] for r in result.records] == [0, 2]


def test_lenient_skips_bad_length_unknown_type_and_truncation(ev, ids, phase_ids):
    bad_len = bytearray(alloc(ids, 1, 1))
    bad_len[2] = 200
    unknown = encode_record(max(ev.events) + 1, 2, 0, [])
    data = boot(ids, phase_ids, 0) + bytes(bad_len) + unknown + alloc(ids, 3, 3) + alloc(ids, 4, 4)[:30]
    result = decode_stream(data, strict=False)
    assert [r["seq"] for r in result.records] == [0, 3]
    kinds = " | ".join(result.warnings)
    for problem in ("bad frame length 200", "unknown event type", "truncated frame"):
        assert problem in kinds
