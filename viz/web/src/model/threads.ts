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
import { SpanList, STATE_CODE } from "./span_list";
import type { ThreadInfo, ThreadSpan, ThreadState } from "./types";

export class ThreadTracker {
  readonly threads = new Map<number, ThreadInfo>();
  /** Each thread's spans, in columns (span_list.ts); the last one is its state now. */
  readonly spans = new Map<number, SpanList>();

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
  stateOf(thread: number): ThreadState | undefined {
    const list = this.spans.get(thread);
    return list && list.length > 0 ? list.stateOf(list.length - 1) : undefined;
  }

  /** What the thread waits on now (its last span's object), if anything. */
  onOf(thread: number): number | undefined {
    const list = this.spans.get(thread);
    return list && list.length > 0 ? list.onOf(list.length - 1) : undefined;
  }

  /** From record `row` on, `thread` is in `state`, waiting on `on` (0 or undefined: nothing). */
  set(thread: number, state: ThreadState, on: number | undefined, row: number): void {
    let list = this.spans.get(thread);
    if (!list) {
      this.see(thread, row);
      this.spans.set(thread, (list = new SpanList(thread)));
    }
    const code = STATE_CODE[state];
    const waitOn = on ? on : NaN;
    let last = list.length - 1;
    if (last >= 0 && list.state[last] === code && sameOn(list.on[last], waitOn)) return;
    const ts = this.table.ts[row];
    if (last >= 0) {
      list.end[last] = row;
      list.t1[last] = ts;
      if (list.start[last] === row) {
        // Changed again within the same record: keep the last state only.
        list.length = last;
        last--;
        if (last >= 0 && list.state[last] === code && sameOn(list.on[last], waitOn)) return;
      }
    }
    list.push(code, waitOn, row, row + 1, ts, ts);
  }

  /** Stretch every thread's last span to the end of the table (rows [.., count)). */
  finish(): void {
    const count = this.table.count;
    if (count === 0) return;
    const tEnd = this.table.ts[count - 1];
    for (const list of this.spans.values()) {
      const last = list.length - 1;
      if (last < 0) continue;
      list.end[last] = count;
      list.t1[last] = tEnd;
    }
  }
}

/** Whether two `on` values (NaN: nothing) are the same. */
function sameOn(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** The span of `spans` that holds record `index` (start <= index < end), by binary search. */
export function spanAt(spans: SpanList | undefined, index: number): ThreadSpan | undefined {
  const i = spans ? spans.indexAt(index) : -1;
  return i < 0 ? undefined : spans!.at(i);
}
