/**
 * buildModel(table): one pass over the records makes the threads, tasks, objects, spans,
 * messages and mapping chains, and drives the state timeline (checkpoints for stateAt).
 * extend() runs the same pass over rows the decoder added since (live mode).
 */
import { constantName, constantValue, recordText } from "../trace/schema";
import type { Site, TraceTable } from "../trace/types";
import { whyBlocked } from "./blocked";
import { ChainTracker } from "./chains";
import { StateTimeline } from "./checkpoints";
import { nameOf, resolveEvents, type Events } from "./events";
import { MessageTracker } from "./messages";
import { SiteIndex } from "./sites";
import { threadStatesAt } from "./state";
import type { SpanList } from "./span_list";
import { spanAt, ThreadTracker } from "./threads";
import type {
  Message, Model, ObjectInfo, Snapshot, TaskInfo, ThreadInfo, ThreadSpan, ThreadState, WaitLink,
} from "./types";

/** Dense codes of the events consume() handles (switch on small literals, not a chain of ids). */
const enum Code {
  none = 0,
  syscall_entry,
  context_switch,
  sched_pick,
  thread_create,
  thread_exit,
  thread_name,
  task_name,
  ipc_send,
  fault_delivered,
  ipc_recv,
  ipc_reply,
  ipc_words,
  ipc_cap,
  page_fault,
  irq_raised,
  irq_delivered,
  notification_signal,
  notification_recv,
  reply_saved,
  thread_state,
  object_create,
  object_destroy,
  task_create,
  task_destroy,
  cap_install,
  cap_remove,
  cap_revoke,
  page_map,
  page_unmap,
  frame_alloc,
  frame_free,
}

export interface ModelOptions {
  /** Fewest records between state checkpoints (see checkpoints.ts). */
  checkpointEvery?: number;
}

/** The kernel's switch reasons (sched.h), as the schema gives them, with their usual values as fallback. */
const SWITCH_BLOCK_DEFAULT = 3;
const SWITCH_EXIT_DEFAULT = 4;

/** A saved reply (reply_saved): `server` took `caller`'s call and keeps reply object `reply`. */
export interface ReplySave {
  index: number;
  server: number;
  caller: number;
  reply: number;
}

/** What an older kernel's thread will wait for if it blocks now (see threads.ts). */
interface PendingBlock {
  state: ThreadState;
  on?: number;
}

export class TraceModel implements Model {
  readonly threads: Map<number, ThreadInfo>;
  readonly tasks = new Map<number, TaskInfo>();
  readonly objects = new Map<number, ObjectInfo>();
  readonly spans: Map<number, SpanList>;
  readonly messages: Message[];
  readonly messageByMsg: Map<number, Message>;
  readonly switches: number[] = [];
  readonly picks: number[] = [];
  readonly irqs: number[] = [];
  readonly capEvents: number[] = [];
  readonly mapEvents: number[] = [];
  readonly frameEvents: number[] = [];
  readonly problems: { index: number; problem: string }[];
  /** True once the trace has had a thread_state record (see Model.exactStates). */
  exactStates = false;
  /** Saved replies in trace order (whyBlocked follows them). */
  readonly replySaves: ReplySave[] = [];
  /** Notification -> the IRQ lines delivered to it (irq_delivered). */
  readonly irqsOf = new Map<number, Set<number>>();

  private readonly ev: Events;
  private readonly threadTracker: ThreadTracker;
  private readonly messageTracker = new MessageTracker();
  private readonly chainTracker: ChainTracker;
  private readonly timeline: StateTimeline;
  private readonly siteIndex: SiteIndex;
  private readonly syscallNames: (string | undefined)[] = [];
  private readonly lastSyscall = new Map<number, string>();
  private readonly pendingBlock = new Map<number, PendingBlock>();
  private readonly switchBlock: number;
  private readonly switchExit: number;
  private readonly exitReasons = new Map<number, string>();
  private readonly implicitObjects: boolean;
  /** Threads the kernel reports the states of (thread_state): no inference for them. */
  private readonly exactThreads = new Set<number>();
  private processed = 0;
  /** Event id -> Code. */
  private readonly codes: Uint8Array;
  private lastSnapshot: Snapshot | undefined;

