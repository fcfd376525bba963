"""The trace decoder's fast path: runs of clean frames checked all at once with numpy.

decode.py's _Decoder reads a stream frame by frame (sync, length, Fletcher-16, known type,
names-table values, sequence numbers). Most of a real capture is one unbroken run of good
frames, back to back, and checking those one at a time in Python is what made the decoder
slow (about 140,000 records/s). At each sync it finds, the decoder asks FastPath.take_run()
first. take_run views the bytes from there as rows of FRAME_LEN bytes and checks every
row's framing, checksum, type, names-table values and sequence number with array
operations, then turns the longest clean run at the front into records, exactly the dicts
the slow path makes, and leaves the decoder's state (next expected seq, a pending `lost`
jump) where the slow path would have left it.

The fast path never reports a problem: the first row that is not a clean frame (text between
frames, a bad checksum, a gap in the sequence, an unknown type...) ends the run, and the slow
path takes over from that byte, with its exact messages. So strict and lenient decoding give
the same records, text and warnings with or without it (viz/tests/test_decode_fast.py checks
this on clean and damaged streams). Without numpy (Debian's python3-numpy) take_run takes
nothing and the slow path does all the work.
"""

from __future__ import annotations

import functools
import gc

try:
    import numpy
except ImportError:  # the slow path alone still decodes everything, only slower
    numpy = None

#: Frames checked per numpy pass; a long run is checked in passes of this size (memory
#: stays bounded, and a run that breaks early costs one pass, not the whole stream).
CHUNK_FRAMES = 1 << 16
#: A run shorter than this is left to the slow path, and the fast path waits until the
#: decoder is this many frames further on before trying again: streams that mix text and
#: frames (Bochs) would otherwise pay numpy's per-call overhead for every frame or two.
MIN_RUN_FRAMES = 64
#: Fletcher-16's modulus.
FLETCHER_MODULUS = 255


