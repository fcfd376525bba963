/**
 * The arithmetic between a d3-zoom transform and the shared time window, for a view whose
 * time axis runs along pixels [r0, r1] (x for the timeline, y for the sequence chart).
 * At transform (k, offset) a time t sits at offset + k * base(t), where base maps the whole
 * run onto [r0, r1]. No DOM here, so it is unit-tested.
 */

export interface TimeRange {
  t0: number;
  t1: number;
}

/** Fewest guest instructions the window may show: about one system call's entry and exit. */
export const MIN_WINDOW_INSTRUCTIONS = 20;

function base(run: TimeRange, r0: number, r1: number, t: number): number {
  return r0 + ((t - run.t0) / (run.t1 - run.t0)) * (r1 - r0);
}

function inverse(run: TimeRange, r0: number, r1: number, p: number): number {
  return run.t0 + ((p - r0) / (r1 - r0)) * (run.t1 - run.t0);
}

/** The time window shown by transform (k, offset). */
export function windowFromTransform(run: TimeRange, r0: number, r1: number, k: number, offset: number): TimeRange {
  return { t0: inverse(run, r0, r1, (r0 - offset) / k), t1: inverse(run, r0, r1, (r1 - offset) / k) };
}

/** The transform (k, offset) that shows `window`. */
export function transformFromWindow(run: TimeRange, r0: number, r1: number, window: TimeRange): { k: number; offset: number } {
  const k = (run.t1 - run.t0) / (window.t1 - window.t0);
  return { k, offset: r0 - k * base(run, r0, r1, window.t0) };
}

/** The largest zoom factor: the whole run down to MIN_WINDOW_INSTRUCTIONS. */
export function maxZoom(run: TimeRange): number {
  return Math.max(1, (run.t1 - run.t0) / MIN_WINDOW_INSTRUCTIONS);
}

/** A linear map of the window onto pixels [r0, r1]: time -> pixel, and back. */
export function windowScale(window: TimeRange, r0: number, r1: number) {
  const k = (r1 - r0) / (window.t1 - window.t0);
  return {
    toPixel: (t: number) => r0 + (t - window.t0) * k,
    toTime: (p: number) => window.t0 + (p - r0) / k,
    pixelsPerInstruction: k,
  };
}
