/**
 * Levels of detail for one lane of spans, so a zoomed-out lane of a million spans costs
 * about as much as a zoomed-in one. Each level is the lane drawn once, over the whole run,
 * on a fixed number of buckets (spanRuns), kept as spans again: a bucket column becomes a
 * span of the state that covers most of it, a span wider than a bucket stays itself. A view
 * asks for the spans to draw for its window; it gets the coarsest level that still has at
 * least two buckets per pixel, or the lane itself when zoomed in. Built lazily, once.
 */
import type { Model, ThreadSpan } from "../model/types";
import { runExtent } from "../ui/context";
import { spanRuns } from "./span_runs";

/** Buckets per level, coarsest first. */
export const LEVEL_BUCKETS = [1 << 11, 1 << 13, 1 << 15, 1 << 17];
/** A level is fine enough when it has this many buckets per pixel in the window. */
const BUCKETS_PER_PIXEL = 2;
/** Lanes shorter than this are always drawn from their own spans. */
const MIN_SPANS_FOR_LEVELS = 4 * (1 << 11);

/** A span of a level: `source` is the lane's span it stands for, or -1 for a gathered bucket. */
export interface LevelSpan extends ThreadSpan {
  source: number;
}

export class SpanLevels {
  private levels: (LevelSpan[] | undefined)[] = LEVEL_BUCKETS.map(() => undefined);

  constructor(
    private readonly spans: readonly ThreadSpan[],
    private readonly run: { t0: number; t1: number },
  ) {}

  /** The spans to draw for `window` on `pixels` pixels, and how to find each one's lane span. */
  spansFor(window: { t0: number; t1: number }, pixels: number): { spans: readonly ThreadSpan[]; source: (i: number) => number } {
    const fraction = (window.t1 - window.t0) / (this.run.t1 - this.run.t0);
    if (this.spans.length >= MIN_SPANS_FOR_LEVELS) {
      for (let level = 0; level < LEVEL_BUCKETS.length; level++) {
        if (LEVEL_BUCKETS[level] * fraction < BUCKETS_PER_PIXEL * pixels) continue;
        const spans = this.level(level);
        if (spans.length >= this.spans.length / 2) break; // no saving: draw the lane itself
        return { spans, source: (i) => spans[i].source };
      }
    }
    return { spans: this.spans, source: (i) => i };
  }

  private level(n: number): LevelSpan[] {
    const done = this.levels[n];
    if (done) return done;
    const { t0, t1 } = this.run;
    const buckets = LEVEL_BUCKETS[n];
    const toTime = (p: number) => t0 + (p / buckets) * (t1 - t0);
    const out = spanRuns(this.spans, t0, t1, 0, buckets).map((run): LevelSpan => {
      const s = run.span >= 0 ? this.spans[run.span] : undefined;
      return {
        thread: s?.thread ?? -1,
        state: run.state,
        on: s?.on,
        start: s?.start ?? -1,
        end: s?.end ?? -1,
        t0: s ? Math.max(s.t0, t0) : toTime(run.p0),
        t1: s ? Math.min(s.t1, t1) : toTime(run.p1),
        source: run.span,
      };
    });
    this.levels[n] = out;
    return out;
  }
}

/** The levels of every thread's lane of one model, made when first asked for. */
export class LaneLevels {
  private lanes = new Map<number, SpanLevels>();

  constructor(private readonly model: Model) {}

  /** The spans of `thread` to draw for `window` on `pixels` pixels. */
  spansFor(thread: number, window: { t0: number; t1: number }, pixels: number): readonly ThreadSpan[] {
    let levels = this.lanes.get(thread);
    if (!levels) {
      levels = new SpanLevels(this.model.spans.get(thread) ?? [], runExtent(this.model));
      this.lanes.set(thread, levels);
    }
    return levels.spansFor(window, pixels).spans;
  }
}
