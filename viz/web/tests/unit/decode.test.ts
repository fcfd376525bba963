import { describe, expect, it, vi } from "vitest";
import { decodeTrace, fletcher16, FRAME_LEN, TraceDecoder } from "../../src/trace/decode";
import { eventId, recordObject, tableValue } from "../../src/trace/schema";
import { TraceError, type TraceTable } from "../../src/trace/types";
import { concat, encodeRecord, textWord, writeRecord } from "./helpers/encode";
import { pythonDecode, samePath, type PythonResult } from "./helpers/python";
import { kernelSchema } from "./helpers/schema";

vi.setConfig({ testTimeout: 60_000 }); // the Python oracle is slow on a shared machine
const schema = kernelSchema();
const id = (name: string) => {
  const i = eventId(schema, name);
  if (i < 0) throw new Error(name);
  return i;
};
const BOCHS = new TextEncoder().encode("00000000000i[      ] reading configuration from bochsrc\n");

/** A small stream with text, names, name_text and a lost record explaining a gap. */
function sample(): Uint8Array {
  const phase = tableValue(schema, "BOOT_PHASE", "boot_complete");
  return concat([
    BOCHS,
    encodeRecord(id("boot_phase"), 0, 1000, [phase], 12),
    new TextEncoder().encode("caf\u00e9 text\n"),
    encodeRecord(id("thread_name"), 1, 2 ** 40 + 5, [7, textWord("ping"), textWord("pong"), 0], 52),
    encodeRecord(id("lost"), 2, 3000, [5]),
    encodeRecord(id("frame_alloc"), 8, 4000, [0x105000, 3, 0, 0], 300),
    encodeRecord(id("ipc_send"), 9, 5000, [5, 9, 1, 0x10003], 81),
    BOCHS,
  ]);
}

/** What TypeScript found, in the Python result's shape. */
function asPython(table: TraceTable): PythonResult {
  const records = [];
  for (let i = 0; i < table.count; i++) records.push(recordObject(table, i));
  return { records, text: table.text, lost: table.lost, warnings: table.warnings.map(samePath) };
}

function tsDecode(data: Uint8Array, strict: boolean): PythonResult {
  try {
    return asPython(decodeTrace(data, schema, { strict }));
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { error: { offset: e.offset, problem: samePath(e.problem) } };
  }
}

function normalise(result: PythonResult): PythonResult {
  if (result.warnings) result.warnings = result.warnings.map(samePath);
  if (result.error) result.error.problem = samePath(result.error.problem);
  return result;
}

/** Damaged variants of the sample: every kind of problem the decoders check. */
function damaged(): [string, Uint8Array][] {
  const base = sample();
  const at = BOCHS.length; // first frame
  const second = at + FRAME_LEN + "caf\u00e9 text\n".length + 1; // é is two bytes
  const flip = (offset: number, mask = 1) => {
    const d = base.slice();
    d[offset] ^= mask;
    return d;
  };
  const cases: [string, Uint8Array][] = [
    ["clean", base],
    ["bad checksum", flip(at + 20)],
    ["bad checksum byte", flip(at + FRAME_LEN - 1)],
    ["bad length", flip(at + 2, 0x40)],
    ["truncated after sync", base.slice(0, second + 2)],
    ["truncated after length", base.slice(0, second + 3)],
    ["truncated in payload", base.slice(0, second + 20)],
    ["unknown type", concat([encodeRecord(999, 0, 1, [])])],
    ["name not in table", concat([encodeRecord(id("boot_phase"), 0, 1, [999])])],
    ["sequence gap", concat([encodeRecord(id("ktest_begin"), 0, 1, [1]), encodeRecord(id("ktest_begin"), 2, 2, [1])])],
    ["sequence backwards", concat([encodeRecord(id("ktest_begin"), 3, 1, [1]), encodeRecord(id("ktest_begin"), 1, 2, [1])])],
    ["lost wrong jump", concat([encodeRecord(id("lost"), 0, 1, [4]), encodeRecord(id("ktest_begin"), 3, 2, [1])])],
    ["sync inside garbage", concat([new Uint8Array([0xa5, 0xa5, 0x5a, 0x20, 0xa5]), base])],
    ["half sync at end", concat([base, new Uint8Array([0xa5])])],
    ["resync inside bad frame", (() => {
      const d = base.slice();
      d[at + 20] = 0xa5;
      d[at + 21] = 0x5a;
      return d;
    })()],
  ];
  return cases;
}

describe("fletcher16", () => {
  it("matches the classic values", () => {
    expect(fletcher16(new TextEncoder().encode("abcde"))).toEqual([0xf0, 0xc8]);
    expect(fletcher16(new Uint8Array(0))).toEqual([0, 0]);
    const big = new Uint8Array(100000).fill(0xff);
    let s1 = 0, s2 = 0;
    for (const b of big) { s1 = (s1 + b) % 255; s2 = (s2 + s1) % 255; }
    expect(fletcher16(big)).toEqual([s1, s2]);
  });
});

