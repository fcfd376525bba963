/**
 * The capability history of the caps view against the model's own state (src/model), on
 * random capability traces under the kernel's schema: at every record, the live capabilities
 * of the history (and who each came from) are exactly the model's snapshot.
 */
import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/model/index";
import { buildCapHistory } from "../../src/views/caps_tree";
import { fakeTable } from "./fake_model";
import { kernelSchema } from "./helpers/schema";

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCapTrace(seed: number, n: number): [string, number[]][] {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  const out: [string, number[]][] = [];
  const ops = Object.entries(kernelSchema().tables.CAP_OP).map(([v]) => Number(v));
  const whys = Object.entries(kernelSchema().tables.CAP_REMOVE).map(([v]) => Number(v));
  while (out.length < n) {
    const task = 1 + pick(3);
    const slot = pick(5);
    const roll = r();
    if (roll < 0.5) {
      out.push(["cap_install", [task, slot, 100 + pick(4), 1 + pick(15)]]);
      if (r() < 0.9) out.push(["cap_source", [ops[pick(ops.length)], pick(3), r() < 0.3 ? 0 : 1 + pick(3), pick(5)]]);
    } else if (roll < 0.8) out.push(["cap_remove", [task, slot, 0, whys[pick(whys.length)]]]);
    else if (roll < 0.95) out.push(["cap_revoke", [task, slot, 0, 0]]);
    else out.push(["task_destroy", [task, 0, 0, 0]]);
  }
  return out;
}

describe("capability history against the model", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`agrees at every record (seed ${seed})`, () => {
      const table = fakeTable(randomCapTrace(seed, 300), kernelSchema());
      const model = buildModel(table);
      const history = buildCapHistory(table);
      for (let i = -1; i < table.count; i++) {
        const snap = model.stateAt(i);
        const fromModel = [...snap.caps.values()].flatMap((slots) => [...slots.values()].map((c) => `${c.id}@${c.task}:${c.slot} <- ${c.parent ?? "-"} ${c.op || "?"}`));
        const fromHistory = [...history.nodes.values()]
          .filter((n) => n.madeAt <= i && (n.removedAt === undefined || n.removedAt > i))
          .map((n) => `${n.id}@${n.task}:${n.slot} <- ${n.parent !== undefined && n.sourceAt! <= i ? n.parent : "-"} ${n.sourceAt !== undefined && n.sourceAt <= i ? n.op : "?"}`);
        expect(fromHistory.sort(), `record ${i}`).toEqual(fromModel.sort());
      }
    });
  }
});
