/**
 * Levels of detail for one lane of spans, so a zoomed-out lane of a million spans costs
 * about as much as a zoomed-in one. Each level is the lane drawn once, over the whole run,
 * on a fixed number of buckets (spanRuns), kept as spans again: a bucket column becomes a
 * span of the state that covers most of it, a span wider than a bucket stays itself. A view
 * asks for the spans to draw for its window; it gets the coarsest level that still has at
 * least two buckets per pixel, or the lane itself when zoomed in. Built lazily, once. Levels
 * are kept in columns like the lanes (span_list.ts).
 */
import { SpanList, spanListOf, STATE_CODE } from "../model/span_list";
import type { Model, ThreadSpan } from "../model/types";
import { runExtent } from "../ui/context";
import { spanRuns } from "./span_runs";

/** Buckets per level, coarsest first. */
export const LEVEL_BUCKETS = [1 << 11, 1 << 13, 1 << 15, 1 << 17];
/** A level is fine enough when it has this many buckets per pixel in the window. */
const BUCKETS_PER_PIXEL = 2;
/** Lanes shorter than this are always drawn from their own spans. */
const MIN_SPANS_FOR_LEVELS = 4 * (1 << 11);

/**
 * A level: its spans (a gathered bucket has start and end -1), and for each the lane's span
 * it stands for (source), or -1 for a gathered bucket.
 */
interface Level {
  spans: SpanList;
  source: Int32Array;
}

export class SpanLevels {
  private levels: (Level | undefined)[] = LEVEL_BUCKETS.map(() => undefined);
  private readonly spans: SpanList;

  constructor(
    spans: SpanList | readonly ThreadSpan[],
    private readonly run: { t0: number; t1: number },
  ) {
    this.spans = spanListOf(spans);
  }

  /** The spans to draw for `window` on `pixels` pixels, and how to find each one's lane span. */
  spansFor(window: { t0: number; t1: number }, pixels: number): { spans: SpanList; source: (i: number) => number } {
    const fraction = (window.t1 - window.t0) / (this.run.t1 - this.run.t0);
    if (this.spans.length >= MIN_SPANS_FOR_LEVELS) {
      for (let level = 0; level < LEVEL_BUCKETS.length; level++) {
        if (LEVEL_BUCKETS[level] * fraction < BUCKETS_PER_PIXEL * pixels) continue;
        const { spans, source } = this.level(level);
        if (spans.length >= this.spans.length / 2) break; // no saving: draw the lane itself
        return { spans, source: (i) => source[i] };
      }
    }
    return { spans: this.spans, source: (i) => i };
  }

  private level(n: number): Level {
    const done = this.levels[n];
    if (done) return done;
    const { t0, t1 } = this.run;
    const buckets = LEVEL_BUCKETS[n];
    const toTime = (p: number) => t0 + (p / buckets) * (t1 - t0);
    const lane = this.spans;
    const runs = spanRuns(lane, t0, t1, 0, buckets);
    const spans = new SpanList(lane.thread);
    const source = new Int32Array(runs.length);
    runs.forEach((run, i) => {
      const s = run.span;
      source[i] = s;
      if (s >= 0) spans.push(lane.state[s], lane.onOf(s), lane.start[s], lane.end[s], Math.max(lane.t0[s], t0), Math.min(lane.t1[s], t1));
      else spans.push(STATE_CODE[run.state], undefined, -1, -1, toTime(run.p0), toTime(run.p1));
    });
    const level = { spans, source };
    this.levels[n] = level;
    return level;
  }
}

/** The levels of every thread's lane of one model, made when first asked for. */
export class LaneLevels {
  private lanes = new Map<number, SpanLevels>();

  constructor(private readonly model: Model) {}

  /** The spans of `thread` to draw for `window` on `pixels` pixels. */
  spansFor(thread: number, window: { t0: number; t1: number }, pixels: number): SpanList {
    let levels = this.lanes.get(thread);
    if (!levels) {
      levels = new SpanLevels(this.model.spans.get(thread) ?? new SpanList(thread), runExtent(this.model));
      this.lanes.set(thread, levels);
    }
    return levels.spansFor(window, pixels).spans;
  }
}