describe("decodeTrace against the Python decoder", () => {
  it("decodes the same records, text and lost count", () => {
    const [python] = pythonDecode([sample()], true);
    const ts = tsDecode(sample(), true);
    expect(ts).toEqual(normalise(python));
    expect(ts.records).toHaveLength(5);
    expect(ts.records![1]).toMatchObject({ type: "thread_name", name: "pingpong", thread: 7, line: 52, ts: 2 ** 40 + 5 });
    expect(ts.lost).toBe(5);
  });

  for (const strict of [true, false]) {
    it(`agrees on damaged streams (${strict ? "strict" : "lenient"})`, () => {
      const cases = damaged();
      const python = pythonDecode(cases.map(([, d]) => d), strict);
      cases.forEach(([name, data], i) => {
        expect({ name, ...tsDecode(data, strict) }).toEqual({ name, ...normalise(python[i]) });
      });
      if (strict) expect(python.filter((r) => r.error).length).toBeGreaterThanOrEqual(cases.length - 3);
    });
  }

  it("agrees on randomly damaged streams (lenient)", () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    const base = concat(Array.from({ length: 15 }, () => sample()).map((s, k) => (k === 0 ? s : s.slice(BOCHS.length))));
    const streams: Uint8Array[] = [];
    for (let n = 0; n < 24; n++) {
      const d = base.slice();
      for (let k = 0; k < 1 + Math.floor(random() * 8); k++) d[Math.floor(random() * d.length)] = Math.floor(random() * 256);
      streams.push(n % 5 === 0 ? d.slice(0, Math.floor(random() * d.length)) : d);
    }
    const python = pythonDecode(streams, false);
    streams.forEach((d, i) => expect(tsDecode(d, false)).toEqual(normalise(python[i])));
  }, 60_000);

  it("strict errors name the offset as Python does", () => {
    const cases = damaged().filter(([name]) => name !== "clean");
    for (const [name, data] of cases) {
      const result = tsDecode(data, true);
      if (name === "sync inside garbage" || name === "half sync at end") continue; // text, not damage
      expect(result.error, name).toBeDefined();
    }
    expect(() => decodeTrace(damaged()[1][1], schema)).toThrow(/offset \d+: bad checksum/);
  });
});

describe("TraceDecoder (incremental)", () => {
  it("gives the same table for any chunking", () => {
    for (const [name, data] of damaged()) {
      const whole = tsDecode(data, false);
      for (const size of [1, 2, 3, 7, 36, 37, 38, 100]) {
        const decoder = new TraceDecoder(schema, { strict: false });
        for (let at = 0; at < data.length; at += size) decoder.push(data.subarray(at, at + size));
        expect({ name, size, ...asPython(decoder.finish()) }).toEqual({ name, size, ...whole });
      }
    }
  });

  it("gives the same table when the stream grows in one buffer (pushWhole), for any chunking", () => {
    for (const [name, data] of damaged()) {
      const whole = tsDecode(data, false);
      for (const size of [1, 3, 36, 37, 38, 100, 1 << 20]) {
        const decoder = new TraceDecoder(schema, { strict: false });
        for (let end = Math.min(size, data.length); ; end = Math.min(end + size, data.length)) {
          decoder.pushWhole(data.slice(0, data.length), end); // a new view of the same bytes each time, as a BYOB read gives
          if (end === data.length) break;
        }
        expect({ name, size, ...asPython(decoder.finish()) }).toEqual({ name, size, ...whole });
      }
    }
  });

  it("grows the table as chunks come and waits for a split frame", () => {
    const data = sample();
    const decoder = new TraceDecoder(schema, { strict: true }, 2);
    const cut = BOCHS.length + 10; // inside the first frame
    expect(decoder.push(data.subarray(0, cut))).toBe(0);
    expect(decoder.table.text).toBe(new TextDecoder().decode(BOCHS));
    expect(decoder.push(data.subarray(cut))).toBe(5);
    expect(decoder.finish().count).toBe(5);
  });

  it("shows a whole frame at once, without waiting for the next byte (live mode)", () => {
    for (const strict of [true, false]) {
      const decoder = new TraceDecoder(schema, { strict });
      const frame = encodeRecord(id("ktest_begin"), 0, 1, [7]);
      expect(decoder.push(frame.subarray(0, FRAME_LEN - 1))).toBe(0);
      expect(decoder.push(frame.subarray(FRAME_LEN - 1))).toBe(1);
    }
  });

  it("reports a frame cut at the end only when the stream ends", () => {
    const data = sample().subarray(0, BOCHS.length + 20);
    const decoder = new TraceDecoder(schema, { strict: true });
    decoder.push(data);
    expect(() => decoder.finish()).toThrow(TraceError);
  });
});

describe("speed", () => {
  it("decodes 1,000,000 records", () => {
    const n = 1_000_000;
    const buf = new Uint8Array(n * FRAME_LEN);
    const send = id("ipc_send");
    for (let i = 0; i < n; i++) writeRecord(buf, i * FRAME_LEN, send, i, 1000 + i * 37, [i & 15, 100, i + 1, 0x10002], 81);
    const t0 = performance.now();
    const table = decodeTrace(buf, schema);
    const ms = performance.now() - t0;
    console.log(`decode: ${n} records in ${ms.toFixed(0)} ms (${((n / ms) * 1000 / 1e6).toFixed(1)} M records/s)`);
    expect(table.count).toBe(n);
    expect(table.seq[n - 1]).toBe(n - 1);
  }, 60_000);
});
