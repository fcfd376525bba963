import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/model";
import { TraceBuilder } from "./helpers/encode";
import { testSchema } from "./helpers/schema";

const schema = testSchema();
const CALL = Number(Object.entries(schema.constants.syscalls).find(([, n]) => n === "call")![0]);
const SEND = Number(Object.entries(schema.constants.syscalls).find(([, n]) => n === "send")![0]);

/** A client (task 1, thread 2) calls a server (task 10, thread 11) on endpoint 3. */
function pingPong(options: { syscalls?: boolean } = {}) {
  const b = new TraceBuilder(schema);
  const r: Record<string, number> = {};
  b.rec("task_create", { task: 1, parent: 0, quota: 4096 });
  b.rec("task_name", { task: 1, name: "client" });
  r.create2 = b.rec("thread_create", { thread: 2, task: 1, priority: 5 });
  b.rec("thread_name", { thread: 2, name: "pinger" });
  b.rec("task_create", { task: 10, parent: 1, quota: 4096 });
  r.create11 = b.rec("thread_create", { thread: 11, task: 10, priority: 7 });
  b.rec("object_create", { object: 3, type_name: "endpoint", task: 1 });
  b.rec("thread_state", { thread: 11, state_name: "blocked_recv", object: 3 });
  r.switch = b.rec("context_switch", { from_thread: 0, to_thread: 2, reason: 1 });
  if (options.syscalls !== false) b.rec("syscall_entry", { thread: 2, number: CALL, arg0: 4, arg1: 0 });
  r.send = b.rec("ipc_send", { thread: 2, endpoint: 3, msg: 1, tag: (7 << 16) | 2 });
  b.rec("ipc_words", { msg: 1, word0: 10, word1: 20, word2: 30 });
  r.recv = b.rec("ipc_recv", { thread: 11, from_thread: 2, msg: 1, badge: 42 });
  b.rec("thread_state", { thread: 11, state_name: "ready", object: 0 });
  r.blocked = b.rec("thread_state", { thread: 2, state_name: "blocked_reply", object: 11 });
  r.switch2 = b.rec("context_switch", { from_thread: 2, to_thread: 11, reason: 3 });
  r.reply = b.rec("ipc_reply", { thread: 11, to_thread: 2, msg: 2, tag: 1 << 16 });
  r.recv2 = b.rec("ipc_recv", { thread: 2, from_thread: 11, msg: 2, badge: 0 });
  r.ready = b.rec("thread_state", { thread: 2, state_name: "ready", object: 0 });
  r.wait = b.rec("thread_state", { thread: 11, state_name: "blocked_recv", object: 3 });
  r.back = b.rec("context_switch", { from_thread: 11, to_thread: 2, reason: 3 });
  if (options.syscalls !== false) b.rec("syscall_entry", { thread: 2, number: SEND, arg0: 4, arg1: 0 });
  r.send3 = b.rec("ipc_send", { thread: 2, endpoint: 3, msg: 3, tag: 0 });
  r.exit = b.rec("thread_exit", { thread: 2, reason: 1 });
  return { table: b.table(), r };
}

describe("threads and tasks", () => {
  it("knows names, tasks, priorities and exits", () => {
    const { table, r } = pingPong();
    const m = buildModel(table);
    expect(m.threads.get(2)).toMatchObject({ id: 2, task: 1, name: "pinger", priority: 5, createdAt: r.create2, exitedAt: r.exit, exitReason: "called" });
    expect(m.threads.get(11)).toMatchObject({ task: 10, priority: 7 });
    expect(m.tasks.get(1)).toMatchObject({ name: "client", parent: 0 });
    expect(m.tasks.get(10)).toMatchObject({ parent: 1 });
    expect(m.objects.get(3)).toMatchObject({ type: "endpoint", task: 1 });
    expect(m.switches).toEqual([r.switch, r.switch2, r.back]);
    expect(m.exactStates).toBe(true);
  });
});

