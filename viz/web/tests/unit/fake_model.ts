/**
 * Hand-made Model objects for the views-b unit tests (caps, memory, blocked, diff), kept to
 * the types of src/model/types.ts: the tests say which threads, tasks, messages and
 * snapshots exist, and the fake answers stateAt / whyBlocked from them.
 */
import type {
  CapEntry,
  Mapping,
  Message,
  Model,
  Snapshot,
  TaskInfo,
  ThreadInfo,
  WaitLink,
  FrameUse,
} from "../../src/model/types";
import type { Schema, TraceTable } from "../../src/trace/types";

/** A schema with the events and tables the views-b code reads (ids and tables as the kernel's). */
export function fakeSchema(): Schema {
  return {
    format: "orrery-trace-schema",
    version: 1,
    events: {
      "5": { name: "frame_alloc", fields: ["paddr", "frames_in_use", "use_name", "task"] },
      "6": { name: "frame_free", fields: ["paddr", "frames_in_use", "", ""] },
      "22": { name: "ipc_send", fields: ["thread", "endpoint", "msg", "tag"] },
      "25": { name: "page_fault", fields: ["thread", "address", "eip", "access"] },
      "42": { name: "cap_install", fields: ["task", "slot", "object", "rights"] },
      "43": { name: "cap_source", fields: ["op_name", "badge", "from_task", "from_slot"] },
      "44": { name: "cap_remove", fields: ["task", "slot", "object", "remove_name"] },
      "45": { name: "cap_revoke", fields: ["task", "slot", "removed", ""] },
      "41": { name: "task_destroy", fields: ["task", "", "", ""] },
      "46": { name: "page_map", fields: ["task", "vaddr", "paddr", "writable"] },
    },
    tables: {
      // As kernel/trace_events.h has them.
      CAP_OP: { "0": "boot", "1": "create", "2": "self", "3": "copy", "4": "mint", "5": "transfer", "6": "reply_save" },
      CAP_REMOVE: { "0": "delete", "1": "revoke", "2": "task_destroyed", "3": "used" },
      FRAME_USE: {
        "0": "kernel", "1": "page_directory", "2": "page_table", "3": "cspace", "4": "slab",
        "5": "kernel_stack", "6": "user_page", "7": "frame_object", "8": "io_bitmap",
      },
    },
    constants: {
      rights: { RIGHT_READ: 1, RIGHT_WRITE: 2, RIGHT_CONTROL: 4, RIGHT_GRANT: 8 },
    },
    sites: [],
  };
}

/** A TraceTable of the given records (event name, four args), ts = 100 * index. */
export function fakeTable(records: [string, number[]][], schema: Schema = fakeSchema()): TraceTable {
  const ids = new Map(Object.entries(schema.events).map(([id, e]) => [e.name, Number(id)]));
  const n = records.length;
  const table: TraceTable = {
    schema,
    count: n,
    type: new Uint16Array(n),
    line: new Uint16Array(n),
    seq: new Uint32Array(n),
    ts: new Float64Array(n),
    args: new Uint32Array(4 * n),
    text: "",
    warnings: [],
    lost: 0,
  };
  records.forEach(([name, args], i) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`fakeTable: no event ${name} in the schema`);
    table.type[i] = id;
    table.seq[i] = i;
    table.ts[i] = 100 * i;
    args.forEach((a, j) => (table.args[4 * i + j] = a));
  });
  return table;
}

export interface FakeParts {
  table?: TraceTable;
  threads?: ThreadInfo[];
  tasks?: TaskInfo[];
  messages?: Message[];
  /** Snapshots by index; stateAt(i) gives the one with the largest index <= i. */
  snapshots?: Snapshot[];
  whyBlocked?: (thread: number, index: number) => WaitLink[];
}

export function emptySnapshot(index: number): Snapshot {
  return { index, threads: new Map(), caps: new Map(), mappings: new Map(), frames: new Map(), children: new Map() };
}

export function fakeModel(parts: FakeParts): Model {
  const snapshots = [...(parts.snapshots ?? [])].sort((x, y) => x.index - y.index);
  // Members the model helper adds to Model (viz-model's types.ts), spread so this fake keeps
  // to both versions of the type.
  const later = {
    messageByMsg: new Map((parts.messages ?? []).map((m) => [m.msg, m])),
    capEvents: [] as number[],
    mapEvents: [] as number[],
    frameEvents: [] as number[],
    exactStates: true,
    problems: [] as { index: number; problem: string }[],
    threadStateAt: () => undefined,
  };
  return {
    ...later,
    table: parts.table ?? fakeTable([]),
    threads: new Map((parts.threads ?? []).map((t) => [t.id, t])),
    tasks: new Map((parts.tasks ?? []).map((t) => [t.id, t])),
    objects: new Map(),
    spans: new Map(),
    messages: parts.messages ?? [],
    switches: [],
    picks: [],
    irqs: [],
    stateAt(index: number): Snapshot {
      let best = emptySnapshot(index);
      for (const s of snapshots) if (s.index <= index) best = s;
      return best;
    },
    siteOf: () => undefined,
    whyBlocked: parts.whyBlocked ?? (() => []),
    extend() {},
  };
}

export function thread(id: number, task: number, name: string, createdAt = 0): ThreadInfo {
  return { id, task, name, priority: 5, createdAt };
}

export function task(id: number, name: string, createdAt = 0): TaskInfo {
  return { id, name, createdAt };
}

export function message(msg: number, kind: Message["kind"], from: number, to: number | undefined, label: number, sentAt: number): Message {
  return { msg, kind, from, to, sentAt, receivedAt: to === undefined ? undefined : sentAt + 1, label, badge: 0, words: [] };
}

export function cap(id: number, task: number, slot: number, object: number, extra: Partial<CapEntry> = {}): CapEntry {
  return { id, task, slot, object, objectType: "endpoint", rights: 15, badge: 0, op: "create", madeAt: id, ...extra };
}

export function mapping(task: number, vaddr: number, paddr: number, writable: boolean, madeAt = 0, chain: number[] = []): Mapping {
  return { task, vaddr, paddr, writable, madeAt, chain };
}

export function frame(paddr: number, use: string, task: number, since = 0): FrameUse {
  return { paddr, use, task, since };
}
