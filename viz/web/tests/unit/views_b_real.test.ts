/**
 * The views-b logic on real traces (build/viz/traces/, written by `make viz-traces`): the diff
 * of a run against itself with every id changed finds no divergence, and a dropped message is
 * found exactly where it was; the capability history and the frame strip agree with the
 * model's own state at the end of each run (two reconstructions from one trace).
 * A missing trace skips its test, naming `make viz-traces`.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decodeTrace } from "../../src/trace/decode";
import { buildModel } from "../../src/model/index";
import type { Message, Model, ThreadInfo, TaskInfo } from "../../src/model/types";
import { diffRuns, ipcSteps } from "../../src/model/diff";
import { buildCapHistory } from "../../src/views/caps_tree";
import { frameStrip, ownerKey } from "../../src/views/memory_layout";
import { kernelSchema, REPO } from "./helpers/schema";

const TRACES = resolve(process.env.ORRERY_BUILD ?? resolve(REPO, "build"), "viz/traces");
const NAMES = ["ipc_pingpong", "ipc_many_clients", "pager_demand_zero", "driver_rtc_irq", "sysbench"];
const models = new Map<string, Model>();

function load(name: string): Model {
  if (!models.has(name)) {
    const bytes = new Uint8Array(readFileSync(resolve(TRACES, `${name}.bin`)));
    models.set(name, buildModel(decodeTrace(bytes, kernelSchema())));
  }
  return models.get(name)!;
}

/** The same run with every thread and task id moved by `shift`, as another boot might number them. */
function renumbered(model: Model, shift: number): Model {
  const threads = new Map<number, ThreadInfo>([...model.threads.values()].map((t) => [t.id + shift, { ...t, id: t.id + shift, task: t.task + shift }]));
  const tasks = new Map<number, TaskInfo>([...model.tasks.values()].map((t) => [t.id + shift, { ...t, id: t.id + shift }]));
  const messages: Message[] = model.messages.map((m) => ({ ...m, from: m.from + shift, to: m.to === undefined ? undefined : m.to + shift }));
  return { ...model, threads, tasks, messages } as Model;
}

for (const name of NAMES) {
  const present = existsSync(resolve(TRACES, `${name}.bin`));
  describe.skipIf(!present)(`${name} (real trace${present ? "" : ": missing, run make viz-traces"})`, () => {
    it("diffs equal to itself under other ids, and finds a dropped message where it was", () => {
      const model = load(name);
      const other = renumbered(model, 1000);
      expect(diffRuns(model, other).firstDivergence).toBeUndefined();
      const n = model.messages.length;
      if (n < 3) return;
      const cut = Math.floor(n / 2);
      const sorted = [...other.messages].sort((a, b) => a.sentAt - b.sentAt);
      const dropped = { ...other, messages: sorted.filter((_, i) => i !== cut) } as Model;
      const d = diffRuns(model, dropped);
      const steps = ipcSteps(model);
      // The dropped message is one of a run of equal messages (often a run of one): any of
      // them may be the one missing, so the first divergence is somewhere in that run, not
      // necessarily at the cut (driver_rtc_irq's five equal notifications: the aligner
      // matches the first four and finds the fifth missing). Exactly one row is only in a.
      let first = cut;
      let last = cut;
      while (first > 0 && steps[first - 1].key === steps[cut].key) first--;
      while (last + 1 < steps.length && steps[last + 1].key === steps[cut].key) last++;
      expect(d.firstDivergence).toBeGreaterThanOrEqual(first);
      expect(d.firstDivergence).toBeLessThanOrEqual(last);
      expect(steps[d.firstDivergence!].key).toBe(steps[cut].key);
      expect(d.rows.filter((r) => r.status !== "same")).toEqual([{ a: d.firstDivergence, status: "only_a" }]);
    });

    it("has a capability history whose live capabilities are the model's at the end", () => {
      const model = load(name);
      const end = model.stateAt(model.table.count - 1);
      const history = buildCapHistory(model.table);
      const live = [...history.nodes.values()].filter((n) => n.removedAt === undefined).map((n) => `${n.task}:${n.slot}:${n.object}:${n.id}`);
      const modelCaps = [...end.caps.values()].flatMap((slots) => [...slots.values()].map((c) => `${c.task}:${c.slot}:${c.object}:${c.id}`));
      expect(live.sort()).toEqual(modelCaps.sort());
    });

    it("has a frame strip whose last sample counts the model's frames at the end, by owner", () => {
      const model = load(name);
      const end = model.stateAt(model.table.count - 1);
      const strip = frameStrip(model.table, 50);
      const byOwner = new Map<string, number>();
      for (const use of end.frames.values()) byOwner.set(ownerKey(use), (byOwner.get(ownerKey(use)) ?? 0) + 1);
      const last = new Map([...strip.counts].map(([k, v]) => [k, v[v.length - 1]]).filter(([, v]) => v !== 0) as [string, number][]);
      expect(last).toEqual(byOwner);
    });
  });
}
