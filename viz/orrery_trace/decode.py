"""Decoder (and encoder) for the Orrery trace stream written to port 0xE9.

Frame: sync 0xA5 0x5A, 1-byte length L, L-byte payload, Fletcher-16 over length+payload
(sum1 byte then sum2 byte). Payload (little-endian): u16 type, u16 flags, u32 seq,
u64 tsc, 4 x u32 args; flags holds the source line of the trace point (__LINE__), decoded
as the record's "line" (0: no trace point, e.g. the ring's own `lost` record). Bytes between frames (e.g. Bochs's own messages) are kept as text.
See docs/test-protocol.md, "The trace stream".

decode_stream gives a list of record dicts; decode_columns gives the same records as one
numpy array of payload rows (TraceColumns, .records() for the dicts), for big traces.
"""

import struct
from dataclasses import dataclass, field

from .decode_fast import PAYLOAD_FIELDS, fast_path_for, numpy, records_of, tables_for
from .events import load_events

SYNC = b"\xa5\x5a"
PAYLOAD = struct.Struct("<HHIQ4I")
PAYLOAD_LEN = PAYLOAD.size  # 32
FRAME_LEN = len(SYNC) + 1 + PAYLOAD_LEN + 2  # 37
#: The event (named in the header) whose "count" field says how many records were dropped.
LOST_EVENT = "lost"


class TraceError(ValueError):
    """The trace stream is damaged; .offset is the byte offset of the bad frame."""

    def __init__(self, offset, problem):
        super().__init__(f"offset {offset}: {problem}")
        self.offset = offset
        self.problem = problem


@dataclass
class DecodeResult:
    """What decode_stream found: records (dicts), text between frames, lost count, warnings."""

    records: list = field(default_factory=list)
    text: str = ""
    lost: int = 0
    warnings: list = field(default_factory=list)


def fletcher16(data):
    """Return (sum1, sum2) of the Fletcher-16 checksum over data, each mod 255."""
    sum1 = sum2 = 0
    for byte in data:
        sum1 = (sum1 + byte) % 255
        sum2 = (sum2 + sum1) % 255
    return sum1, sum2


def encode_record(type_id, seq, ts, args, flags=0):
    """Return one framed record exactly as the kernel writes it (args: up to 4 ints;
    flags: the 16-bit field the kernel fills with the trace point's source line)."""
    args = list(args) + [0] * (4 - len(args))
    if len(args) != 4:
        raise ValueError("a record has at most 4 arguments")
    body = bytes([PAYLOAD_LEN]) + PAYLOAD.pack(type_id, flags, seq, ts, *args)
    return SYNC + body + bytes(fletcher16(body))


def decode_stream(data, strict=True, events=None, fast=True):
    """Decode a raw trace capture into a DecodeResult.

    strict=True raises TraceError at the first problem (bad checksum, truncated frame,
    bad length, unknown type, unexplained sequence gap, sequence going backwards).
    strict=False skips bad frames, resynchronises at the next sync, and notes each
    problem in .warnings. events: a TraceEvents (default: the kernel's header).
    fast=False turns off decode_fast.py's vectorised path (same result, slower).
    """
    return _Decoder(data, strict, events or load_events(), fast).run()


@dataclass
class TraceColumns:
    """What decode_columns found: every record as one row of a numpy structured array
    (`payload`: type, flags, seq, ts, args[4], the frame's payload as the kernel wrote it,
    every check of decode_stream passed), the text between frames, the lost count, warnings."""

    payload: object
    events: object
    text: str = ""
    lost: int = 0
    warnings: list = field(default_factory=list)

    def __len__(self):
        return len(self.payload)

    def records(self):
        """The records as decode_stream gives them (the same dicts, keys in the same order)."""
        return records_of(self.payload, tables_for(self.events, PAYLOAD_LEN))


def decode_columns(data, strict=True, events=None):
    """Decode a raw trace capture into TraceColumns: the checks, problems and warnings of
    decode_stream, without making a dict per record (which is most of decode_stream's time:
    CPython makes about a million small dicts a second). Needs numpy (python3-numpy)."""
    if numpy is None:
        raise RuntimeError("decode_columns needs numpy (Debian: python3-numpy); decode_stream works without it")
    decoder = _Decoder(data, strict, events or load_events(), fast=True, columns=True)
    result = decoder.run()
    decoder.flush_rows()
    payload = numpy.concatenate(decoder.columns) if decoder.columns else numpy.empty(0, PAYLOAD_FIELDS)
    return TraceColumns(payload, decoder.events, result.text, result.lost, result.warnings)


