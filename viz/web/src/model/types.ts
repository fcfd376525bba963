/**
 * What the model reconstructs from a trace alone: the kernel's threads, tasks, objects,
 * messages and, at any record (the cursor), every thread's state, every task's capability
 * space and address space, and every frame's owner. Views read only these types; they never
 * look at raw records except to show one.
 *
 * Indices ("at", "start", "madeAt"...) are row numbers in the TraceTable; `ts` values are
 * guest instructions (rdtsc under -icount). A record index i means "just after record i";
 * -1 means "before the first record".
 */
import type { Site, TraceTable } from "../trace/types";
import type { SpanList } from "./span_list";

/** A thread's scheduling state, as the kernel's enum thread_state (THREAD_STATE table). */
export type ThreadState =
  | "suspended"
  | "ready"
  | "running"
  | "sleeping"
  | "blocked_send"
  | "blocked_recv"
  | "blocked_reply"
  | "blocked_notify"
  | "dead";

export interface ThreadInfo {
  id: number;
  task: number;
  name: string;
  priority: number;
  createdAt: number;
  exitedAt?: number;
  /** "called" | "fault" | "killed" (thread_exit_reason), when it exited. */
  exitReason?: string;
}

export interface TaskInfo {
  id: number;
  name: string;
  parent?: number;
  createdAt: number;
  destroyedAt?: number;
}

/** A kernel object (one id space for all of them: kobject ids). */
export interface ObjectInfo {
  id: number;
  /** "task" | "thread" | "endpoint" | "notification" | "frame" | "irq_handler" | "io_ports" | "reply" | ... */
  type: string;
  /** The task whose quota pays for it (0: the kernel). */
  task: number;
  createdAt: number;
  destroyedAt?: number;
}

/** One stretch of a thread's life in one state, from record `start` to record `end` (exclusive). */
export interface ThreadSpan {
  thread: number;
  state: ThreadState;
  /** What it waits on: an endpoint, a notification, the thread that took its call... (object id). */
  on?: number;
  start: number;
  end: number;
  t0: number;
  t1: number;
}

export type MessageKind = "send" | "call" | "reply" | "fault" | "notification";

/** One message, paired by the kernel's message number (msg) from its send to its receive. */
export interface Message {
  msg: number;
  kind: MessageKind;
  from: number; // thread
  to?: number; // thread that received it (undefined: never received within the trace)
  endpoint?: number; // the endpoint (or notification) it went through
  sentAt: number;
  receivedAt?: number;
  label: number;
  badge: number;
  words: number[];
  /** A capability that travelled with it: where it landed. */
  cap?: { task: number; slot: number; object: number };
  /** The raw IPC tag (label << 16 | cap bit | length), when the record gave one. */
  tag?: number;
  /** For a call (or a fault): the msg of the reply that answered it. */
  reply?: number;
  /** For a reply: the msg of the call (or fault) it answers. */
  replyTo?: number;
}

/** One capability in a slot, at the cursor. */
export interface CapEntry {
  /** A stable identity: the index of the record that installed it. */
  id: number;
  task: number;
  slot: number;
  object: number;
  objectType: string;
  rights: number;
  badge: number;
  /** "create" | "copy" | "mint" | "transfer" | ... (CAP_OP table). */
  op: string;
  /** The capability (CapEntry.id) it was derived from, if any. */
  parent?: number;
  madeAt: number;
}

export interface Mapping {
  task: number;
  vaddr: number;
  paddr: number;
  writable: boolean;
  madeAt: number;
  /**
   * The records that made it, oldest first, when a pager made it: page_fault,
   * fault_delivered, the pager's ipc_recv, its map, its reply. Empty when the kernel made it.
   */
  chain: number[];
}

export interface FrameUse {
  paddr: number;
  /** FRAME_USE table name: "page_table", "kmem", "frame_object", ... */
  use: string;
  task: number;
  since: number;
}

/** The kernel's state just after one record, rebuilt from the trace. */
export interface Snapshot {
  index: number;
  threads: Map<number, { state: ThreadState; on?: number }>;
  caps: Map<number, Map<number, CapEntry>>; // task -> slot -> capability
  mappings: Map<number, Map<number, Mapping>>; // task -> page vaddr -> mapping
  frames: Map<number, FrameUse>; // paddr -> use
  /** Live derivation forest: capability id -> its children's ids. */
  children: Map<number, number[]>;
}

/** One step in the answer to "why is this thread blocked?". */
export interface WaitLink {
  thread: number;
  state: ThreadState;
  /** The object it waits on, and what that is. */
  on?: number;
  onType?: string;
  /** Plain words for the student: "waits for a receiver on endpoint 12". */
  reason: string;
  /** The record where this wait began. */
  since: number;
  /** Threads that could end this wait (the next link is the first of them, if any). */
  candidates?: number[];
  /** This thread can act (running, ready, or waiting on time or an interrupt): the chain ends here. */
  canAct?: boolean;
  /** The chain came back to a thread already in it: the next link would be `thread` again. */
  cycle?: boolean;
}

export interface Model {
  table: TraceTable;
  threads: Map<number, ThreadInfo>;
  tasks: Map<number, TaskInfo>;
  objects: Map<number, ObjectInfo>;
  /** Per thread, its spans in order, covering createdAt .. end of trace, in columns (span_list.ts). */
  spans: Map<number, SpanList>;
  messages: Message[];
  /** Messages by msg number (notifications get negative numbers: -1, -2... in trace order). */
  messageByMsg: Map<number, Message>;
  /** Indices of cap_install, cap_remove and cap_revoke records (capability changes). */
  capEvents: number[];
  /** Indices of page_map and page_unmap records. */
  mapEvents: number[];
  /** Indices of frame_alloc and frame_free records. */
  frameEvents: number[];
  /**
   * True when the trace has thread_state records (states are the kernel's own); false for
   * traces of older kernels, where blocked states are inferred from system calls and IPC
   * (per thread: a thread the kernel reports states of is never inferred).
   */
  exactStates: boolean;
  /** Records the model could not make sense of (a receive of a message never sent...), by index. */
  problems: { index: number; problem: string }[];
  /** Indices of context_switch, sched_pick and irq_raised records. */
  switches: number[];
  picks: number[];
  irqs: number[];
  /**
   * The state just after record `index` (-1: before the first). Exact, from the trace. The
   * snapshot is the caller's (later calls never change it); treat it as read-only.
   */
  stateAt(index: number): Snapshot;
  /** One thread's state just after record `index` (undefined before it exists). */
  threadStateAt(thread: number, index: number): ThreadSpan | undefined;
  /** The kernel function and line that emitted record `index`. */
  siteOf(index: number): Site | undefined;
  /** The chain of waits behind `thread` at record `index`, ending at a thread that can act (or a cycle). */
  whyBlocked(thread: number, index: number): WaitLink[];
  /** Take the rows decoded since the last call (live mode); views then redraw. */
  extend(): void;
}
