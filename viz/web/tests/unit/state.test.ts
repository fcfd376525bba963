import { describe, expect, it } from "vitest";
import { buildModel, TraceModel } from "../../src/model";
import type { Snapshot } from "../../src/model";
import { decodeTrace } from "../../src/trace/decode";
import { TraceBuilder } from "./helpers/encode";
import { testSchema } from "./helpers/schema";
import { syntheticTrace } from "./helpers/synthetic";

const schema = testSchema();

/** A snapshot as plain sorted JSON, to compare two of them. */
function plain(s: Snapshot) {
  const sorted = <K, V>(m: Map<K, V>) => [...m.entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
  return {
    index: s.index,
    threads: sorted(s.threads),
    caps: sorted(s.caps).map(([t, slots]) => [t, sorted(slots)]),
    mappings: sorted(s.mappings).map(([t, pages]) => [t, sorted(pages)]),
    frames: sorted(s.frames),
    children: sorted(s.children).map(([id, kids]) => [id, [...kids].sort((a, b) => a - b)]),
  };
}

function capsScenario() {
  const b = new TraceBuilder(schema);
  const r: Record<string, number> = {};
  b.rec("object_create", { object: 3, type_name: "endpoint", task: 1 });
  r.create = b.rec("cap_install", { task: 1, slot: 4, object: 3, rights: 15 });
  b.rec("cap_source", { op_name: "create", badge: 0, from_task: 0, from_slot: 0 });
  r.mint = b.rec("cap_install", { task: 2, slot: 5, object: 3, rights: 2 });
  b.rec("cap_source", { op_name: "mint", badge: 77, from_task: 1, from_slot: 4 });
  r.copy = b.rec("cap_install", { task: 2, slot: 6, object: 3, rights: 2 });
  b.rec("cap_source", { op_name: "copy", badge: 77, from_task: 2, from_slot: 5 });
  r.other = b.rec("cap_install", { task: 1, slot: 7, object: 3, rights: 3 });
  b.rec("cap_source", { op_name: "copy", badge: 0, from_task: 1, from_slot: 4 });
  r.revoke = b.rec("cap_revoke", { task: 2, slot: 5, removed: 1 });
  r.removed = b.rec("cap_remove", { task: 2, slot: 6, object: 3, remove_name: "revoke" });
  r.deleted = b.rec("cap_remove", { task: 1, slot: 4, object: 3, remove_name: "delete" });
  b.rec("task_destroy", { task: 2 });
  r.end = b.rec("cap_install", { task: 9, slot: 1, object: 3, rights: 1 });
  return { table: b.table(), r };
}

describe("capabilities", () => {
  it("installs, derives, removes and revokes, each linked to its record", () => {
    const { table, r } = capsScenario();
    const m = buildModel(table);
    const s = m.stateAt(r.other + 1);
    expect(s.caps.get(1)!.get(4)).toMatchObject({ id: r.create, object: 3, objectType: "endpoint", rights: 15, op: "create", madeAt: r.create });
    expect(s.caps.get(1)!.get(4)!.parent).toBeUndefined();
    expect(s.caps.get(2)!.get(5)).toMatchObject({ op: "mint", badge: 77, rights: 2, parent: r.create });
    expect(s.caps.get(2)!.get(6)).toMatchObject({ op: "copy", parent: r.mint });
    expect(s.children.get(r.create)).toEqual([r.mint, r.other]);
    expect(s.children.get(r.mint)).toEqual([r.copy]);
    const after = m.stateAt(r.removed);
    expect(after.caps.get(2)!.has(6)).toBe(false);
    expect(after.children.has(r.mint)).toBe(false);
    const deleted = m.stateAt(r.deleted);
    expect(deleted.caps.get(1)!.has(4)).toBe(false);
    expect(deleted.children.has(r.create)).toBe(false); // its children are roots now
    expect(deleted.caps.get(2)!.get(5)!.parent).toBe(r.create);
    expect(m.stateAt(r.end).caps.has(2)).toBe(false); // task_destroy
    expect(m.capEvents).toEqual([r.create, r.mint, r.copy, r.other, r.revoke, r.removed, r.deleted, r.end]);
  });

  it("snapshots do not change when the model moves on", () => {
    const { table, r } = capsScenario();
    const m = buildModel(table);
    const s = m.stateAt(r.other + 1);
    const before = JSON.stringify(plain(s));
    m.stateAt(r.end);
    m.stateAt(0);
    expect(JSON.stringify(plain(s))).toBe(before);
  });
});

describe("memory", () => {
  it("maps pages and frames, with the pager chain of a demand-paged mapping", () => {
    const b = new TraceBuilder(schema);
    b.rec("thread_create", { thread: 5, task: 2, priority: 5 });
    b.rec("thread_create", { thread: 7, task: 3, priority: 5 });
    const kernelMap = b.rec("page_map", { task: 2, vaddr: 0x400000, paddr: 0x200000, writable: 0 });
    const alloc = b.rec("frame_alloc", { paddr: 0x300000, frames_in_use: 9, use_name: "frame_object", task: 3 });
    const pf = b.rec("page_fault", { thread: 5, address: 0x801234, eip: 0x1000, access: 6 });
    const fd = b.rec("fault_delivered", { thread: 5, endpoint: 9, msg: 1, address: 0x801234 });
    const recv = b.rec("ipc_recv", { thread: 7, from_thread: 5, msg: 1, badge: 0 });
    b.rec("page_map", { task: 3, vaddr: 0x801000, paddr: 0x300000, writable: 1 }); // the pager's own
    const map = b.rec("page_map", { task: 2, vaddr: 0x801000, paddr: 0x300000, writable: 1 });
    const reply = b.rec("ipc_reply", { thread: 7, to_thread: 5, msg: 2, tag: 0 });
    const unmap = b.rec("page_unmap", { task: 2, vaddr: 0x400000, paddr: 0x200000 });
    const free = b.rec("frame_free", { paddr: 0x300000, frames_in_use: 8 });
    const m = buildModel(b.table());
    const s = m.stateAt(reply);
    expect(s.mappings.get(2)!.get(0x400000)).toMatchObject({ paddr: 0x200000, writable: false, madeAt: kernelMap, chain: [] });
    expect(s.mappings.get(2)!.get(0x801000)).toMatchObject({ paddr: 0x300000, writable: true, madeAt: map, chain: [pf, fd, recv, map, reply] });
    expect(s.mappings.get(3)!.get(0x801000)!.chain).toEqual([]);
    expect(s.frames.get(0x300000)).toEqual({ paddr: 0x300000, use: "frame_object", task: 3, since: alloc });
    expect(m.stateAt(unmap).mappings.get(2)!.has(0x400000)).toBe(false);
    expect(m.stateAt(free).frames.has(0x300000)).toBe(false);
    expect(m.messages[0]).toMatchObject({ kind: "fault", from: 5, to: 7, reply: 2 });
    expect(m.mapEvents).toHaveLength(4);
    expect(m.frameEvents).toEqual([alloc, free]);
  });
});

describe("stateAt", () => {
  const trace = syntheticTrace(schema, 20_000, 5);
  const table = decodeTrace(trace.bytes, schema);

  /** The state at every index, from a model that only ever steps forward by one. */
  function forward(model: TraceModel, indices: number[]) {
    return indices.map((i) => JSON.stringify(plain(model.stateAt(i))));
  }

  it("is the same forward, backward and at random, whatever the checkpoint interval", () => {
    const indices = [-1, 0, 1, 2, 500, 1023, 1024, 1025, 4000, 9999, 15000, 19998, 19999];
    const reference = forward(new TraceModel(table, { checkpointEvery: 1_000_000 }), indices);
    for (const every of [1, 7, 1024]) {
      const m = new TraceModel(table, { checkpointEvery: every });
      const back = [...indices].reverse().map((i) => JSON.stringify(plain(m.stateAt(i)))).reverse();
      expect(back).toEqual(reference);
      const order = [7, 0, 12, 3, 5, 1, 11, 2, 9, 4, 8, 6, 10];
      for (const k of order) expect(JSON.stringify(plain(m.stateAt(indices[k])))).toBe(reference[k]);
    }
  }, 60_000);

  it("steps back one record at a time from the end to the start and forward again", () => {
    const m = buildModel(table);
    const end = table.count - 1;
    const seen: string[] = [];
    let t0 = performance.now();
    for (let i = end; i >= end - 1000; i--) seen.push(JSON.stringify(plain(m.stateAt(i))));
    const backMs = performance.now() - t0;
    t0 = performance.now();
    for (let i = end - 1000; i <= end; i++) expect(JSON.stringify(plain(m.stateAt(i)))).toBe(seen[end - i]);
    console.log(`stateAt: 1,001 steps back ${backMs.toFixed(0)} ms, forward again (with checks) ${(performance.now() - t0).toFixed(0)} ms`);
    expect(plain(m.stateAt(-1)).caps).toEqual([]);
  }, 60_000);

  it("keeps few checkpoints, at most about one entry per record", () => {
    const m = new TraceModel(table);
    const timeline = (m as unknown as { timeline: { checkpoints: { size(): number }[] } }).timeline;
    // Checkpoints are lazy: the build makes none, the first query near the end makes them.
    expect(timeline.checkpoints.length).toBe(1);
    m.stateAt(table.count - 2);
    const entries = timeline.checkpoints.reduce((n, c) => n + c.size(), 0);
    expect(timeline.checkpoints.length).toBeGreaterThan(5);
    expect(entries).toBeLessThanOrEqual(table.count);
  }, 60_000);
});
