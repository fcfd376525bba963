/**
 * window.orrery: what the page tells tests (and curious students at the console).
 *
 *   ready          true once the trace is loaded and the first view drawn
 *   error          the error message shown in the page, if any
 *   model          counts: records, threads, tasks, objects, messages, switches, picks, irqs
 *   cursor         the shared cursor (record index; -1 before the first record)
 *   setCursor(i)   move it (every view redraws before this returns)
 *   view           the id of the view on screen; showView(id) switches to another
 *   views          the ids of all views
 *   drawn(id)      what view `id` last drew (shows and draws it first if it is not on screen)
 *   window         the shared time window {t0, t1}; setWindow(t0, t1)
 *   timings        milliseconds spent loading (fetch + decode, and the model of the rows that
 *                  arrived meanwhile: main.ts builds it as they come), finishing the model, first draw
 */
export interface OrreryHook {
  ready: boolean;
  error?: string;
  model?: Record<string, number>;
  cursor: number;
  setCursor(index: number): void;
  view?: string;
  views: string[];
  showView(id: string): void;
  drawn(id: string): unknown;
  window?: { t0: number; t1: number };
  setWindow(t0: number, t1: number): void;
  timings?: { load: number; model: number; draw: number };
}

declare global {
  interface Window {
    orrery: OrreryHook;
  }
}

const notLoaded = () => {
  throw new Error("the trace is not loaded");
};

/** The page's one hook object (the shell fills it in once the trace is loaded). */
export const orrery: OrreryHook = {
  ready: false,
  cursor: -1,
  setCursor: notLoaded,
  views: [],
  showView: notLoaded,
  drawn: notLoaded,
  setWindow: notLoaded,
};

if (typeof window !== "undefined") window.orrery = orrery; // (unit tests import the shell without a page)
