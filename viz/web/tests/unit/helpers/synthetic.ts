/**
 * A synthetic but realistic trace of any length, for the model's size and consistency tests:
 * a server task and `clients` client tasks (one thread each) on one endpoint; each round a
 * client calls (syscall_entry call, ipc_send, ipc_words), the server receives, the client
 * blocks for the reply, the server replies and waits again, with the thread_state and
 * context_switch records the kernel writes; now and then a client mints and deletes a
 * capability, maps and unmaps a page (with its frame), or takes a page fault its pager serves.
 * Deterministic (a fixed pseudo-random sequence).
 */
import { FRAME_LEN } from "../../../src/trace/decode";
import { argIndex, eventId, namesTableFor, tableValue } from "../../../src/trace/schema";
import type { Schema } from "../../../src/trace/types";
import { writeRecord } from "./encode";

export interface Synthetic {
  bytes: Uint8Array;
  records: number;
}

export function syntheticTrace(schema: Schema, records: number, clients = 8): Synthetic {
  const buf = new Uint8Array(records * FRAME_LEN);
  let seq = 0;
  let ts = 1_000_000;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000) / 1000;
  const ids = new Map<string, { id: number; fields: string[] }>();
  const ev = (name: string) => {
    let e = ids.get(name);
    if (!e) {
      const id = eventId(schema, name);
      if (id < 0) throw new Error(`no event ${name}`);
      e = { id, fields: schema.events[String(id)].fields };
      ids.set(name, e);
    }
    return e;
  };
  const valueOf = new Map<string, number>();
  const rec = (name: string, fields: Record<string, number | string>): boolean => {
    if (seq >= records) return false;
    const e = ev(name);
    const args = [0, 0, 0, 0];
    for (const [field, value] of Object.entries(fields)) {
      const i = argIndex(schema, e.id, field);
      if (typeof value === "string") {
        const key = `${e.fields[i]}:${value}`;
        let v = valueOf.get(key);
        if (v === undefined) valueOf.set(key, (v = tableValue(schema, namesTableFor(schema, e.fields[i]), value)));
        args[i] = v;
      } else {
        args[i] = value;
      }
    }
    ts += 50 + Math.floor(random() * 200);
    writeRecord(buf, seq * FRAME_LEN, e.id, seq, ts, args, 100 + e.id);
    seq++;
    return true;
  };
  const syscalls = schema.constants?.syscalls ?? {};
  const sys = (name: string) => Number(Object.entries(syscalls).find(([, n]) => n === name)?.[0] ?? 0);
  const CALL = sys("call");
  const REPLY_RECV = sys("reply_recv");
  let nextId = 1;
  const obj = (type: string, task: number) => {
    const id = nextId++;
    rec("object_create", { object: id, type_name: type, task });
    return id;
  };
  // Boot: the server task, its thread, the endpoint; the clients.
  const serverTask = obj("task", 0);
  rec("task_create", { task: serverTask, parent: 0, quota: 1 << 20 });
  const server = obj("thread", serverTask);
  rec("thread_create", { thread: server, task: serverTask, priority: 10 });
  const endpoint = obj("endpoint", serverTask);
  rec("cap_install", { task: serverTask, slot: 4, object: endpoint, rights: 15 });
  rec("cap_source", { op_name: "create", badge: 0, from_task: 0, from_slot: 0 });
  const client: { task: number; thread: number; slots: number }[] = [];
  for (let c = 0; c < clients; c++) {
    const task = obj("task", serverTask);
    rec("task_create", { task, parent: serverTask, quota: 1 << 16 });
    const thread = obj("thread", task);
    rec("thread_create", { thread, task, priority: 5 });
    rec("cap_install", { task, slot: 4, object: endpoint, rights: 2 });
    rec("cap_source", { op_name: "mint", badge: c + 1, from_task: serverTask, from_slot: 4 });
    rec("thread_state", { thread, state_name: "ready", object: 0 });
    client.push({ task, thread, slots: 5 });
  }
  rec("thread_state", { thread: server, state_name: "blocked_recv", object: endpoint });
  let msg = 1;
  let running = server;
  let frame = 0x400000;
  while (seq < records) {
    const c = client[Math.floor(random() * clients)];
    rec("sched_pick", { thread: c.thread, priority: 5 });
    rec("context_switch", { from_thread: running, to_thread: c.thread, reason: 2 });
    rec("thread_state", { thread: c.thread, state_name: "running", object: 0 });
    running = c.thread;
    const r = random();
    if (r < 0.1) {
      // Mint a capability, later delete it.
      const slot = c.slots++;
      rec("syscall_entry", { thread: c.thread, number: sys("cap_mint"), arg0: 4, arg1: c.task });
      rec("cap_install", { task: c.task, slot, object: endpoint, rights: 2 });
      rec("cap_source", { op_name: "mint", badge: 99, from_task: c.task, from_slot: 4 });
      if (random() < 0.8) rec("cap_remove", { task: c.task, slot, object: endpoint, remove_name: "delete" });
    } else if (r < 0.2) {
      const vaddr = 0x1000_0000 + Math.floor(random() * 64) * 4096;
      rec("frame_alloc", { paddr: frame, frames_in_use: 100, use_name: "user_page", task: c.task });
      rec("page_map", { task: c.task, vaddr, paddr: frame, writable: 1 });
      if (random() < 0.5) {
        rec("page_unmap", { task: c.task, vaddr, paddr: frame });
        rec("frame_free", { paddr: frame, frames_in_use: 99 });
      }
      frame += 4096;
    }
    // The call.
    rec("syscall_entry", { thread: c.thread, number: CALL, arg0: 4, arg1: 0x10002 });
    const call = msg++;
    rec("ipc_send", { thread: c.thread, endpoint, msg: call, tag: 0x10002 });
    rec("ipc_words", { msg: call, word0: call, word1: c.thread, word2: 0 });
    rec("ipc_recv", { thread: server, from_thread: c.thread, msg: call, badge: client.indexOf(c) + 1 });
    rec("thread_state", { thread: server, state_name: "ready", object: 0 });
    rec("thread_state", { thread: c.thread, state_name: "blocked_reply", object: server });
    rec("sched_pick", { thread: server, priority: 10 });
    rec("context_switch", { from_thread: c.thread, to_thread: server, reason: 3 });
    rec("thread_state", { thread: server, state_name: "running", object: 0 });
    running = server;
    rec("syscall_entry", { thread: server, number: REPLY_RECV, arg0: 4, arg1: 0x20001 });
    const reply = msg++;
    rec("ipc_reply", { thread: server, to_thread: c.thread, msg: reply, tag: 0x20001 });
    rec("ipc_words", { msg: reply, word0: reply, word1: 0, word2: 0 });
    rec("ipc_recv", { thread: c.thread, from_thread: server, msg: reply, badge: 0 });
    rec("thread_state", { thread: c.thread, state_name: "ready", object: 0 });
    rec("thread_state", { thread: server, state_name: "blocked_recv", object: endpoint });
  }
  return { bytes: buf.subarray(0, seq * FRAME_LEN), records: seq };
}
