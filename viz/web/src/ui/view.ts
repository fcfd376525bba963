/**
 * The contract between the app shell (main.ts) and each view. The shell owns the one
 * cursor every view follows (a record index) and the selection; views draw the model at
 * the cursor and may move it (a click on an event sets the cursor there).
 */
import type { Model } from "../model/types";

export interface Selection {
  thread?: number;
  task?: number;
  message?: number; // msg number
}

export interface ViewContext {
  model: Model;
  /** The record index every view shows (-1: before the first record). */
  readonly cursor: number;
  setCursor(index: number): void;
  readonly selection: Selection;
  select(selection: Selection): void;
  /** Visible time window [t0, t1] in guest instructions, shared by timeline-like views. */
  readonly window: { t0: number; t1: number };
  setWindow(t0: number, t1: number): void;
}

export interface View {
  /** Stable id, used in the URL (#view=timeline) and by tests (data-view attribute). */
  readonly id: string;
  readonly title: string;
  /** Build the view's DOM inside `root` (a div the shell made, data-view=id). */
  mount(root: HTMLElement, context: ViewContext): void;
  /** The cursor, selection, window or model changed: redraw. Cheap when nothing it shows changed. */
  update(): void;
  /**
   * What the view last drew, as plain JSON (lanes, arrows, slots, frames...), so browser tests
   * can check a canvas against the model. The shell exposes it as window.orrery.drawn(id).
   */
  drawn(): unknown;
}
