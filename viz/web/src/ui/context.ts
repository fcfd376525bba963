/**
 * The one cursor, selection and time window every view shares (the ViewContext of
 * src/ui/view.ts). Changing any of them calls the listeners at once (synchronously), so a
 * test that calls window.orrery.setCursor(i) can read window.orrery.drawn() right after.
 */
import type { Model } from "../model/types";
import type { Selection, ViewContext } from "./view";

/** The run's time extent [t0, t1] in guest instructions (t1 > t0 even for one record). */
export function runExtent(model: Model): { t0: number; t1: number } {
  const { table } = model;
  if (table.count === 0) return { t0: 0, t1: 1 };
  const t0 = table.ts[0];
  const t1 = table.ts[table.count - 1];
  return { t0, t1: t1 > t0 ? t1 : t0 + 1 };
}

/** Clamp a record index to [-1, count - 1]. */
export function clampIndex(index: number, count: number): number {
  if (!Number.isFinite(index)) return -1;
  return Math.max(-1, Math.min(count - 1, Math.trunc(index)));
}

/** The last record at or before time t (-1 when t is before the first), by binary search on ts. */
export function indexAtTime(ts: Float64Array, count: number, t: number): number {
  let lo = 0;
  let hi = count; // first index with ts > t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export class SharedContext implements ViewContext {
  cursor: number;
  selection: Selection = {};
  window: { t0: number; t1: number };
  private listeners: (() => void)[] = [];

  /** The other run, for the diff view (views/diff.ts reads it as DiffContext.diff). */
  readonly diff?: Model;
  readonly diffName?: string;

  constructor(
    public model: Model,
    other?: { model: Model; name: string },
  ) {
    this.cursor = model.table.count - 1;
    this.window = runExtent(model);
    this.diff = other?.model;
    this.diffName = other?.name;
    this.remember();
  }

  /**
   * The trace grew (live mode): a cursor at the old last record moves to the new last one,
   * a window showing the old end of the run stretches to the new end; then views redraw.
   */
  grew(): void {
    const count = this.model.table.count;
    const run = runExtent(this.model);
    if (this.cursor >= this.lastSeen - 1) this.cursor = count - 1;
    if (this.window.t1 >= this.lastEnd) this.window = { t0: this.window.t0 === this.lastStart ? run.t0 : this.window.t0, t1: run.t1 };
    this.remember();
    this.changed();
  }

  private lastSeen = 0;
  private lastStart = 0;
  private lastEnd = 0;

  private remember(): void {
    const run = runExtent(this.model);
    this.lastSeen = this.model.table.count;
    this.lastStart = run.t0;
    this.lastEnd = run.t1;
  }

  /** Call `listener` after every change. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  setCursor(index: number): void {
    const next = clampIndex(index, this.model.table.count);
    if (next === this.cursor) return;
    this.cursor = next;
    this.changed();
  }

  select(selection: Selection): void {
    this.selection = { ...selection };
    this.changed();
  }

  setWindow(t0: number, t1: number): void {
    const run = runExtent(this.model);
    const lo = Math.max(run.t0, Math.min(t0, t1));
    const hi = Math.min(run.t1, Math.max(t0, t1));
    const next = hi > lo ? { t0: lo, t1: hi } : run;
    if (next.t0 === this.window.t0 && next.t1 === this.window.t1) return;
    this.window = next;
    this.changed();
  }
}