  constructor(readonly table: TraceTable, options: ModelOptions = {}) {
    const schema = table.schema;
    this.ev = resolveEvents(schema);
    this.implicitObjects = this.ev.object_create.id < 0;
    const maxId = Math.max(0, ...Object.keys(schema.events).map(Number));
    this.codes = new Uint8Array(Math.max(maxId + 1, 65536));
    const codeOf: Record<string, Code> = {
      syscall_entry: Code.syscall_entry,
      context_switch: Code.context_switch,
      sched_pick: Code.sched_pick,
      thread_create: Code.thread_create,
      thread_exit: Code.thread_exit,
      thread_name: Code.thread_name,
      task_name: Code.task_name,
      ipc_send: Code.ipc_send,
      fault_delivered: Code.fault_delivered,
      ipc_recv: Code.ipc_recv,
      ipc_reply: Code.ipc_reply,
      ipc_words: Code.ipc_words,
      ipc_cap: Code.ipc_cap,
      page_fault: Code.page_fault,
      irq_raised: Code.irq_raised,
      irq_delivered: Code.irq_delivered,
      notification_signal: Code.notification_signal,
      notification_recv: Code.notification_recv,
      reply_saved: Code.reply_saved,
      thread_state: Code.thread_state,
      object_create: Code.object_create,
      object_destroy: Code.object_destroy,
      task_create: Code.task_create,
      task_destroy: Code.task_destroy,
      cap_install: Code.cap_install,
      cap_remove: Code.cap_remove,
      cap_revoke: Code.cap_revoke,
      page_map: Code.page_map,
      page_unmap: Code.page_unmap,
      frame_alloc: Code.frame_alloc,
      frame_free: Code.frame_free,
    };
    for (const [name, code] of Object.entries(codeOf)) {
      const id = (this.ev as unknown as Record<string, { id: number }>)[name].id;
      if (id >= 0) this.codes[id] = code;
    }
    this.threadTracker = new ThreadTracker(table);
    this.threads = this.threadTracker.threads;
    this.spans = this.threadTracker.spans;
    this.messages = this.messageTracker.messages;
    this.messageByMsg = this.messageTracker.byMsg;
    this.problems = this.messageTracker.problems;
    this.chainTracker = new ChainTracker((thread) => this.threads.get(thread)?.task);
    this.siteIndex = new SiteIndex(table);
    for (const [key, name] of Object.entries(schema.constants?.syscalls ?? {})) {
      if (typeof name === "string") this.syscallNames[Number(key)] = name;
    }
    this.switchBlock = constantValue(schema, "switch_reason", "SWITCH_BLOCK") ?? SWITCH_BLOCK_DEFAULT;
    this.switchExit = constantValue(schema, "switch_reason", "SWITCH_EXIT") ?? SWITCH_EXIT_DEFAULT;
    for (const value of [1, 2, 3]) {
      const name = constantName(schema, "thread_exit_reason", value);
      if (name) this.exitReasons.set(value, name.replace(/^EXIT_/, "").toLowerCase());
    }
    this.timeline = new StateTimeline(
      {
        table,
        ev: this.ev,
        objectType: (id) => this.objects.get(id)?.type ?? "unknown",
        chainOf: (row) => this.chainTracker.chainOf(row),
        parentOf: (task) => this.tasks.get(task)?.parent ?? 0,
      },
      options.checkpointEvery,
    );
    this.extend();
  }

  extend(): void {
    const count = this.table.count;
    for (let row = this.processed; row < count; row++) {
      this.consume(row);
      this.timeline.advance(row);
    }
    this.processed = count;
    this.threadTracker.finish();
    this.lastSnapshot = undefined;
  }

