/**
 * Real traces of this kernel: each capture found (ORRERY_VIZ_TRACES, a folder of .bin files;
 * else build/viz/traces/ of `make viz-traces`; else build/run-trace.bin of the last `make
 * run`) is decoded as the Python decoder does it, and its model is checked for consistency:
 * messages paired as viz/orrery_trace/messages.py pairs them, spans that tile every thread's
 * life, states the same whichever way the cursor moves. Skipped when no capture exists.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildModel } from "../../src/model";
import { decodeTrace } from "../../src/trace/decode";
import { recordObject } from "../../src/trace/schema";
import { pythonDecode } from "./helpers/python";
import { kernelSchema, PYTHON, REPO } from "./helpers/schema";

vi.setConfig({ testTimeout: 120_000 });

function captures(): string[] {
  const dir = process.env.ORRERY_VIZ_TRACES ?? resolve(REPO, "build/viz/traces");
  if (existsSync(dir)) {
    const found = readdirSync(dir).filter((f) => f.endsWith(".bin")).map((f) => join(dir, f));
    if (found.length) return found;
  }
  const last = resolve(REPO, "build/run-trace.bin");
  return existsSync(last) ? [last] : [];
}

const PAIRS = String.raw`
import json, sys
from orrery_trace.decode import decode_stream
from orrery_trace.messages import pair_messages
log = pair_messages(decode_stream(open(sys.argv[1], "rb").read(), strict=False).records)
print(json.dumps([[m.msg, m.kind, m.sender, m.receiver] for m in log.messages]))
`;

const files = captures();

describe.skipIf(files.length === 0)("real traces", () => {
  for (const file of files) {
    it(`${file}: decoded as Python does, modelled consistently`, () => {
      const schema = kernelSchema();
      const data = new Uint8Array(readFileSync(file));
      const table = decodeTrace(data, schema, { strict: false });
      const [python] = pythonDecode([data], false);
      const records = [];
      for (let i = 0; i < table.count; i++) records.push(recordObject(table, i));
      expect(records).toEqual(python.records);
      expect(table.lost).toBe(python.lost);

      const model = buildModel(table);
      const env = { ...process.env, PYTHONPATH: resolve(REPO, "viz") };
      const pairs = JSON.parse(execFileSync(PYTHON, ["-c", PAIRS, file], { env }).toString()) as [number, string, number, number | null][];
      const ours = model.messages.filter((m) => m.kind !== "notification")
        .map((m) => [m.msg, m.kind === "call" ? "send" : m.kind, m.from, m.to ?? null]);
      expect(ours).toEqual(pairs);

      for (const [thread, columns] of model.spans) {
        const spans = columns.toArray();
        expect(model.threads.has(thread)).toBe(true);
        for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBe(spans[i - 1].end);
        expect(spans[spans.length - 1].end).toBe(table.count);
      }
      for (const m of model.messages) {
        if (m.kind === "notification") continue;
        expect(model.threads.has(m.from), `sender of msg ${m.msg}`).toBe(true);
        if (m.to !== undefined) expect(model.threads.has(m.to), `receiver of msg ${m.msg}`).toBe(true);
      }
      const end = table.count - 1;
      const atEnd = JSON.stringify(snapshotJson(model.stateAt(end)));
      const middle = JSON.stringify(snapshotJson(model.stateAt(end >> 1)));
      model.stateAt(-1);
      expect(JSON.stringify(snapshotJson(model.stateAt(end >> 1)))).toBe(middle);
      expect(JSON.stringify(snapshotJson(model.stateAt(end)))).toBe(atEnd);
      console.log(`${file}: ${table.count} records, ${model.threads.size} threads, ${model.messages.length} messages, ` +
        `exact states: ${model.exactStates}, ${model.capEvents.length} capability changes, ${model.problems.length} problems`);
    });
  }
});

function snapshotJson(s: ReturnType<ReturnType<typeof buildModel>["stateAt"]>) {
  return {
    threads: [...s.threads],
    caps: [...s.caps].map(([t, slots]) => [t, [...slots]]),
    mappings: [...s.mappings].map(([t, pages]) => [t, [...pages]]),
    frames: [...s.frames],
  };
}