class FastPath:
    """Checks and decodes clean runs of frames for one _Decoder (see the module comment)."""

    def __init__(self, decoder, frame_len, payload_len, sync):
        self.decoder = decoder
        self.frame_len = frame_len
        self.payload_len = payload_len
        self.sync = sync
        self.retry_at = 0  # no attempt before this byte offset (see MIN_RUN_FRAMES)
        self.tables = _tables_for(decoder.events, payload_len)

    def take_run(self, start):
        """Decode the clean frames from byte `start` on; return the offset after them
        (`start` itself when the slow path should read the next frame)."""
        data, frame_len = self.decoder.data, self.frame_len
        if start < self.retry_at or len(data) - start < MIN_RUN_FRAMES * frame_len:
            return start
        pos = start
        while len(data) - pos >= frame_len:
            rows = min(CHUNK_FRAMES, (len(data) - pos) // frame_len)
            good = self._decode_chunk(pos, rows, first=pos == start)
            pos += good * frame_len
            if good < rows:
                break
        if pos == start:
            self.retry_at = start + MIN_RUN_FRAMES * frame_len
        return pos

    def _decode_chunk(self, pos, rows, first):
        """Check `rows` frames at `pos`; decode the clean ones at the front; return how many.
        A short run at the very start of an attempt is left to the slow path."""
        frame_len = self.frame_len
        raw = numpy.frombuffer(self.decoder.data, dtype=numpy.uint8, count=rows * frame_len,
                               offset=pos).reshape(rows, frame_len)
        clean = (raw[:, 0] == self.sync[0]) & (raw[:, 1] == self.sync[1]) & (raw[:, 2] == self.payload_len)
        checked = raw[:, 2:3 + self.payload_len].astype(numpy.int64)
        clean &= checked.sum(axis=1) % FLETCHER_MODULUS == raw[:, 3 + self.payload_len]
        clean &= (checked @ self.tables.weights) % FLETCHER_MODULUS == raw[:, 4 + self.payload_len]
        payload = numpy.ascontiguousarray(raw[:, 3:3 + self.payload_len]).view(self.tables.fields).reshape(rows)
        types = payload["type"]
        clean &= self.tables.known[types]
        args = payload["args"]
        for type_id, index, valid in self.tables.named:
            mine = types == type_id
            if mine.any():
                values = args[mine, index].astype(numpy.int64)
                found = numpy.searchsorted(valid, values).clip(0, len(valid) - 1)
                clean[mine] &= valid[found] == values
        clean &= self._sequence_ok(payload)
        bad = numpy.flatnonzero(~clean)
        good = rows if len(bad) == 0 else int(bad[0])
        if good == 0 or (first and good < min(rows, MIN_RUN_FRAMES)):
            return 0
        self._emit(payload[:good], pos)
        return good

    def _sequence_ok(self, payload):
        """Which rows carry the seq the slow path's check_seq accepts, given that every row
        before them is a good frame: the previous seq + 1, or after a `lost` record of count
        n (n > 0) also the previous seq + 1 + n. Row 0 is judged by the decoder's state."""
        seq = payload["seq"].astype(numpy.int64)
        types = payload["type"]
        jump = numpy.where(types == self.tables.lost_id, payload["args"][:, 0], 0).astype(numpy.int64)
        expected = numpy.empty_like(seq)
        allowed = numpy.empty_like(seq)
        expected[0], allowed[0] = self.decoder.expected_seq, self.decoder.allowed_jump
        expected[1:], allowed[1:] = seq[:-1] + 1, jump[:-1]
        return (seq == expected) | ((allowed != 0) & (seq == expected + allowed))

    def _emit(self, payload, pos):
        """Hand the clean rows to the decoder (as dicts, or as they are for decode_columns)
        and leave its state after the last."""
        decoder, args, types = self.decoder, payload["args"], payload["type"]
        if decoder.columns is not None:
            decoder.flush_rows()  # the slow path's rows before this run come first
            decoder.columns.append(payload.copy())  # a copy: `payload` is a view of a scratch array
        else:
            decoder.result.records.extend(records_of(payload, self.tables))
        last = len(payload) - 1
        decoder.expected_seq = int(payload["seq"][last]) + 1
        lost_rows = numpy.flatnonzero(types == self.tables.lost_id)
        decoder.result.lost += int(args[lost_rows, 0].astype(numpy.int64).sum())
        decoder.allowed_jump = 0
        if len(lost_rows) and lost_rows[-1] == last:
            decoder.allowed_jump = int(args[last, 0])
        if len(lost_rows):
            decoder.lost_offset = pos + int(lost_rows[-1]) * self.frame_len


def records_of(payload, tables):
    """The record dicts of rows `payload` (a structured array of PAYLOAD_FIELDS), exactly the
    dicts decode.py's slow path makes, in the same order."""
    builders = tables.builders
    args, types, flags = payload["args"], payload["type"], payload["flags"]
    # Rows grouped by type: each group's dicts come from one comprehension over only the
    # columns its event uses, then go back to trace order.
    order = numpy.argsort(types, kind="stable")
    starts = numpy.flatnonzero(numpy.diff(types[order].astype(numpy.int64), prepend=-1))
    records = numpy.empty(len(payload), dtype=object)
    collecting = gc.isenabled()
    gc.disable()  # a million new dicts would set off the cycle collector again and again
    try:
        for first, end in zip(starts.tolist(), starts[1:].tolist() + [len(order)]):
            rows = order[first:end]
            type_id = int(types[rows[0]])
            build, used = builders[type_id]
            columns = [payload["seq"][rows].tolist(), payload["ts"][rows].tolist(), flags[rows].tolist()]
            built = numpy.empty(len(rows), dtype=object)
            try:
                built[:] = build(*columns, *(args[rows, i].tolist() for i in used))
            except KeyError:  # a names-table value not in its table (kept by a lenient decode)
                build_each = _record_builder_each(tables.events, type_id)
                built[:] = build_each(*columns, *(args[rows, i].tolist() for i in range(4)))
            records[rows] = built
        return records.tolist()
    finally:
        if collecting:
            gc.enable()


#: One record's payload as numpy reads it (decode.py's PAYLOAD: u16 type, u16 flags,
#: u32 seq, u64 tsc, 4 x u32 args, little-endian).
PAYLOAD_FIELDS = None if numpy is None else numpy.dtype(
    [("type", "<u2"), ("flags", "<u2"), ("seq", "<u4"), ("ts", "<u8"), ("args", "<u4", (4,))])


def tables_for(events, payload_len):
    """The fast path's tables of one TraceEvents (made once per TraceEvents)."""
    return _tables_for(events, payload_len)


class _Tables:
    """What the fast path needs to know of one TraceEvents, worked out once (_tables_for)."""

    def __init__(self, events, payload_len):
        self.known = numpy.zeros(1 << 16, dtype=bool)
        self.known[list(events.events)] = True
        # Fletcher-16's sum2 over n bytes b0..b(n-1) is sum((n - i) * b_i): one dot product.
        self.weights = numpy.arange(1 + payload_len, 0, -1, dtype=numpy.int64)
        self.fields = PAYLOAD_FIELDS
        #: (type id, argument index, sorted valid values) for every "_name" field
        self.named = []
        for type_id, slots in events.slots.items():
            for index, field in slots:
                _, table = events.table_for(field)
                if table is not None:
                    valid = numpy.array(sorted(events.tables[table]), dtype=numpy.int64)
                    self.named.append((type_id, index, valid))
        self.builders = {type_id: _record_builders(events, type_id) for type_id in events.events}
        self.lost_id = events.ids.get("lost", -1)  # decode.LOST_EVENT
        self.events = events


@functools.lru_cache(maxsize=8)
def _tables_for(events, payload_len):
    return _Tables(events, payload_len)


def _record_builders(events, type_id):
    """(build, argument indices used): build turns columns (seq, ts, line, then one per
    argument index used) into the record dicts the slow path makes for events of type_id,
    with the same keys in the same order.

    It is compiled from the event's field list: a comprehension with a dict display of fixed
    keys is the quickest way Python has to build many dicts (about half again as fast as
    dict(zip(keys, values))). Events with text fields ("name_text", a few per run) go
    through TraceEvents.decode_args, like the slow path.
    """
    name = events.events[type_id][0]
    slots = events.slots[type_id]
    if any(field == "name_text" for _, field in slots):
        return _record_builder_each(events, type_id), list(range(4))
    names = {"NAME": name}
    items, used = [], []
    for index, field in slots:
        key, table = events.table_for(field)
        value = f"a{index}"
        if table is not None:
            names[f"T{index}"] = events.tables[table]
            value = f"T{index}[a{index}]"
        items.append(f"{key!r}: {value}")
        if index not in used:
            used.append(index)
    fields = "".join(", " + item for item in items)
    variables = "".join(f", a{i}" for i in used)
    columns = "".join(f", c{i}" for i in used)
    source = (f"def build(seqs, stamps, lines{columns}):\n"
              f"    return [{{'seq': s, 'ts': t, 'type': NAME, 'line': n{fields}}}\n"
              f"            for s, t, n{variables} in zip(seqs, stamps, lines{columns})]\n")
    exec(compile(source, f"<trace record builder: {name}>", "exec"), names)  # noqa: S102
    return names["build"], used


def _record_builder_each(events, type_id):
    """A build function (as _record_builders makes, taking all four argument columns) that
    goes through TraceEvents.decode_args record by record, like the slow path: for text
    fields, and for a lenient decode's records with a names-table value not in the table."""
    name = events.events[type_id][0]

    def build_each(seqs, stamps, lines, *columns):
        records = []
        for seq, ts, line, *args in zip(seqs, stamps, lines, *columns):
            record = {"seq": seq, "ts": ts, "type": name, "line": line}
            record.update(events.decode_args(type_id, args)[0])
            records.append(record)
        return records
    return build_each


def fast_path_for(decoder, frame_len, payload_len, sync):
    """A FastPath for decoder, or None when numpy is not installed."""
    return None if numpy is None else FastPath(decoder, frame_len, payload_len, sync)
