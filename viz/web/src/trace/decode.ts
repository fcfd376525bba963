/**
 * The raw trace stream (port 0xE9, docs/test-protocol.md "The trace stream") -> TraceTable.
 *
 * Frame: sync 0xA5 0x5A, length byte L (32), L payload bytes, Fletcher-16 over the length
 * byte and the payload (sum1 then sum2). Payload, little-endian: u16 type, u16 flags (the
 * trace point's source line), u32 seq, u64 tsc, 4 x u32 args. Bytes between frames are text.
 *
 * The checks, their order, their messages and the resynchronisation are exactly those of the
 * Python decoder (viz/orrery_trace/decode.py), so both accept and refuse the same streams:
 * truncated frame, bad length, bad checksum, unknown event type, a "_name" argument not in its
 * table, a sequence gap not explained by a `lost` record, a sequence going backwards.
 * Strict mode throws TraceError at the first; lenient mode records a warning, skips a bad
 * frame (never past the next sync) and goes on.
 *
 * Incremental: a TraceDecoder takes the stream in chunks (live mode) and grows its table; a
 * frame split across chunks waits for its remaining bytes. Feeding a stream in any chunking
 * and then calling finish() gives the same table, text and warnings as decoding it at once.
 */
import { TraceError, type Schema, type TraceTable } from "./types";
import { namesTableFor, TEXT_FIELD } from "./schema";

export const SYNC0 = 0xa5;
export const SYNC1 = 0x5a;
/** Payload bytes of every record. */
export const PAYLOAD_LEN = 32;
/** Bytes of one frame: sync (2), length (1), payload, checksum (2). */
export const FRAME_LEN = 2 + 1 + PAYLOAD_LEN + 2;
/** Bytes after a frame's start that decide everything about a bad one, resync included. */
const DECIDE_LEN = FRAME_LEN + 1;
/** The event whose "count" field says how many records the kernel dropped. */
export const LOST_EVENT = "lost";
/** Rows a new table holds before it first grows. */
const INITIAL_ROWS = 1024;

export interface DecodeOptions {
  /** Throw TraceError at the first problem (default), or warn and resynchronise. */
  strict?: boolean;
}

/** Fletcher-16 (sum1, sum2, each mod 255) over bytes [start, end) of data. */
export function fletcher16(data: Uint8Array, start = 0, end = data.length): [number, number] {
  // Sums stay far below 2^53 for any frame, so the mod can wait until the end.
  let sum1 = 0;
  let sum2 = 0;
  for (let i = start; i < end; i++) {
    sum1 += data[i];
    sum2 += sum1;
    if ((i & 0xfff) === 0xfff) {
      sum1 %= 255;
      sum2 %= 255;
    }
  }
  return [sum1 % 255, sum2 % 255];
}

/** An empty table for a schema, with room for `rows` records. */
export function emptyTable(schema: Schema, rows = INITIAL_ROWS): TraceTable {
  return {
    schema,
    count: 0,
    type: new Uint16Array(rows),
    line: new Uint16Array(rows),
    seq: new Uint32Array(rows),
    ts: new Float64Array(rows),
    args: new Uint32Array(rows * 4),
    text: "",
    warnings: [],
    lost: 0,
  };
}

/** Per event id, what the decoder checks: known, "_name" arguments and their tables, lost. */
interface EventCheck {
  name: string;
  /** [argument index, field, table] of each "_name" argument. */
  named: [number, string, string, Record<string, string>][];
  isLost: boolean;
  lostArg: number;
}

function hex2(n: number): string {
  return "0x" + n.toString(16).padStart(2, "0");
}

/** Decodes one stream, chunk by chunk, into `table` (see the file comment). */
export class TraceDecoder {
  readonly table: TraceTable;
  /** Bytes of the stream consumed before `pending` starts. */
  private base = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private finished = false;
  private readonly strict: boolean;
  private readonly checks: (EventCheck | undefined)[] = [];
  private readonly textDecoder = new TextDecoder("utf-8", { fatal: false });
  private expectedSeq = 0; // the kernel numbers records from 0
  private allowedJump = 0; // set by a `lost` record for the record after it
  private lostOffset = -1;

  constructor(schema: Schema, options: DecodeOptions = {}, rows = INITIAL_ROWS) {
    this.strict = options.strict ?? true;
    this.table = emptyTable(schema, rows);
    for (const [id, event] of Object.entries(schema.events)) {
      const named: EventCheck["named"] = [];
      let lostArg = -1;
      event.fields.forEach((field, index) => {
        if (field.endsWith("_name") && field !== TEXT_FIELD) {
          const table = namesTableFor(schema, field);
          named.push([index, field, table, schema.tables[table]]);
        }
        if (field === "count") lostArg = index;
      });
      this.checks[Number(id)] = { name: event.name, named, isLost: event.name === LOST_EVENT, lostArg };
    }
  }

