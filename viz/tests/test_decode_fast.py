"""decode_fast.py, the vectorised path: it must give exactly what the frame-by-frame path
gives (records with their keys in order, text, lost count, warnings, the first error) on
clean and damaged streams alike, and it must actually carry clean streams. decode_columns
(the same checks, records kept as numpy rows) must give the same too, also on the real
traces `make viz-traces` records."""

import json
import os
import random
from pathlib import Path

import pytest

from orrery_trace import decode, decode_fast
from orrery_trace.decode import FRAME_LEN, TraceError, decode_columns, decode_stream, encode_record

from trace_samples import BOCHS_LINE

numpy = pytest.importorskip("numpy")


def busy_stream(ev, count, seed=7, start_seq=0, lost_every=0):
    """`count` records of every event of the header with random arguments (valid
    names-table indices, text for name fields), some with flags; with lost_every, a `lost`
    record of a random count every that many records and the sequence jumping by it."""
    rng = random.Random(seed)
    ids = sorted(ev.events)
    frames, seq = [], start_seq
    for n in range(count):
        if lost_every and n % lost_every == lost_every - 1:
            dropped = rng.randint(1, 5)
            frames.append(encode_record(ev.ids["lost"], seq, 10 * n, [dropped], flags=n % 2))
            seq += 1 + dropped
            continue
        type_id = rng.choice([i for i in ids if ev.events[i][0] != "lost"])
        args = [rng.getrandbits(32) for _ in range(4)]
        for index, field in ev.slots[type_id]:
            _, table = ev.table_for(field)
            if table is not None:
                args[index] = rng.choice(sorted(ev.tables[table]))
            elif field == "name_text":
                args[index] = int.from_bytes(b"ab\0\0", "little")
        frames.append(encode_record(type_id, seq, 10 * n, args, flags=rng.choice((0, 0, 7, 65535))))
        seq += 1
    return frames


def both(data, strict):
    """(fast result or exception, slow result or exception, decode_columns' result or
    exception), as comparable values."""
    out = []
    for fast in (True, False, "columns"):
        try:
            if fast == "columns":
                c = decode_columns(data, strict=strict)
                r = decode.DecodeResult(c.records(), c.text, c.lost, c.warnings)
            else:
                r = decode_stream(data, strict=strict, fast=fast)
            out.append(("ok", json.dumps(r.records), r.text, r.lost, r.warnings))
        except TraceError as e:
            out.append(("error", e.offset, e.problem))
    return out


def assert_same(data):
    for strict in (True, False):
        fast, slow, columns = both(data, strict)
        assert fast == slow
        assert columns == slow


def test_clean_stream_same_records_keys_in_order(ev):
    assert_same(b"".join(busy_stream(ev, 3000)))


def test_lost_records_allow_their_jump(ev):
    data = b"".join(busy_stream(ev, 2000, lost_every=97))
    assert_same(data)
    assert decode_stream(data).lost > 0


def test_lost_record_last_in_a_run_carries_its_jump_over(ev):
    frames = busy_stream(ev, 500, lost_every=250)  # a lost record at index 249 and 499
    data = b"".join(frames[:250]) + BOCHS_LINE + b"".join(frames[250:])
    assert_same(data)


def test_runs_longer_than_a_chunk(ev, monkeypatch):
    monkeypatch.setattr(decode_fast, "CHUNK_FRAMES", 100)
    assert_same(b"".join(busy_stream(ev, 1234, lost_every=50)))


@pytest.mark.parametrize("where", [0, 1, 63, 64, 65, 500, 999])
@pytest.mark.parametrize("damage", ["checksum", "length", "sync", "unknown_type", "bad_name",
                                    "seq_gap", "seq_back", "text", "truncated"])
def test_damaged_streams_same_as_slow_path(ev, where, damage):
    frames = busy_stream(ev, 1000)
    frame = bytearray(frames[where])
    if damage == "checksum":
        frame[20] ^= 0x40
    elif damage == "length":
        frame[2] = 31
    elif damage == "sync":
        frame[1] = 0x00
    elif damage == "unknown_type":
        frame = bytearray(encode_record(0xFFFE, where, 5, [1, 2, 3, 4]))
    elif damage == "bad_name":
        frame = bytearray(encode_record(ev.ids["boot_phase"], where, 5, [0xFFFF]))
    elif damage == "seq_gap":
        frame = bytearray(encode_record(ev.ids["trace_mark"], where + 3, 5, [1, 2]))
    elif damage == "seq_back":
        frame = bytearray(encode_record(ev.ids["trace_mark"], max(where - 2, 0) if where else 5, 5, [1, 2]))
    elif damage == "text":
        frame = bytearray(BOCHS_LINE) + frame
    frames[where] = bytes(frame)
    data = b"".join(frames)
    if damage == "truncated":
        data = data[: where * FRAME_LEN + 20]
    assert_same(data)


def test_text_around_runs(ev):
    frames = busy_stream(ev, 700)
    data = BOCHS_LINE + b"".join(frames[:300]) + b"caf\xe9\n" + b"".join(frames[300:]) + BOCHS_LINE
    assert_same(data)


def test_short_runs_between_text(ev):
    frames = busy_stream(ev, 400)
    data = b"".join(BOCHS_LINE + f for f in frames)
    assert_same(data)


def test_the_fast_path_carries_a_clean_stream(ev, monkeypatch):
    """The slow path reads frame by frame (frame_at); on a clean stream the fast path must
    take nearly all of them (before decode_fast.py, all 5,000 went through frame_at)."""
    calls = []
    original = decode._Decoder.frame_at

    def counting(self, start):
        calls.append(start)
        return original(self, start)

    monkeypatch.setattr(decode._Decoder, "frame_at", counting)
    result = decode_stream(b"".join(busy_stream(ev, 5000)))
    assert len(result.records) == 5000
    assert len(calls) < decode_fast.MIN_RUN_FRAMES


def test_without_numpy_the_slow_path_does_everything(ev, monkeypatch):
    data = b"".join(busy_stream(ev, 300))
    expected = decode_stream(data, fast=False).records
    monkeypatch.setattr(decode_fast, "numpy", None)
    assert decode_stream(data).records == expected


#: Where `make viz-traces` writes the real recordings (viz/record_traces.py).
RECORDED = Path(os.environ.get("ORRERY_BUILD", Path(__file__).resolve().parents[2] / "build")) / "viz" / "traces"


@pytest.mark.parametrize("name", ["driver_rtc_irq", "pager_demand_zero", "ipc_many_clients", "ipc_pingpong", "sysbench"])
def test_real_traces_same_from_columns_and_the_reference_decoder(name):
    trace = RECORDED / f"{name}.bin"
    if not trace.exists():
        pytest.skip(f"no {trace}: make viz-traces records it")
    data = trace.read_bytes()
    reference = decode_stream(data, strict=False, fast=False)
    columns = decode_columns(data, strict=False)
    assert len(reference.records) > 100
    assert columns.records() == reference.records
    assert (columns.text, columns.lost, columns.warnings) == (reference.text, reference.lost, reference.warnings)
    assert [list(r) for r in columns.records()[:50]] == [list(r) for r in reference.records[:50]]  # keys in order


def test_columns_hold_the_payload_as_written(ev):
    frames = busy_stream(ev, 200)
    columns = decode_columns(b"".join(frames))
    assert len(columns) == 200
    assert columns.payload["seq"].tolist() == list(range(200))
    first = decode_stream(frames[0]).records[0]
    assert (int(columns.payload["ts"][0]), int(columns.payload["flags"][0])) == (first["ts"], first["line"])