describe("spans", () => {
  it("follow thread_state, refined by context switches, covering the whole trace", () => {
    const { table, r } = pingPong();
    const m = buildModel(table);
    const spans = m.spans.get(2)!.toArray().map((s) => [s.state, s.on, s.start, s.end]);
    expect(spans).toEqual([
      ["suspended", undefined, r.create2, r.switch],
      ["running", undefined, r.switch, r.blocked],
      ["blocked_reply", 11, r.blocked, r.ready],
      ["ready", undefined, r.ready, r.back],
      ["running", undefined, r.back, r.exit],
      ["dead", undefined, r.exit, table.count],
    ]);
    const server = m.spans.get(11)!.toArray().map((s) => [s.state, s.on]);
    expect(server).toEqual([["suspended", undefined], ["blocked_recv", 3], ["ready", undefined], ["running", undefined], ["blocked_recv", 3]]);
    for (const columns of m.spans.values()) {
      const list = columns.toArray();
      for (let i = 1; i < list.length; i++) expect(list[i].start).toBe(list[i - 1].end);
      expect(list[list.length - 1].end).toBe(table.count);
      for (const s of list) expect(s.t1).toBeGreaterThanOrEqual(s.t0);
    }
    expect(m.threadStateAt(2, r.blocked)?.state).toBe("blocked_reply");
    expect(m.threadStateAt(2, r.blocked - 1)?.state).toBe("running");
    expect(m.stateAt(r.blocked).threads.get(2)).toEqual({ state: "blocked_reply", on: 11 });
    expect(m.stateAt(r.create2 - 1).threads.has(2)).toBe(false);
  });
});

describe("messages", () => {
  it("pairs sends with receives, with words, badge, label and call/reply links", () => {
    const { table, r } = pingPong();
    const m = buildModel(table);
    expect(m.messages.map((x) => [x.msg, x.kind, x.from, x.to])).toEqual([
      [1, "call", 2, 11],
      [2, "reply", 11, 2],
      [3, "send", 2, undefined],
    ]);
    const call = m.messageByMsg.get(1)!;
    expect(call).toMatchObject({ endpoint: 3, sentAt: r.send, receivedAt: r.recv, label: 7, badge: 42, words: [10, 20], reply: 2 });
    expect(m.messageByMsg.get(2)).toMatchObject({ replyTo: 1, sentAt: r.reply, receivedAt: r.recv2, label: 1, words: [] });
    expect(m.problems).toEqual([]);
  });

  it("tells a call from a send without syscall records (blocked_reply, reply evidence)", () => {
    const { table } = pingPong({ syscalls: false });
    const m = buildModel(table);
    expect(m.messages.map((x) => x.kind)).toEqual(["call", "reply", "send"]);
  });

  it("reports receives of messages never sent, and repeated receives", () => {
    const b = new TraceBuilder(schema);
    b.rec("ipc_recv", { thread: 1, from_thread: 2, msg: 5, badge: 0 });
    b.rec("ipc_send", { thread: 2, endpoint: 3, msg: 6, tag: 0 });
    b.rec("ipc_recv", { thread: 1, from_thread: 2, msg: 6, badge: 0 });
    b.rec("ipc_recv", { thread: 1, from_thread: 2, msg: 6, badge: 0 });
    const m = buildModel(b.table());
    expect(m.problems.map((p) => p.index)).toEqual([0, 3]);
    expect(m.messages[0].receivedAt).toBe(2);
  });

  it("makes notification messages from signals, received by notification_recv", () => {
    const b = new TraceBuilder(schema);
    b.rec("object_create", { object: 8, type_name: "notification", task: 1 });
    const s1 = b.rec("notification_signal", { thread: 4, notification: 8, bits: 1, bits_now: 1 });
    b.rec("notification_signal", { thread: 0, notification: 8, bits: 4, bits_now: 5 });
    const got = b.rec("notification_recv", { thread: 5, notification: 8, bits: 5 });
    b.rec("notification_signal", { thread: 4, notification: 8, bits: 2, bits_now: 2 });
    const m = buildModel(b.table());
    expect(m.messages.map((x) => [x.msg, x.kind, x.from, x.to, x.endpoint, x.words, x.receivedAt])).toEqual([
      [-1, "notification", 4, 5, 8, [1], got],
      [-2, "notification", 0, 5, 8, [4], got],
      [-3, "notification", 4, undefined, 8, [2], undefined],
    ]);
    expect(m.messages[0].sentAt).toBe(s1);
  });

  it("records a transferred capability", () => {
    const b = new TraceBuilder(schema);
    b.rec("ipc_send", { thread: 2, endpoint: 3, msg: 1, tag: 0x80 });
    b.rec("ipc_recv", { thread: 4, from_thread: 2, msg: 1, badge: 0 });
    b.rec("ipc_cap", { msg: 1, task: 9, slot: 6, object: 12 });
    expect(buildModel(b.table()).messages[0].cap).toEqual({ task: 9, slot: 6, object: 12 });
  });
});

