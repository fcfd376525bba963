/**
 * One thread's spans (its states from record to record) kept in columns, one array of
 * numbers per field, as the decoded trace is kept: a million-record trace has hundreds of
 * thousands of spans, and an object for each costs more to make and to collect than
 * everything else the model does. The timeline and the sequence chart read the columns
 * directly (lane_columns.ts); at(i) makes a ThreadSpan object for the few places that want
 * one (a label, a click, a test). The columns are plain arrays, not typed arrays: a lane
 * grows one span at a time, and V8 grows an array of numbers (kept unboxed) far more
 * cheaply than it reallocates typed arrays, each of which counts against its external
 * memory and brings on garbage collections. Only the first `length` entries are spans.
 */
import type { ThreadSpan, ThreadState } from "./types";

/** Every state, by code: SpanList.state[i] is an index into this list. */
export const SPAN_STATES: readonly ThreadState[] = ["ready", "running", "sleeping", "suspended", "blocked_send", "blocked_recv", "blocked_reply", "blocked_notify", "dead"];
/** The code of each state in SPAN_STATES. */
export const STATE_CODE: Readonly<Record<string, number>> = Object.fromEntries(SPAN_STATES.map((s, i) => [s, i]));

/** A span's `on` when it waits on nothing (on[] holds object ids, which are never NaN). */
const NOTHING = NaN;

export class SpanList {
  /** Spans in use (the arrays may be longer). */
  length = 0;
  /** State code (SPAN_STATES) of each span. */
  readonly state: number[] = [];
  /** The object it waits on, NaN for none. */
  readonly on: number[] = [];
  /** First record of the span, and the record after its last (exclusive). */
  readonly start: number[] = [];
  readonly end: number[] = [];
  /** Times (guest instructions) at its start and end. */
  readonly t0: number[] = [];
  readonly t1: number[] = [];

  constructor(
    /** The thread whose spans these are. */
    readonly thread: number,
  ) {}

  /** The spans of `spans` (in order) as a SpanList. */
  static of(spans: readonly ThreadSpan[], thread = spans[0]?.thread ?? -1): SpanList {
    const list = new SpanList(thread);
    for (const s of spans) list.push(STATE_CODE[s.state] ?? 0, s.on, s.start, s.end, s.t0, s.t1);
    return list;
  }

  /** Add a span at the end. */
  push(state: number, on: number | undefined, start: number, end: number, t0: number, t1: number): void {
    const i = this.length; // <= the arrays' length: they never have holes
    this.state[i] = state;
    this.on[i] = on === undefined ? NOTHING : on;
    this.start[i] = start;
    this.end[i] = end;
    this.t0[i] = t0;
    this.t1[i] = t1;
    this.length = i + 1;
  }

  /** The state of span i. */
  stateOf(i: number): ThreadState {
    return SPAN_STATES[this.state[i]];
  }

  /** What span i waits on (undefined: nothing). */
  onOf(i: number): number | undefined {
    const on = this.on[i];
    return on === on ? on : undefined; // NaN !== NaN
  }

  /** Span i as an object. */
  at(i: number): ThreadSpan {
    return { thread: this.thread, state: SPAN_STATES[this.state[i]], on: this.onOf(i), start: this.start[i], end: this.end[i], t0: this.t0[i], t1: this.t1[i] };
  }

  /** Every span as an object (for tests and small lanes). */
  toArray(): ThreadSpan[] {
    const out: ThreadSpan[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }

  /** The index of the span that holds record `index` (start <= index < end), -1 if none, by binary search. */
  indexAt(index: number): number {
    const n = this.length;
    if (n === 0 || index < this.start[0]) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first span whose end time is after t (spans are in time order, back to back). */
  firstEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.length;
    const t1 = this.t1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t1[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

}

const converted = new WeakMap<readonly ThreadSpan[], SpanList>();

/**
 * `spans` as a SpanList: itself if it is one; an array of ThreadSpan objects (tests, small
 * fixtures) is converted once and kept, and converted again when it has grown or its last
 * span was stretched.
 */
export function spanListOf(spans: SpanList | readonly ThreadSpan[]): SpanList {
  if (spans instanceof SpanList) return spans;
  const n = spans.length;
  const known = converted.get(spans);
  if (known && known.length === n && (n === 0 || known.t1[n - 1] === spans[n - 1].t1)) return known;
  const list = SpanList.of(spans);
  converted.set(spans, list);
  return list;
}
