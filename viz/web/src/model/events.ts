/**
 * The events the model reads, resolved once against the schema into event ids and argument
 * indices, so the model's loops compare small integers and never look up a name per record.
 * An event the schema lacks (a trace of an older kernel) gets id -1 and never matches.
 */
import { argIndex, eventId, namesTableFor } from "../trace/schema";
import type { Schema } from "../trace/types";

/** The events the model uses, with the fields it reads (by their raw header names). */
const USED = {
  lost: ["count"],
  syscall_entry: ["thread", "number"],
  context_switch: ["from_thread", "to_thread", "reason"],
  sched_pick: ["thread", "priority"],
  thread_create: ["thread", "task", "priority"],
  thread_exit: ["thread", "reason"],
  thread_name: ["thread"],
  task_name: ["task"],
  ipc_send: ["thread", "endpoint", "msg", "tag"],
  ipc_recv: ["thread", "from_thread", "msg", "badge"],
  ipc_reply: ["thread", "to_thread", "msg", "tag"],
  page_fault: ["thread", "address"],
  fault_delivered: ["thread", "endpoint", "msg", "address"],
  irq_raised: ["irq"],
  irq_delivered: ["irq", "notification", "bits"],
  reply_saved: ["thread", "caller", "reply"],
  reply_stale: ["caller", "reply"],
  notification_recv: ["thread", "notification", "bits"],
  frame_alloc: ["paddr", "use_name", "task"],
  frame_free: ["paddr"],
  object_create: ["object", "type_name", "task"],
  object_destroy: ["object"],
  task_create: ["task", "parent"],
  task_destroy: ["task"],
  cap_install: ["task", "slot", "object", "rights"],
  cap_source: ["op_name", "badge", "from_task", "from_slot"],
  cap_remove: ["task", "slot", "object"],
  cap_revoke: ["task", "slot", "removed"],
  page_map: ["task", "vaddr", "paddr", "writable"],
  page_unmap: ["task", "vaddr", "paddr"],
  thread_state: ["thread", "state_name", "object"],
  notification_signal: ["thread", "notification", "bits", "bits_now"],
  ipc_words: ["msg", "word0", "word1", "word2"],
  ipc_cap: ["msg", "task", "slot", "object"],
} as const;

export type EventName = keyof typeof USED;
type Fields<E extends EventName> = (typeof USED)[E][number];

/** An event's id (-1: not in this schema) and the argument index of each field (-1: missing). */
export type Resolved<E extends EventName> = { id: number } & { [F in Fields<E>]: number };

export type Events = { [E in EventName]: Resolved<E> } & {
  /** Event id -> names table of each argument ("" when the argument is not a "_name" one). */
  tables: string[][];
  /** Event id -> per argument, its names table as an array (value -> name; [] if none). */
  names: string[][][];
};

/** The name of a "_name" argument's value, or the value as text when its table lacks it. */
export function nameOf(ev: Events, type: number, arg: number, value: number): string {
  return ev.names[type]?.[arg]?.[value] ?? String(value);
}

/** Resolve every event of USED against a schema. */
export function resolveEvents(schema: Schema): Events {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, fields] of Object.entries(USED)) {
    const entry: Record<string, number> = { id: eventId(schema, name) };
    for (const field of fields) entry[field] = entry.id < 0 ? -1 : argIndex(schema, name, field);
    out[name] = entry;
  }
  const tables: string[][] = [];
  const names: string[][][] = [];
  for (const [id, event] of Object.entries(schema.events)) {
    tables[Number(id)] = event.fields.map((f) => (f.endsWith("_name") && f !== "name_text" ? namesTableFor(schema, f) : ""));
    names[Number(id)] = tables[Number(id)].map((table) => {
      const list: string[] = [];
      for (const [value, name] of Object.entries(table ? schema.tables[table] : {})) list[Number(value)] = name;
      return list;
    });
  }
  return { ...(out as unknown as { [E in EventName]: Resolved<E> }), tables, names };
}