describe("sites", () => {
  it("names the function and line of each record's trace point", () => {
    const site = { event: "ipc_send", line: 81, file: "kernel/sys_ipc.c", function: "do_send" };
    const other = { event: "ipc_recv", line: 81, file: "kernel/ipc.c", function: "ipc_transfer" };
    const b = new TraceBuilder({ ...schema, sites: [other, site] });
    b.rec("ipc_send", { thread: 1, endpoint: 2, msg: 1, tag: 0 }, { line: site.line });
    b.rec("ipc_send", { thread: 1, endpoint: 2, msg: 2, tag: 0 }, { line: 1 });
    const m = buildModel(b.table());
    expect(m.siteOf(0)).toEqual(site);
    expect(m.siteOf(1)).toBeUndefined();
    expect(m.siteOf(5)).toBeUndefined();
  });
});

describe("traces of older kernels (no thread_state)", () => {
  it("infers blocked states from system calls and IPC", () => {
    const b = new TraceBuilder(schema);
    const RECV = Number(Object.entries(schema.constants.syscalls).find(([, n]) => n === "recv")![0]);
    b.rec("thread_create", { thread: 2, task: 1, priority: 5 });
    b.rec("thread_create", { thread: 11, task: 10, priority: 5 });
    b.rec("context_switch", { from_thread: 0, to_thread: 11, reason: 1 });
    b.rec("syscall_entry", { thread: 11, number: RECV, arg0: 4, arg1: 0 });
    const block = b.rec("context_switch", { from_thread: 11, to_thread: 2, reason: 3 });
    b.rec("syscall_entry", { thread: 2, number: CALL, arg0: 4, arg1: 0 });
    b.rec("ipc_send", { thread: 2, endpoint: 3, msg: 1, tag: 0 });
    const recv = b.rec("ipc_recv", { thread: 11, from_thread: 2, msg: 1, badge: 0 });
    const sw = b.rec("context_switch", { from_thread: 2, to_thread: 11, reason: 3 });
    const reply = b.rec("ipc_reply", { thread: 11, to_thread: 2, msg: 2, tag: 0 });
    const m = buildModel(b.table());
    expect(m.exactStates).toBe(false);
    expect(m.threadStateAt(11, block)?.state).toBe("blocked_recv");
    expect(m.threadStateAt(11, recv)?.state).toBe("ready");
    expect(m.threadStateAt(2, sw)).toMatchObject({ state: "blocked_reply", on: 11 });
    expect(m.threadStateAt(2, reply)?.state).toBe("ready");
    expect(m.threadStateAt(0, block)?.state).toBe("ready");
  });
});

describe("notifications to a waiter", () => {
  it("are received by the thread the signal wakes (no notification_recv record)", () => {
    const b = new TraceBuilder(schema);
    b.rec("thread_create", { thread: 7, task: 1, priority: 5 });
    b.rec("thread_state", { thread: 7, state_name: "blocked_notify", object: 9 });
    b.rec("notification_signal", { thread: 0, notification: 9, bits: 256, bits_now: 256 });
    const woken = b.rec("thread_state", { thread: 7, state_name: "ready", object: 0 });
    const m = buildModel(b.table());
    expect(m.messages[0]).toMatchObject({ kind: "notification", from: 0, to: 7, receivedAt: woken, badge: 256 });
  });
});
