/**
 * A minimal Model for the app shell and its views, used until src/model (helper "model")
 * lands; the lead then points main.ts at the real buildModel and deletes this file.
 *
 * It knows threads, tasks, scheduling spans, messages and the switch/pick/irq indices, from
 * thread_create, thread_name, task_name, thread_exit, context_switch, thread_state (when the
 * kernel emits it), ipc_send, ipc_recv, ipc_reply, fault_delivered, ipc_words, ipc_cap and
 * notification_signal/notification_recv. stateAt() gives thread states only (capabilities,
 * mappings and frames are the real model's job); whyBlocked() gives one link.
 */
import type { Message, Model, Snapshot, ThreadInfo, ThreadSpan, ThreadState } from "../model/types";
import type { Site, TraceTable } from "../trace/types";
import { recordFields } from "./record_fields";

/** Build the fallback Model of a decoded trace. */
export function buildModel(table: TraceTable): Model {
  const schema = table.schema;
  const names = new Map<number, string>();
  for (const [id, e] of Object.entries(schema.events)) names.set(Number(id), e.name);
  const stateTable = Object.entries(schema.tables.THREAD_STATE ?? {});
  const threads = new Map<number, ThreadInfo>();
  const tasks: Model["tasks"] = new Map();
  const spans = new Map<number, ThreadSpan[]>();
  const current = new Map<number, { state: ThreadState; on?: number; start: number; t0: number }>();
  const messages: Message[] = [];
  const byMsg = new Map<number, Message>();
  const pendingSignals = new Map<number, Message[]>(); // notification -> unreceived signals
  const switches: number[] = [];
  const picks: number[] = [];
  const irqs: number[] = [];
  const a = (i: number, k: number) => table.args[i * 4 + k];
  const thread = (id: number, at: number): ThreadInfo => {
    let t = threads.get(id);
    if (!t) {
      t = { id, task: 0, name: `thread ${id}`, priority: 0, createdAt: at };
      threads.set(id, t);
      spans.set(id, []);
    }
    return t;
  };
  const setState = (id: number, state: ThreadState, at: number, on?: number) => {
    thread(id, at);
    const now = current.get(id);
    if (now && now.state === state && now.on === on) return;
    if (now) spans.get(id)!.push({ thread: id, state: now.state, on: now.on, start: now.start, end: at, t0: now.t0, t1: table.ts[at] });
    current.set(id, { state, on, start: at, t0: table.ts[at] });
  };
  const lastFromState = new Map<number, number>(); // thread -> last thread_state record
  for (let i = 0; i < table.count; i++) {
    const name = names.get(table.type[i]);
    switch (name) {
      case "thread_create": {
        const t = thread(a(i, 0), i);
        t.task = a(i, 1);
        t.priority = a(i, 2);
        if (!tasks.has(t.task)) tasks.set(t.task, { id: t.task, name: `task ${t.task}`, createdAt: i });
        setState(t.id, "ready", i);
        break;
      }
      case "thread_name":
      case "task_name": {
        const text = String(recordFields(table, i).values.name ?? "");
        if (name === "thread_name") thread(a(i, 0), i).name = text;
        else tasks.set(a(i, 0), { ...(tasks.get(a(i, 0)) ?? { id: a(i, 0), createdAt: i }), name: text });
        break;
      }
      case "thread_exit":
        thread(a(i, 0), i).exitedAt = i;
        setState(a(i, 0), "dead", i);
        break;
      case "thread_state": {
        const state = (stateTable.find(([k]) => Number(k) === a(i, 1))?.[1] ?? "ready") as ThreadState;
        setState(a(i, 0), state, i, a(i, 2) || undefined);
        lastFromState.set(a(i, 0), i);
        break;
      }
      case "context_switch": {
        switches.push(i);
        const from = a(i, 0);
        if (current.get(from)?.state === "running" && !lastFromState.has(from)) setState(from, "ready", i);
        setState(a(i, 1), "running", i);
        break;
      }
      case "sched_pick":
        picks.push(i);
        break;
      case "irq_raised":
        irqs.push(i);
        break;
      case "ipc_send":
      case "fault_delivered":
      case "ipc_reply": {
        const tag = name === "fault_delivered" ? 0 : a(i, 3);
        const m: Message = {
          msg: a(i, 2),
          kind: name === "ipc_send" ? "send" : name === "ipc_reply" ? "reply" : "fault",
          from: a(i, 0),
          to: name === "ipc_reply" ? a(i, 1) : undefined,
          endpoint: name === "ipc_reply" ? undefined : a(i, 1),
          sentAt: i,
          receivedAt: name === "ipc_reply" ? i : undefined,
          label: tag >>> 16,
          badge: 0,
          words: [],
        };
        messages.push(m);
        byMsg.set(m.msg, m);
        break;
      }
      case "ipc_recv": {
        const m = byMsg.get(a(i, 2));
        if (m && m.receivedAt === undefined) {
          m.to = a(i, 0);
          m.receivedAt = i;
          m.badge = a(i, 3);
        }
        break;
      }
      case "reply_saved": {
        for (let k = messages.length - 1; k >= 0; k--) {
          if (messages[k].from !== a(i, 1) || messages[k].kind !== "send") continue;
          messages[k].kind = "call";
          break;
        }
        break;
      }
      case "ipc_words": {
        const m = byMsg.get(a(i, 0));
        if (m) m.words = [a(i, 1), a(i, 2), a(i, 3)];
        break;
      }
      case "ipc_cap": {
        const m = byMsg.get(a(i, 0));
        if (m) m.cap = { task: a(i, 1), slot: a(i, 2), object: a(i, 3) };
        break;
      }
      case "notification_signal": {
        const m: Message = { msg: -(i + 1), kind: "notification", from: a(i, 0), endpoint: a(i, 1), sentAt: i, label: 0, badge: a(i, 2), words: [] };
        messages.push(m);
        pendingSignals.set(m.endpoint!, [...(pendingSignals.get(m.endpoint!) ?? []), m]);
        break;
      }
      case "notification_recv": {
        for (const m of pendingSignals.get(a(i, 1)) ?? []) {
          m.to = a(i, 0);
          m.receivedAt = i;
        }
        pendingSignals.delete(a(i, 1));
        break;
      }
    }
  }
  const end = table.count;
  const tEnd = end ? table.ts[end - 1] : 0;
  for (const [id, now] of current) spans.get(id)!.push({ thread: id, state: now.state, on: now.on, start: now.start, end, t0: now.t0, t1: tEnd });

  const stateAt = (index: number): Snapshot => {
    const out: Snapshot["threads"] = new Map();
    for (const [id, list] of spans) {
      const s = list.find((span) => span.start <= index && index < span.end) ?? (index >= end - 1 ? list[list.length - 1] : undefined);
      if (s) out.set(id, { state: s.state, on: s.on });
    }
    return { index, threads: out, caps: new Map(), mappings: new Map(), frames: new Map(), children: new Map() };
  };
  const siteOf = (index: number): Site | undefined => {
    const event = names.get(table.type[index]);
    return schema.sites.find((s) => s.event === event && s.line === table.line[index]);
  };
  return {
    table,
    threads,
    tasks,
    objects: new Map(),
    spans,
    messages,
    switches,
    picks,
    irqs,
    stateAt,
    siteOf,
    whyBlocked: (id, index) => {
      const s = stateAt(index).threads.get(id);
      return s ? [{ thread: id, state: s.state, on: s.on, reason: `${s.state}${s.on ? " on " + s.on : ""}`, since: index }] : [];
    },
    extend: () => {},
  };
}