  stateAt(index: number): Snapshot {
    const i = Math.max(-1, Math.min(index, this.processed - 1));
    if (this.lastSnapshot && this.lastSnapshot.index === i) return this.lastSnapshot;
    const state = this.timeline.at(i);
    this.lastSnapshot = state.snapshot(threadStatesAt(this.spans, i));
    return this.lastSnapshot;
  }

  threadStateAt(thread: number, index: number): ThreadSpan | undefined {
    return spanAt(this.spans.get(thread), index);
  }

  siteOf(index: number): Site | undefined {
    return this.siteIndex.siteOf(index);
  }

  whyBlocked(thread: number, index: number): WaitLink[] {
    return whyBlocked(this, thread, index);
  }

  private task(id: number, row: number): TaskInfo {
    let task = this.tasks.get(id);
    if (!task) {
      task = { id, name: "", createdAt: row };
      this.tasks.set(id, task);
    }
    return task;
  }

  private object(id: number, type: string, task: number, row: number): void {
    if (!this.objects.has(id)) this.objects.set(id, { id, type, task, createdAt: row });
  }

  /** The model's part of record `row` (the state's part is the timeline's). */
  private consume(row: number): void {
    const { table, ev } = this;
    const type = table.type[row];
    const a = row * 4;
    const args = table.args;
    const threads = this.threadTracker;
    const messages = this.messageTracker;
    switch (this.codes[type]) {
      case Code.syscall_entry: {
        const thread = args[a + ev.syscall_entry.thread];
        const name = this.syscallNames[args[a + ev.syscall_entry.number]] ?? "";
        this.lastSyscall.set(thread, name);
        threads.see(thread, row);
        if (this.infers(thread)) this.expectBlock(thread, name);
        break;
      }
      case Code.context_switch: {
        this.switches.push(row);
        const from = args[a + ev.context_switch.from_thread];
        const to = args[a + ev.context_switch.to_thread];
        const reason = args[a + ev.context_switch.reason];
        const fromState = threads.stateOf(from);
        if (!this.infers(from)) {
          if (!fromState || fromState === "running") threads.set(from, "ready", undefined, row);
        } else if (reason === this.switchExit) {
          threads.set(from, "dead", undefined, row);
        } else if (!fromState) {
          threads.set(from, "ready", undefined, row); // first seen leaving the CPU (the boot context, idle)
        } else if (reason === this.switchBlock) {
          const block = this.pendingBlock.get(from) ?? { state: "suspended" };
          threads.set(from, block.state, block.on, row);
        } else if (!fromState || fromState === "running") {
          threads.set(from, "ready", undefined, row);
        }
        if (from !== to) threads.set(to, "running", undefined, row);
        break;
      }
      case Code.sched_pick: {
        this.picks.push(row);
        threads.see(args[a + ev.sched_pick.thread], row).priority = args[a + ev.sched_pick.priority];
        break;
      }
      case Code.thread_create: {
        const thread = args[a + ev.thread_create.thread];
        const task = args[a + ev.thread_create.task];
        const info = threads.see(thread, row, task);
        info.task = task;
        info.priority = args[a + ev.thread_create.priority];
        this.task(task, row);
        if (this.implicitObjects) this.object(thread, "thread", task, row);
        if (!threads.stateOf(thread)) threads.set(thread, "suspended", undefined, row);
        break;
      }
      case Code.thread_exit: {
        const thread = args[a + ev.thread_exit.thread];
        const info = threads.see(thread, row);
        info.exitedAt = row;
        const reason = args[a + ev.thread_exit.reason];
        info.exitReason = this.exitReasons.get(reason) ?? String(reason);
        threads.set(thread, "dead", undefined, row);
        break;
      }
      case Code.thread_name: {
        threads.see(args[a + ev.thread_name.thread], row).name = recordText(table, row);
        break;
      }
      case Code.task_name: {
        this.task(args[a + ev.task_name.task], row).name = recordText(table, row);
        break;
      }
      case Code.ipc_send: {
        const thread = args[a + ev.ipc_send.thread];
        const endpoint = args[a + ev.ipc_send.endpoint];
        const kind = this.lastSyscall.get(thread) === "call" ? "call" : "send";
        messages.send(row, kind, thread, args[a + ev.ipc_send.msg], args[a + ev.ipc_send.tag], { endpoint });
        if (this.implicitObjects) this.object(endpoint, "endpoint", 0, row);
        if (this.infers(thread)) this.pendingBlock.set(thread, { state: "blocked_send", on: endpoint });
        break;
      }
      case Code.fault_delivered: {
        const thread = args[a + ev.fault_delivered.thread];
        const endpoint = args[a + ev.fault_delivered.endpoint];
        const msg = args[a + ev.fault_delivered.msg];
        messages.send(row, "fault", thread, msg, undefined, { endpoint });
        this.chainTracker.faultDelivered(row, thread, msg, args[a + ev.fault_delivered.address]);
        if (this.infers(thread)) {
          this.pendingBlock.set(thread, { state: "blocked_send", on: endpoint });
          threads.set(thread, "blocked_send", endpoint, row);
        }
        break;
      }
      case Code.ipc_recv: {
        const thread = args[a + ev.ipc_recv.thread];
        const from = args[a + ev.ipc_recv.from_thread];
        const msg = args[a + ev.ipc_recv.msg];
        messages.receive(row, thread, from, msg, args[a + ev.ipc_recv.badge]);
        this.chainTracker.received(row, msg);
        if (this.infers(thread) || this.infers(from)) this.inferReceive(row, thread, from, msg);
        break;
      }
      case Code.ipc_reply: {
        const thread = args[a + ev.ipc_reply.thread];
        const to = args[a + ev.ipc_reply.to_thread];
        messages.send(row, "reply", thread, args[a + ev.ipc_reply.msg], args[a + ev.ipc_reply.tag], { to });
        this.chainTracker.replied(row, to);
        this.wake(to, "blocked_reply", row);
        break;
      }
      case Code.ipc_words: {
        messages.words(args[a + ev.ipc_words.msg], args[a + ev.ipc_words.word0], args[a + ev.ipc_words.word1], args[a + ev.ipc_words.word2]);
        break;
      }
      case Code.ipc_cap: {
        messages.cap(args[a + ev.ipc_cap.msg], args[a + ev.ipc_cap.task], args[a + ev.ipc_cap.slot], args[a + ev.ipc_cap.object]);
        break;
      }
      case Code.page_fault: {
        this.chainTracker.pageFault(row, args[a + ev.page_fault.thread], args[a + ev.page_fault.address]);
        break;
      }
      case Code.irq_raised: {
        this.irqs.push(row);
        break;
      }
      case Code.irq_delivered: {
        const notification = args[a + ev.irq_delivered.notification];
        let lines = this.irqsOf.get(notification);
        if (!lines) this.irqsOf.set(notification, (lines = new Set()));
        lines.add(args[a + ev.irq_delivered.irq]);
        if (ev.notification_signal.id < 0) messages.signal(row, 0, notification, args[a + ev.irq_delivered.bits]);
        if (this.implicitObjects) this.object(notification, "notification", 0, row);
        break;
      }
      case Code.notification_signal: {
        messages.signal(row, args[a + ev.notification_signal.thread], args[a + ev.notification_signal.notification], args[a + ev.notification_signal.bits]);
        break;
      }
      case Code.notification_recv: {
        const thread = args[a + ev.notification_recv.thread];
        messages.notificationReceived(row, thread, args[a + ev.notification_recv.notification], args[a + ev.notification_recv.bits]);
        this.pendingBlock.delete(thread);
        this.wake(thread, "blocked_notify", row);
        break;
      }
      case Code.reply_saved: {
        const caller = args[a + ev.reply_saved.caller];
        const save = { index: row, server: args[a + ev.reply_saved.thread], caller, reply: args[a + ev.reply_saved.reply] };
        this.replySaves.push(save);
        messages.callEvidence(caller);
        if (this.implicitObjects) this.object(save.reply, "reply", 0, row);
        break;
      }
      case Code.thread_state: {
        const thread = args[a + ev.thread_state.thread];
        const value = args[a + ev.thread_state.state_name];
        const state = ev.names[type][ev.thread_state.state_name][value] as ThreadState | undefined;
        this.exactStates = true;
        this.exactThreads.add(thread);
        if (state) {
          const before = threads.stateOf(thread);
          const beforeOn = threads.onOf(thread);
          if (before === "blocked_notify" && beforeOn !== undefined && state !== "blocked_notify") {
            messages.notificationReceived(row, thread, beforeOn); // a waiter woken by a signal
          }
          threads.set(thread, state, args[a + ev.thread_state.object], row);
          if (state === "blocked_reply") messages.callEvidence(thread);
        }
        break;
      }
      case Code.object_create: {
        const id = args[a + ev.object_create.object];
        const value = args[a + ev.object_create.type_name];
        const typeName = nameOf(ev, type, ev.object_create.type_name, value);
        this.objects.set(id, { id, type: typeName, task: args[a + ev.object_create.task], createdAt: row });
        if (typeName === "task") this.task(id, row);
        break;
      }
      case Code.object_destroy: {
        const object = this.objects.get(args[a + ev.object_destroy.object]);
        if (object) object.destroyedAt = row;
        break;
      }
      case Code.task_create: {
        const task = this.task(args[a + ev.task_create.task], row);
        task.parent = args[a + ev.task_create.parent];
        task.createdAt = Math.min(task.createdAt, row);
        break;
      }
      case Code.task_destroy: {
        this.task(args[a + ev.task_destroy.task], row).destroyedAt = row;
        break;
      }
      case Code.cap_install:
      case Code.cap_remove:
      case Code.cap_revoke: {
        this.capEvents.push(row);
        break;
      }
      case Code.page_map: {
        this.mapEvents.push(row);
        this.chainTracker.mapped(row, args[a + ev.page_map.task], args[a + ev.page_map.vaddr]);
        break;
      }
      case Code.page_unmap: {
        this.mapEvents.push(row);
        break;
      }
      case Code.frame_alloc:
      case Code.frame_free: {
        this.frameEvents.push(row);
        break;
      }
    }
  }

