/**
 * What a lane of spans looks like at the current zoom, as runs of pixels: a span at least a
 * pixel wide is one run of its own; spans thinner than a pixel are gathered per pixel column
 * and the column takes the state that covers most of it ("mixed" runs), so a lane of a
 * million spans costs one pass and at most a few thousand rectangles. Pure: unit-tested.
 */
import { SPAN_STATES, spanListOf, type SpanList } from "../model/span_list";
import type { ThreadSpan, ThreadState } from "../model/types";

export interface SpanRun {
  /** Pixel extent along the time axis, p1 > p0. */
  p0: number;
  p1: number;
  state: ThreadState;
  /** The one span this run shows (index into the lane's spans), or -1 for a mixed column. */
  span: number;
  /** How many spans the run stands for. */
  spans: number;
}

/** Every state, so a column's coverage is a small array indexed by state (the model's span codes). */
const STATES = SPAN_STATES;

/** First span whose end is after t (spans are in time order, back to back). */
export function firstSpanEndingAfter(spans: SpanList | readonly ThreadSpan[], t: number): number {
  return spanListOf(spans).firstEndingAfter(t);
}

/**
 * The runs of `spans` in the window [t0, t1] drawn on pixels [r0, r1].
 * Spans of zero length still count in their column (a state the thread passed through).
 */
export function spanRuns(lane: SpanList | readonly ThreadSpan[], t0: number, t1: number, r0: number, r1: number): SpanRun[] {
  const runs: SpanRun[] = [];
  const spans = spanListOf(lane);
  const starts = spans.t0;
  const ends = spans.t1;
  const codes = spans.state;
  if (!(t1 > t0) || !(r1 > r0)) return runs;
  const k = (r1 - r0) / (t1 - t0);
  const cover = new Float64Array(STATES.length); // per state: pixels covered in the column
  let column = NaN;
  let inColumn = 0;
  const flush = () => {
    if (inColumn === 0) return;
    let best = 0;
    for (let s = 1; s < cover.length; s++) if (cover[s] > cover[best]) best = s;
    const state = STATES[best];
    const last = runs[runs.length - 1];
    if (last && last.span === -1 && last.state === state && last.p1 >= column) {
      last.p1 = column + 1;
      last.spans += inColumn;
    } else runs.push({ p0: column, p1: column + 1, state, span: -1, spans: inColumn });
    cover.fill(0);
    inColumn = 0;
  };
  for (let i = spans.firstEndingAfter(t0); i < spans.length; i++) {
    if (starts[i] >= t1) break;
    const a = r0 + (starts[i] - t0) * k;
    const b = r0 + (ends[i] - t0) * k;
    const p0 = a < r0 ? r0 : a;
    const p1 = b > r1 ? r1 : b;
    if (p1 - p0 >= 1) {
      flush();
      column = NaN;
      runs.push({ p0, p1, state: STATES[codes[i]], span: i, spans: 1 });
      continue;
    }
    const c = Math.floor(p0);
    if (c !== column) {
      flush();
      column = c;
    }
    cover[codes[i]] += p1 - p0 + 1e-9;
    inColumn++;
  }
  flush();
  return runs;
}

/** Record indices (sorted, with times ts[i] ascending) visible in [t0, t1], at most one per pixel column. */
export function visiblePoints(indices: readonly number[], ts: Float64Array, t0: number, t1: number, r0: number, r1: number): { index: number; p: number; count: number }[] {
  const out: { index: number; p: number; count: number }[] = [];
  if (!(t1 > t0)) return out;
  const k = (r1 - r0) / (t1 - t0);
  const firstAtOrAfter = (t: number, from: number) => {
    let lo = from;
    let hi = indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[indices[mid]] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let i = firstAtOrAfter(t0, 0);
  while (i < indices.length && ts[indices[i]] <= t1) {
    const p = r0 + (ts[indices[i]] - t0) * k;
    const next = firstAtOrAfter(t0 + (Math.floor(p) + 1 - r0) / k, i + 1);
    out.push({ index: indices[i], p, count: next - i });
    i = next;
  }
  return out;
}
