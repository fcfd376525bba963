/**
 * What a lane of spans looks like at the current zoom, one state per pixel column, for the
 * timeline (lane_raster.ts paints the columns). The same rule as span_runs.ts: a span at
 * least a column wide covers its columns; spans thinner than a column are gathered and the
 * column takes the state that covers most of it. The difference is the cost: the spans are
 * read from the columns the model keeps them in (span_list.ts) and the pass writes into
 * arrays it is given, so a zoomed-out frame of a hundred lanes of thousands of spans allocates
 * nothing and reads each span once with no object lookups. Pure: unit-tested.
 */
import { SPAN_STATES, spanListOf, type SpanList } from "../model/span_list";
import type { ThreadSpan, ThreadState } from "../model/types";

/** Every state, by code (a column's state is an index into this list: the model's span codes). */
export const COLUMN_STATES: readonly ThreadState[] = SPAN_STATES;
/** The code of a column no span reaches. */
export const NO_STATE = 255;

/** A lane's spans as columns of numbers: the model keeps them so (span_list.ts). */
export type LaneArrays = SpanList;

/** The columns of `spans`: the model's own SpanList, or an array of spans converted once and kept. */
export function laneArrays(spans: SpanList | readonly ThreadSpan[]): LaneArrays {
  return spanListOf(spans);
}

/** Where laneStates writes: a state code per column, and the spans wide enough to label. */
export interface ColumnsOut {
  /** State code per column (NO_STATE where no span is), `columns` entries used. */
  states: Uint8Array;
  /** Indices (into the lane's spans) of spans at least `labelColumns` columns wide in the window. */
  wide: number[];
}

/**
 * The states of the window [t0, t1] of `lane` on `columns` columns (see the file comment).
 * `cover` is scratch room of at least COLUMN_STATES.length entries. Returns the number of
 * runs of equal columns (what the lane costs to draw as rectangles).
 */
export function laneStates(lane: LaneArrays, t0: number, t1: number, columns: number, labelColumns: number, out: ColumnsOut, cover: Float64Array): number {
  const { states, wide } = out;
  states.fill(NO_STATE, 0, columns);
  wide.length = 0;
  if (!(t1 > t0) || columns <= 0) return 0;
  const k = columns / (t1 - t0);
  const n = lane.length;
  const starts = lane.t0;
  const ends = lane.t1;
  const codes = lane.state;
  cover.fill(0);
  let column = -1; // the column being gathered (-1: none)
  const flush = () => {
    let best = 0;
    for (let s = 1; s < COLUMN_STATES.length; s++) if (cover[s] > cover[best]) best = s;
    states[column] = best;
    cover.fill(0);
    column = -1;
  };
  for (let i = lane.firstEndingAfter(t0); i < n; i++) {
    if (starts[i] >= t1) break;
    const a = (starts[i] - t0) * k;
    const b = (ends[i] - t0) * k;
    const p0 = a < 0 ? 0 : a;
    const p1 = b > columns ? columns : b;
    if (p1 - p0 >= 1) {
      if (column >= 0) flush();
      const c0 = Math.round(p0);
      const c1 = Math.max(c0 + 1, Math.round(p1));
      states.fill(codes[i], c0, Math.min(columns, c1));
      if (p1 - p0 >= labelColumns) wide.push(i);
      continue;
    }
    const c = Math.min(columns - 1, Math.floor(p0));
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
    }
    cover[codes[i]] += p1 - p0 + 1e-9;
  }
  if (column >= 0) flush();
  let runs = 0;
  for (let c = 0; c < columns; c++) if (states[c] !== NO_STATE && (c === 0 || states[c] !== states[c - 1])) runs++;
  return runs;
}
