/**
 * Geometry of the IPC sequence chart, with no DOM: where each lifeline goes, where an
 * arrow's line, head and label go, which arrow a click hits, and the words on an arrow.
 * Unit-tested (tests/unit/sequence_layout.test.ts).
 */
import type { Message } from "../model/types";
import type { Lane } from "./lanes";

/** The narrowest a lifeline's column may get (pixels); more threads scroll sideways. */
export const MIN_COLUMN = 120;
/** How far a message to oneself loops out to the right. */
export const SELF_LOOP = 28;
/** Arrow head length and half width. */
export const HEAD_LENGTH = 8;
export const HEAD_HALF_WIDTH = 4;

export interface Lifeline extends Lane {
  x: number;
}

export interface TaskBand {
  task: number;
  name: string;
  x0: number;
  x1: number;
}

/** Lifelines spread over [left, right], at least MIN_COLUMN apart; and each task's band. */
export function layoutLifelines(lanes: readonly Lane[], left: number, right: number): { lifelines: Lifeline[]; bands: TaskBand[]; width: number } {
  const column = Math.max(MIN_COLUMN, (right - left) / Math.max(1, lanes.length));
  const lifelines = lanes.map((lane, n) => ({ ...lane, x: left + column * (n + 0.5) }));
  const bands: TaskBand[] = [];
  for (const l of lifelines) {
    const band = bands[bands.length - 1];
    if (band && band.task === l.task) band.x1 = l.x + column / 2;
    else bands.push({ task: l.task, name: l.taskName, x0: l.x - column / 2, x1: l.x + column / 2 });
  }
  return { lifelines, bands, width: left + column * lanes.length };
}

export interface ArrowGeometry {
  /** The line as a polyline (two points, or four for a loop to oneself). */
  points: [number, number][];
  /** The head's three corners, tip first. */
  head: [number, number][];
  /** Where the label's left end sits (text baseline just above the line). */
  label: [number, number];
}

/** An arrow from (x0, y0) to (x1, y1); x0 === x1 makes a loop out to the right. */
export function arrowGeometry(x0: number, y0: number, x1: number, y1: number): ArrowGeometry {
  const points: [number, number][] =
    x0 === x1
      ? [[x0, y0], [x0 + SELF_LOOP, y0], [x0 + SELF_LOOP, y1], [x1, y1]]
      : [[x0, y0], [x1, y1]];
  const [ax, ay] = points[points.length - 2];
  const length = Math.hypot(x1 - ax, y1 - ay) || 1;
  const ux = (x1 - ax) / length;
  const uy = (y1 - ay) / length;
  const bx = x1 - ux * HEAD_LENGTH;
  const by = y1 - uy * HEAD_LENGTH;
  const head: [number, number][] = [
    [x1, y1],
    [bx - uy * HEAD_HALF_WIDTH, by + ux * HEAD_HALF_WIDTH],
    [bx + uy * HEAD_HALF_WIDTH, by - ux * HEAD_HALF_WIDTH],
  ];
  let label: [number, number] = [x0 + SELF_LOOP + 4, (y0 + y1) / 2];
  if (x0 !== x1) {
    const lx = Math.min(x0, x1) + 6; // just right of the left-hand lifeline, on the line
    label = [lx, y0 + ((y1 - y0) * (lx - x0)) / (x1 - x0) - 3];
  }
  return { points, head, label };
}

/** Distance from point p to segment a-b. */
export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The arrow (index) nearest (px, py) within `tolerance` pixels, or -1. */
export function hitArrow(arrows: readonly { points: [number, number][] }[], px: number, py: number, tolerance = 5): number {
  let best = -1;
  let bestDistance = tolerance;
  arrows.forEach((arrow, n) => {
    for (let s = 0; s + 1 < arrow.points.length; s++) {
      const [ax, ay] = arrow.points[s];
      const [bx, by] = arrow.points[s + 1];
      const d = distanceToSegment(px, py, ax, ay, bx, by);
      if (d <= bestDistance) [best, bestDistance] = [n, d];
    }
  });
  return best;
}

/** A number as a student reads it in the kernel's source: small ones in decimal, others in hex. */
function num(n: number): string {
  return n > 9 ? `0x${n.toString(16)}` : String(n);
}

/** The words on a message's arrow: kind, label, badge, words, the capability it carried. */
export function messageLabel(m: Message): string {
  const parts = [m.kind === "notification" ? `notify bits ${num(m.badge)}` : `${m.kind} label ${num(m.label)}`];
  if (m.kind !== "notification" && m.badge) parts.push(`badge ${num(m.badge)}`);
  if (m.words.length) parts.push(`[${m.words.map(num).join(", ")}]`);
  if (m.cap) parts.push(`cap ${m.cap.object} → task ${m.cap.task} slot ${m.cap.slot}`);
  return parts.join(" · ");
}

/** The longest time any received message took from its send to its receive. */
export function maxLatency(messages: readonly Message[], ts: Float64Array): number {
  let most = 0;
  for (const m of messages) if (m.receivedAt !== undefined) most = Math.max(most, ts[m.receivedAt] - ts[m.sentAt]);
  return most;
}

/**
 * Indices of the messages (in send order) whose arrow crosses the window [t0, t1]: sent at
 * or before t1 and received (or, never received, sent) at or after t0. Binary search for
 * the first send that can matter (t0 - latency), then a scan to t1.
 */
export function visibleMessages(messages: readonly Message[], ts: Float64Array, t0: number, t1: number, latency: number): number[] {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[messages[mid].sentAt] < t0 - latency) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < messages.length; i++) {
    const m = messages[i];
    const sent = ts[m.sentAt];
    if (sent > t1) break;
    const got = m.receivedAt === undefined ? sent : ts[m.receivedAt];
    if (got >= t0) out.push(i);
  }
  return out;
}

/**
 * Pixel rows per bundle for a dense chart: the first of `first`, 2 x first, 4 x first...
 * at which arrows starting at pixel row `ys[i]` from lifeline x `froms[i]` to `tos[i]` make
 * at most `most` bundles (one line per band of rows and pair of lifelines). The lines are
 * what a zoomed-out chart costs to draw (each crosses the chart), so their number is kept
 * bounded however many messages the window holds.
 */
export function bundleRows(ys: ArrayLike<number>, froms: ArrayLike<number>, tos: ArrayLike<number>, count: number, first: number, most: number): number {
  for (let rows = first; ; rows *= 2) {
    const keys = new Set<number>();
    for (let i = 0; i < count && keys.size <= most; i++) keys.add(bundleKey(ys[i], froms[i], tos[i], rows));
    if (keys.size <= most || rows > 1 << 20) return rows;
  }
}

/** The bundle of an arrow from (fromX, y) to toX, with bands of `rows` pixel rows. */
export function bundleKey(y: number, fromX: number, toX: number, rows: number): number {
  return (Math.floor(y / rows) * 4096 + (fromX % 4096)) * 4096 + (toX % 4096);
}

/**
 * Room for labels on the chart: a label is drawn only where it overlaps no label drawn
 * before it (boxes in pixels), so a busy window shows fewer labels, never a smudge.
 */
export class LabelSpace {
  private boxes: [number, number, number, number][] = [];

  /** Take the box (x, y) .. (x + w, y + h) if it is free; true when it was. */
  take(x: number, y: number, w: number, h: number): boolean {
    for (const [bx, by, bw, bh] of this.boxes) if (x < bx + bw && bx < x + w && y < by + bh && by < y + h) return false;
    this.boxes.push([x, y, w, h]);
    return true;
  }
}
