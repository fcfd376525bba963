/**
 * A test encoder: records framed exactly as the kernel writes them (the TypeScript twin of
 * viz/orrery_trace/decode.py's encode_record), and TraceBuilder, which writes records by
 * event and field name for synthetic model tests.
 */
import { decodeTrace, FRAME_LEN, PAYLOAD_LEN } from "../../../src/trace/decode";
import { argIndex, eventId, namesTableFor, tableValue } from "../../../src/trace/schema";
import type { Schema, TraceTable } from "../../../src/trace/types";

/** One frame: sync, length, payload (type, flags, seq, ts, 4 args), Fletcher-16. */
export function encodeRecord(type: number, seq: number, ts: number, args: number[], flags = 0): Uint8Array {
  const frame = new Uint8Array(FRAME_LEN);
  writeRecord(frame, 0, type, seq, ts, args, flags);
  return frame;
}

/** encodeRecord into buf at offset (no allocation: for big synthetic traces). */
export function writeRecord(buf: Uint8Array, at: number, type: number, seq: number, ts: number, args: number[], flags = 0): void {
  const view = new DataView(buf.buffer, buf.byteOffset + at, FRAME_LEN);
  buf[at] = 0xa5;
  buf[at + 1] = 0x5a;
  buf[at + 2] = PAYLOAD_LEN;
  view.setUint16(3, type, true);
  view.setUint16(5, flags, true);
  view.setUint32(7, seq >>> 0, true);
  view.setUint32(11, ts % 4294967296, true);
  view.setUint32(15, Math.floor(ts / 4294967296), true);
  for (let i = 0; i < 4; i++) view.setUint32(19 + 4 * i, (args[i] ?? 0) >>> 0, true);
  let s1 = 0;
  let s2 = 0;
  for (let i = at + 2; i < at + 3 + PAYLOAD_LEN; i++) {
    s1 = (s1 + buf[i]) % 255;
    s2 = (s2 + s1) % 255;
  }
  buf[at + 35] = s1;
  buf[at + 36] = s2;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Four characters as a "name_text" word. */
export function textWord(text: string): number {
  let w = 0;
  for (let i = 0; i < 4 && i < text.length; i++) w |= text.charCodeAt(i) << (8 * i);
  return w >>> 0;
}

/** Writes records by name: b.rec("ipc_send", { thread: 5, endpoint: 9, msg: 1, tag: 0 }). */
export class TraceBuilder {
  readonly frames: Uint8Array[] = [];
  seq = 0;
  ts = 1000;
  constructor(readonly schema: Schema) {}

  /** Append one record; a "_name" field may be given by its table entry's name. Returns its row. */
  rec(event: string, fields: Record<string, number | string> = {}, options: { line?: number; dt?: number } = {}): number {
    const type = eventId(this.schema, event);
    if (type < 0) throw new Error(`no event ${event} in the schema`);
    const args = [0, 0, 0, 0];
    const raw = this.schema.events[String(type)].fields;
    for (const [field, value] of Object.entries(fields)) {
      if (field === "name") {
        const slots = raw.map((f, i) => (f === "name_text" ? i : -1)).filter((i) => i >= 0);
        slots.forEach((slot, k) => (args[slot] = textWord(String(value).slice(4 * k, 4 * k + 4))));
        continue;
      }
      const i = argIndex(this.schema, type, field);
      if (i < 0) throw new Error(`event ${event} has no field ${field}`);
      if (typeof value === "string") {
        const v = tableValue(this.schema, namesTableFor(this.schema, raw[i]), value);
        if (v < 0) throw new Error(`${value} is not in the table of ${event}.${field}`);
        args[i] = v;
      } else {
        args[i] = value;
      }
    }
    this.ts += options.dt ?? 10;
    this.frames.push(encodeRecord(type, this.seq, this.ts, args, options.line ?? 0));
    return this.seq++;
  }

  bytes(): Uint8Array {
    return concat(this.frames);
  }

  table(): TraceTable {
    return decodeTrace(this.bytes(), this.schema);
  }
}