  /** Decode the bytes of `chunk` (the stream's next bytes); returns the rows added. */
  push(chunk: Uint8Array): number {
    if (this.finished) throw new Error("TraceDecoder: push after finish");
    const before = this.table.count;
    let data = chunk;
    if (this.pending.length) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
    }
    this.run(data, false);
    return this.table.count - before;
  }

  /**
   * The stream so far is `data[0, end)`, all of it in one buffer the caller fills (a fetch
   * reading into one ArrayBuffer): decode the bytes not decoded yet, in place, without
   * copying them. Returns the rows added. A decoder takes its stream through push() or
   * through pushWhole(), not both; `data` may be a new view of the same bytes each time
   * (a BYOB read hands the buffer back as a new ArrayBuffer).
   */
  pushWhole(data: Uint8Array, end: number): number {
    if (this.finished) throw new Error("TraceDecoder: push after finish");
    const before = this.table.count;
    this.run(data.subarray(this.base, end), false);
    return this.table.count - before;
  }

  /** The stream has ended: decode what is left (a partial frame is then truncated). */
  finish(): TraceTable {
    if (!this.finished) {
      this.run(this.pending, true);
      this.table.text += this.textDecoder.decode();
      this.finished = true;
    }
    return this.table;
  }

  private problem(offset: number, message: string): void {
    if (this.strict) throw new TraceError(offset, message);
    this.table.warnings.push(`offset ${offset}: ${message}`);
  }

  private addText(data: Uint8Array, from: number, to: number): void {
    if (to > from) this.table.text += this.textDecoder.decode(data.subarray(from, to), { stream: true });
  }

  /** Decode data (which starts at stream offset this.base); keep what cannot be decided yet. */
  private run(data: Uint8Array, final: boolean): void {
    const n = data.length;
    let pos = 0;
    for (;;) {
      // Back-to-back frames (the common case) need no search.
      let start = data[pos] === SYNC0 && data[pos + 1] === SYNC1 ? pos : data.indexOf(SYNC0, pos);
      while (start >= 0 && start + 1 < n && data[start + 1] !== SYNC1) start = data.indexOf(SYNC0, start + 1);
      if (start < 0 || (start + 1 >= n && final)) {
        this.addText(data, pos, n);
        pos = n;
        break;
      }
      if (start + 1 >= n || (!final && n - start < DECIDE_LEN && !this.decidable(data, start))) {
        // A sync (or half of one) whose frame has not fully arrived: wait for more bytes.
        this.addText(data, pos, start);
        pos = start;
        break;
      }
      this.addText(data, pos, start);
      const badEnd = this.frameAt(data, start);
      if (badEnd < 0) {
        pos = start + FRAME_LEN;
        continue;
      }
      // Bad frame (lenient mode): drop its bytes, but never past the next sync.
      const resync = findSync(data, start + 1);
      pos = resync < 0 ? badEnd : Math.min(badEnd, resync);
    }
    this.base += pos;
    this.pending = pos >= n ? new Uint8Array(0) : data.slice(pos);
  }

  /**
   * Whether the frame at start can be decoded before the byte after it arrives: it is whole
   * and will not be dropped (strict mode stops at any problem; in lenient mode only a good
   * length, checksum and type keep the decoder from searching for a resync, which looks at
   * the next byte too). A live stream's last record is then shown at once.
   */
  private decidable(data: Uint8Array, start: number): boolean {
    if (data.length - start < FRAME_LEN) return false;
    if (this.strict) return true;
    if (data[start + 2] !== PAYLOAD_LEN) return false;
    const [sum1, sum2] = fletcher16(data, start + 2, start + 3 + PAYLOAD_LEN);
    if (data[start + 3 + PAYLOAD_LEN] !== sum1 || data[start + 4 + PAYLOAD_LEN] !== sum2) return false;
    return this.checks[data[start + 3] | (data[start + 4] << 8)] !== undefined;
  }

  /** Decode the frame at start: -1 if good, else where its bad bytes end. */
  private frameAt(data: Uint8Array, start: number): number {
    const offset = this.base + start;
    const n = data.length;
    if (start + 3 > n) {
      this.problem(offset, `truncated frame: stream ends ${n - start} bytes after the sync`);
      return n;
    }
    const length = data[start + 2];
    if (length !== PAYLOAD_LEN) {
      this.problem(offset, `bad frame length ${length} (expected ${PAYLOAD_LEN})`);
      return start + 3;
    }
    if (start + FRAME_LEN > n) {
      this.problem(offset, `truncated frame: need ${FRAME_LEN} bytes, stream has ${n - start}`);
      return n;
    }
    let sum1 = 0;
    let sum2 = 0;
    for (let i = start + 2, end = start + 3 + PAYLOAD_LEN; i < end; i++) {
      sum1 += data[i];
      sum2 += sum1;
    }
    const got1 = sum1 % 255;
    const got2 = sum2 % 255;
    const want1 = data[start + 3 + PAYLOAD_LEN];
    const want2 = data[start + 4 + PAYLOAD_LEN];
    if (want1 !== got1 || want2 !== got2) {
      this.problem(offset, `bad checksum: frame has ${hex2(want1)} ${hex2(want2)}, computed ${hex2(got1)} ${hex2(got2)}`);
      return start + FRAME_LEN;
    }
    const p = start + 3;
    const type = data[p] | (data[p + 1] << 8);
    const flags = data[p + 2] | (data[p + 3] << 8);
    const seq = u32(data, p + 4);
    const check = this.checks[type];
    if (check === undefined) {
      this.problem(offset, `unknown event type ${type} (seq ${seq}); not in kernel/trace_events.h`);
      return start + FRAME_LEN;
    }
    this.checkSeq(offset, seq);
    const table = this.table;
    const row = table.count;
    if (row === table.type.length) grow(table);
    table.type[row] = type;
    table.line[row] = flags;
    table.seq[row] = seq;
    table.ts[row] = u32(data, p + 8) + u32(data, p + 12) * 4294967296;
    const a = row * 4;
    const args = table.args;
    args[a] = u32(data, p + 16);
    args[a + 1] = u32(data, p + 20);
    args[a + 2] = u32(data, p + 24);
    args[a + 3] = u32(data, p + 28);
    const named = check.named;
    for (let k = 0; k < named.length; k++) {
      const checked = named[k]; // (indexed, not destructured: this runs a million times, cold)
      const value = args[a + checked[0]];
      if (!(value in checked[3])) this.problem(offset, `${check.name}: ${checked[1]} ${value} is not in ${checked[2]}_LIST`);
    }
    table.count = row + 1;
    if (check.isLost && check.lostArg >= 0) {
      const count = args[a + check.lostArg];
      table.lost += count;
      this.allowedJump = count;
      this.lostOffset = offset;
    }
    return -1;
  }

  /** Check seq against the expected next number (a `lost` record allows one jump). */
  private checkSeq(offset: number, seq: number): void {
    const expected = this.expectedSeq;
    const jump = this.allowedJump;
    this.allowedJump = 0;
    this.expectedSeq = seq + 1;
    if (seq === expected || (jump && seq === expected + jump)) return;
    if (seq < expected) {
      this.problem(offset, `sequence went backwards: seq ${seq} after ${expected - 1}`);
    } else if (jump) {
      this.problem(offset, `sequence gap: seq ${seq}, expected ${expected} or ${expected + jump} ` +
        `(lost record at offset ${this.lostOffset} reported ${jump})`);
    } else {
      this.problem(offset, `sequence gap: seq ${seq}, expected ${expected} ` +
        `(${seq - expected} records missing, no lost record explains it)`);
    }
  }
}

