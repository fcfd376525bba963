/**
 * The model's state against the Python state model (viz/orrery_trace/state.py, which the
 * kernel-report cross-check holds to what the kernel itself reports): capability spaces,
 * mappings, frames and thread states, at several records of the synthetic trace and of every
 * real capture real.test.ts finds. Skipped while the checkout has no state.py (set
 * ORRERY_VIZ_PYTHONPATH to another checkout's viz/ to use that one's).
 *
 * Left out on purpose: thread states of traces without thread_state records (the model
 * infers them, state.py does not), and the idle thread's state (state.py leaves a thread switched away from
 * "running" when no thread_state follows; only the idle thread is switched away so).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildModel } from "../../src/model";
import { decodeTrace } from "../../src/trace/decode";
import { oraclePath } from "./helpers/python";
import { kernelSchema, PYTHON, REPO } from "./helpers/schema";
import { syntheticTrace } from "./helpers/synthetic";

vi.setConfig({ testTimeout: 120_000 });

const IDLE_THREAD = 0;

const PROGRAM = String.raw`
import json, sys
from orrery_trace.decode import decode_stream
from orrery_trace.state import replay
records = decode_stream(open(sys.argv[1], "rb").read(), strict=False).records
out = []
for upto in json.loads(sys.argv[2]):
    s = replay(records, upto=upto)
    out.append({
        "caps": sorted([t.id, slot, c.object, c.type, c.rights, c.badge, c.op] for t in s.tasks.values() for slot, c in t.caps.items()),
        "mappings": sorted([t.id, va, m.paddr, m.writable] for t in s.tasks.values() for va, m in t.mappings.items()),
        "frames": sorted([p, f.use, f.task] for p, f in s.frames.items()),
        "threads": sorted([t.id, t.state, t.waits_on] for t in s.threads.values() if t.id != ${IDLE_THREAD}),
    })
print(json.dumps(out))
`;

const hasOracle = existsSync(join(oraclePath(), "orrery_trace", "state.py"));

function traces(): string[] {
  const dir = process.env.ORRERY_VIZ_TRACES ?? resolve(REPO, "build/viz/traces");
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".bin")).map((f) => join(dir, f)) : [];
  const last = resolve(REPO, "build/run-trace.bin");
  return found.length ? found : existsSync(last) ? [last] : [];
}

function compare(file: string) {
  const schema = kernelSchema();
  const table = decodeTrace(new Uint8Array(readFileSync(file)), schema, { strict: false });
  const model = buildModel(table);
  const end = table.count - 1;
  const indices = [...new Set([0, end >> 2, end >> 1, end - 1, end].filter((i) => i >= 0))];
  const env = { ...process.env, PYTHONPATH: oraclePath() };
  const python = JSON.parse(execFileSync(PYTHON, ["-c", PROGRAM, file, JSON.stringify(indices)], { env, maxBuffer: 1 << 30 }).toString());
  const threadsIn = new Set<number>();
  indices.forEach((index, k) => {
    const s = model.stateAt(index);
    const caps = [...s.caps].flatMap(([task, slots]) => [...slots].map(([slot, c]) => [task, slot, c.object, c.objectType, c.rights, c.badge, c.op || null]));
    const mappings = [...s.mappings].flatMap(([task, pages]) => [...pages].map(([va, m]) => [task, va, m.paddr, m.writable]));
    const frames = [...s.frames].map(([p, f]) => [p, f.use, f.task]);
    const want = python[k];
    for (const [id] of want.threads) threadsIn.add(id);
    const threads = [...s.threads].filter(([id]) => id !== IDLE_THREAD && want.threads.some((t: number[]) => t[0] === id))
      .map(([id, t]) => [id, t.state, t.on ?? 0]);
    const sort = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sort(caps), `caps at ${index}`).toEqual(sort(want.caps));
    expect(sort(mappings), `mappings at ${index}`).toEqual(sort(want.mappings));
    expect(sort(frames), `frames at ${index}`).toEqual(sort(want.frames));
    // A trace without thread_state (an older kernel): the model infers states, state.py does not.
    if (model.exactStates) expect(sort(threads), `threads at ${index}`).toEqual(sort(want.threads));
  });
  return { records: table.count, threads: threadsIn.size, caps: model.capEvents.length };
}

describe.skipIf(!hasOracle)("state against viz/orrery_trace/state.py", () => {
  it("agrees on the synthetic trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "orrery-model-"));
    const file = join(dir, "synthetic.bin");
    writeFileSync(file, syntheticTrace(kernelSchema(), 30_000, 6).bytes);
    const seen = compare(file);
    expect(seen.caps).toBeGreaterThan(100);
  });
  for (const file of traces()) {
    it(`agrees on ${file}`, () => {
      console.log(file, compare(file));
    });
  }
});
