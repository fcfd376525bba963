/**
 * Threads and their spans: who exists, and each thread's state from record to record.
 *
 * The kernel's thread_state records say every change of state and what the thread waits on;
 * context_switch refines them (the thread switched to is running, the one switched from, if
 * still running, is ready), so the spans are right even where the kernel says nothing about
 * running and ready. A trace of an older kernel has no thread_state: then a thread switched
 * away with reason SWITCH_BLOCK is taken to wait for what its last system call waits for
 * (send/call: blocked_send, recv: blocked_recv, wait: blocked_notify, sleep: sleeping), and
 * IPC records wake it (ipc_recv of its message, ipc_reply to it, notification_recv). Such
 * states are marked by Model.exactStates = false.
 */
import type { TraceTable } from "../trace/types";
import type { ThreadInfo, ThreadSpan, ThreadState } from "./types";

export class ThreadTracker {
  readonly threads = new Map<number, ThreadInfo>();
  readonly spans = new Map<number, ThreadSpan[]>();
  /** The current (last) span of each thread. */
  private readonly current = new Map<number, ThreadSpan>();

  constructor(private readonly table: TraceTable) {}

  /** The thread's info, made on first sight (the idle thread has no thread_create). */
  see(thread: number, row: number, task = 0): ThreadInfo {
    let info = this.threads.get(thread);
    if (!info) {
      info = { id: thread, task, name: "", priority: 0, createdAt: row };
      this.threads.set(thread, info);
    }
    return info;
  }

  /** The thread's state now (its last span), if it has one. */
  stateOf(thread: number): ThreadSpan | undefined {
    return this.current.get(thread);
  }

  /** From record `row` on, `thread` is in `state`, waiting on `on` (0 or undefined: nothing). */
  set(thread: number, state: ThreadState, on: number | undefined, row: number): void {
    this.see(thread, row);
    const open = this.current.get(thread);
    const waitOn = on ? on : undefined;
    if (open && open.state === state && open.on === waitOn) return;
    const ts = this.table.ts[row];
    let list = this.spans.get(thread);
    if (!list) this.spans.set(thread, (list = []));
    if (open) {
      open.end = row;
      open.t1 = ts;
      if (open.start === row) {
        // Changed again within the same record: keep the last state only.
        list.pop();
        const before = list[list.length - 1];
        if (before && before.state === state && before.on === waitOn) {
          this.current.set(thread, before);
          return;
        }
      }
    }
    const span: ThreadSpan = { thread, state, on: waitOn, start: row, end: row + 1, t0: ts, t1: ts };
    list.push(span);
    this.current.set(thread, span);
  }

  /** Stretch every thread's last span to the end of the table (rows [.., count)). */
  finish(): void {
    const count = this.table.count;
    if (count === 0) return;
    const tEnd = this.table.ts[count - 1];
    for (const span of this.current.values()) {
      span.end = count;
      span.t1 = tEnd;
    }
  }
}

/** The span of `spans` that holds record `index` (start <= index < end), by binary search. */
export function spanAt(spans: ThreadSpan[] | undefined, index: number): ThreadSpan | undefined {
  if (!spans || spans.length === 0 || index < spans[0].start) return undefined;
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid].start <= index) lo = mid;
    else hi = mid - 1;
  }
  return spans[lo];
}