function u32(data: Uint8Array, p: number): number {
  return (data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24)) >>> 0;
}

function findSync(data: Uint8Array, from: number): number {
  for (let i = data.indexOf(SYNC0, from); i >= 0 && i + 1 < data.length; i = data.indexOf(SYNC0, i + 1)) {
    if (data[i + 1] === SYNC1) return i;
  }
  return -1;
}

/** Double the table's room (live traces grow without bound). */
function grow(table: TraceTable): void {
  const rows = Math.max(INITIAL_ROWS, table.type.length * 2);
  const more = <T extends Uint16Array | Uint32Array | Float64Array>(old: T, size: number): T => {
    const next = new (old.constructor as new (n: number) => T)(size);
    next.set(old);
    return next;
  };
  table.type = more(table.type, rows);
  table.line = more(table.line, rows);
  table.seq = more(table.seq, rows);
  table.ts = more(table.ts, rows);
  table.args = more(table.args, rows * 4);
}

/** Decode a whole capture at once (strict by default: throws TraceError on damage). */
export function decodeTrace(data: Uint8Array, schema: Schema, options: DecodeOptions = {}): TraceTable {
  const decoder = new TraceDecoder(schema, options, Math.max(16, Math.ceil(data.length / FRAME_LEN)));
  decoder.push(data);
  return decoder.finish();
}