class _Decoder:
    def __init__(self, data, strict, events, fast=False, columns=False):
        self.data = bytes(data)
        self.strict = strict
        self.events = events
        self.result = DecodeResult()
        self.expected_seq = 0  # the kernel numbers records from 0
        self.allowed_jump = 0  # set by a `lost` record for the record after it
        self.lost_offset = None
        # decode_columns: payload arrays in trace order (the fast path's runs, and the rows
        # the slow path decoded between them, gathered in `rows` until the next run).
        self.columns = [] if columns else None
        self.rows = []
        # Clean runs of frames are checked at once (decode_fast.py); anything else comes here.
        self.fast = fast_path_for(self, FRAME_LEN, PAYLOAD_LEN, SYNC) if fast else None

    def problem(self, offset, message):
        """Raise in strict mode, otherwise remember a warning."""
        if self.strict:
            raise TraceError(offset, message)
        self.result.warnings.append(f"offset {offset}: {message}")

    def run(self):
        data, pos, text = self.data, 0, bytearray()
        while True:
            start = data.find(SYNC, pos)
            if start < 0:
                text += data[pos:]
                break
            text += data[pos:start]
            if self.fast is not None:
                pos = self.fast.take_run(start)
                if pos > start:
                    continue
            bad_end = self.frame_at(start)
            if bad_end is None:
                pos = start + FRAME_LEN
                continue
            # Bad frame (lenient mode): drop its bytes, but never past the next sync.
            resync = data.find(SYNC, start + 1)
            pos = bad_end if resync < 0 else min(bad_end, resync)
        self.result.text = text.decode("utf-8", errors="replace")
        return self.result

    def frame_at(self, start):
        """Decode the frame at start; None if good, else where the bad bytes end."""
        data = self.data
        if start + 3 > len(data):
            self.problem(start, f"truncated frame: stream ends {len(data) - start} bytes after the sync")
            return len(data)
        length = data[start + 2]
        if length != PAYLOAD_LEN:
            self.problem(start, f"bad frame length {length} (expected {PAYLOAD_LEN})")
            return start + 3
        if start + FRAME_LEN > len(data):
            self.problem(start, f"truncated frame: need {FRAME_LEN} bytes, stream has {len(data) - start}")
            return len(data)
        body = data[start + 2 : start + 3 + length]
        want = tuple(data[start + 3 + length : start + FRAME_LEN])
        got = fletcher16(body)
        if want != got:
            self.problem(start, f"bad checksum: frame has {want[0]:#04x} {want[1]:#04x}, "
                                f"computed {got[0]:#04x} {got[1]:#04x}")
            return start + FRAME_LEN
        type_id, flags, seq, ts, *args = PAYLOAD.unpack(body[1:])
        if type_id not in self.events.events:
            self.problem(start, f"unknown event type {type_id} (seq {seq}); "
                                f"not in {self.events.path}")
            return start + FRAME_LEN
        self.check_seq(start, seq)
        name = self.events.events[type_id][0]
        fields, problems = self.events.decode_args(type_id, args)
        for message in problems:
            self.problem(start, message)
        if self.columns is not None:
            self.rows.append((type_id, flags, seq, ts, args))
        else:
            # The flags field carries the source line of the trace point (kernel/trace_events.h).
            record = {"seq": seq, "ts": ts, "type": name, "line": flags}
            record.update(fields)
            self.result.records.append(record)
        if name == LOST_EVENT:
            count = fields["count"]
            self.result.lost += count
            self.allowed_jump, self.lost_offset = count, start
        return None

    def flush_rows(self):
        """decode_columns: the slow path's rows since the last run become one payload array."""
        if self.rows:
            self.columns.append(numpy.array(self.rows, dtype=PAYLOAD_FIELDS))
            self.rows = []

    def check_seq(self, start, seq):
        """Check seq against the expected next number (a `lost` record allows one jump)."""
        expected, jump = self.expected_seq, self.allowed_jump
        self.allowed_jump = 0
        self.expected_seq = seq + 1
        if seq == expected or (jump and seq == expected + jump):
            return
        if seq < expected:
            self.problem(start, f"sequence went backwards: seq {seq} after {expected - 1}")
        elif jump:
            self.problem(start, f"sequence gap: seq {seq}, expected {expected} or {expected + jump} "
                                f"(lost record at offset {self.lost_offset} reported {jump})")
        else:
            self.problem(start, f"sequence gap: seq {seq}, expected {expected} "
                                f"({seq - expected} records missing, no lost record explains it)")