  /** Older kernels: what `thread` waits for if its system call `name` blocks. */
  private expectBlock(thread: number, name: string): void {
    let block: PendingBlock | undefined;
    if (name === "recv" || name === "reply_recv" || name === "nb_recv") block = { state: "blocked_recv" };
    else if (name === "wait") block = { state: "blocked_notify" };
    else if (name === "sleep") block = { state: "sleeping" };
    else if (name === "thread_suspend") block = { state: "suspended" };
    if (block) this.pendingBlock.set(thread, block);
    else this.pendingBlock.delete(thread);
  }

  /** Older kernels: ipc_recv moved msg from `from` to `thread`: wake both as the kernel does. */
  private inferReceive(row: number, thread: number, from: number, msg: number): void {
    const threads = this.threadTracker;
    this.pendingBlock.delete(thread);
    this.wake(thread, "blocked_recv", row);
    const message = this.messageByMsg.get(msg);
    if (!message || message.kind === "reply") return;
    if (message.kind === "call" || message.kind === "fault") {
      this.pendingBlock.set(from, { state: "blocked_reply", on: thread });
      const state = threads.stateOf(from);
      if (state === "blocked_send" && this.infers(from)) threads.set(from, "blocked_reply", thread, row);
    } else {
      this.pendingBlock.delete(from);
      this.wake(from, "blocked_send", row);
    }
  }

  /** Whether `thread`'s blocked states are inferred (the kernel never said them). */
  private infers(thread: number): boolean {
    return !this.exactThreads.has(thread);
  }

  private wake(thread: number, from: ThreadState, row: number): void {
    if (this.infers(thread) && this.threadTracker.stateOf(thread) === from) this.threadTracker.set(thread, "ready", undefined, row);
  }
}

/** Build the model of a decoded trace (see TraceModel). */
export function buildModel(table: TraceTable, options: ModelOptions = {}): Model {
  return new TraceModel(table, options);
}
