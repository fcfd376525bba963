/**
 * "Why is this thread blocked?": pick a thread (or click a blocked span in the timeline: the
 * shell's selection) and read the chain of waits the model finds at the cursor
 * (model.whyBlocked), in plain words, ending at the thread that must act, at a wait no
 * thread can end, or at a cycle (a deadlock), shown as such. Every step links to the record
 * where its wait began.
 */
import type { Model, ThreadState, WaitLink } from "../model/types";
import type { View, ViewContext } from "../ui/view";
import { ensureStyles, h, recordLink, taskLabel, threadLabel } from "./parts";

/** How a chain of waits ends. */
export type ChainEnd =
  | { kind: "not_blocked"; thread: number; state?: ThreadState }
  | { kind: "acts"; thread: number; state: ThreadState }
  | { kind: "stuck"; thread: number; state: ThreadState }
  /** from: chain index where the cycle starts; shown: how many links make the cycle. */
  | { kind: "cycle"; thread: number; from: number; shown: number };

export interface BlockedDrawn {
  cursor: number;
  thread?: number;
  links: { thread: number; state: ThreadState; on?: number; reason: string; since: number }[];
  end?: ChainEnd;
  /** Threads blocked at the cursor, listed for picking. */
  blocked: number[];
}

export function isBlocked(state: ThreadState | undefined): boolean {
  return state !== undefined && state.startsWith("blocked_");
}

/** Plain words for a state, for a link the model gave no reason for. */
export function stateWords(state: ThreadState | undefined): string {
  const words: Record<ThreadState, string> = {
    suspended: "is suspended (not started, or stopped)",
    ready: "is ready to run",
    running: "is running",
    sleeping: "is sleeping",
    blocked_send: "waits for a receiver",
    blocked_recv: "waits for a message",
    blocked_reply: "waits for a reply",
    blocked_notify: "waits for a notification",
    dead: "has exited",
  };
  return state ? words[state] : "is not known at this point";
}

/** What the model may add to a link (src/model/blocked.ts): who could end it, and how it ends. */
type LinkFlags = { canAct?: boolean; cycle?: boolean; candidates?: number[] };

/**
 * Read a chain: where it ends. The model marks the last link: canAct (running, ready,
 * sleeping, or a notification an IRQ signals) or cycle (every thread that could end the wait
 * is in the chain already: the cycle starts at the first of them). Without the marks: a
 * thread appearing twice, or a last thread waiting on a thread already in the chain, is a
 * cycle; a last thread running or ready can act; anything else is stuck (a dead thread, or a
 * wait no thread can end).
 */
export function chainEnd(thread: number, links: WaitLink[], stateNow?: ThreadState): ChainEnd {
  if (links.length === 0 || links[0].state === "running" || links[0].state === "ready")
    return { kind: "not_blocked", thread, state: links[0]?.state ?? stateNow };
  const seen = new Map<number, number>();
  for (let i = 0; i < links.length; i++) {
    const first = seen.get(links[i].thread);
    if (first !== undefined) return { kind: "cycle", thread: links[i].thread, from: first, shown: i };
    seen.set(links[i].thread, i);
  }
  const last = links[links.length - 1];
  const flags = last as WaitLink & LinkFlags;
  if (flags.cycle) {
    const from = Math.min(...(flags.candidates ?? []).map((t) => seen.get(t) ?? Infinity));
    const start = Number.isFinite(from) ? from : 0;
    return { kind: "cycle", thread: links[start].thread, from: start, shown: links.length };
  }
  if (flags.canAct || last.state === "running" || last.state === "ready") return { kind: "acts", thread: last.thread, state: last.state };
  const onThread = last.on === undefined ? undefined : seen.get(last.on);
  if (isBlocked(last.state) && onThread !== undefined && (last.onType === undefined || last.onType === "thread"))
    return { kind: "cycle", thread: last.on!, from: onThread, shown: links.length };
  return { kind: "stuck", thread: last.thread, state: last.state };
}

/** A link's reason without the model's leading "thread N " (the view names the thread itself). */
export function reasonWords(link: WaitLink): string {
  return (link.reason || stateWords(link.state)).replace(/^thread \d+ /, "");
}

export class BlockedView implements View {
  readonly id = "blocked";
  readonly title = "Why blocked?";
  private context!: ViewContext;
  private picker!: HTMLSelectElement;
  private body!: HTMLElement;
  private list!: HTMLElement;
  /** The thread the student picked (here, or by selecting it elsewhere); undefined: none yet. */
  private picked?: number;
  /** The thread shown: the picked one, else the first blocked at the cursor (not remembered). */
  private thread?: number;
  private last?: { cursor: number; model: Model; count: number; thread?: number };
  private lastDrawn: BlockedDrawn = { cursor: -1, links: [], blocked: [] };

  mount(root: HTMLElement, context: ViewContext): void {
    ensureStyles();
    this.context = context;
    root.classList.add("vb");
    this.picker = h("select");
    this.picker.setAttribute("aria-label", "thread");
    this.picker.addEventListener("change", () => {
      const t = this.picker.value === "" ? undefined : Number(this.picker.value);
      this.picked = t;
      this.context.select({ ...this.context.selection, thread: t });
      this.update();
    });
    this.list = h("div", "vb-note");
    this.body = h("div");
    root.append(h("div", "vb-note", "Thread ", this.picker, " — or click a blocked span in the timeline."), this.list, this.body);
    this.update();
  }

  update(): void {
    const { model, cursor } = this.context;
    const selected = this.context.selection.thread;
    if (selected !== undefined && model.threads.has(selected)) this.picked = selected;
    const count = model.table.count;
    const key = { cursor, model, count, thread: this.picked };
    const l = this.last;
    if (l && l.cursor === cursor && l.model === model && l.count === count && l.thread === this.picked) return;
    this.last = key;
    const snap = model.stateAt(cursor);
    const blocked = [...snap.threads.entries()].filter(([, s]) => isBlocked(s.state)).map(([t]) => t).sort((a, b) => a - b);
    this.thread = this.picked ?? blocked[0];
    this.fillPicker(model, new Set(blocked));
    this.drawBlockedList(model, blocked);
    if (this.thread === undefined) {
      this.body.replaceChildren(h("p", "vb-note", "No thread is blocked at the cursor; pick one above to see what it is doing."));
      this.lastDrawn = { cursor, links: [], blocked };
      return;
    }
    const links = model.whyBlocked(this.thread, cursor);
    const end = chainEnd(this.thread, links, snap.threads.get(this.thread)?.state);
    this.body.replaceChildren(this.drawChain(model, this.thread, links, end));
    this.lastDrawn = {
      cursor,
      thread: this.thread,
      links: links.map((w) => ({ thread: w.thread, state: w.state, on: w.on, reason: w.reason, since: w.since })),
      end,
      blocked,
    };
  }

  drawn(): BlockedDrawn {
    return this.lastDrawn;
  }

  private go = (index: number) => this.context.setCursor(index);

  private pick(thread: number): void {
    this.picked = thread;
    this.context.select({ ...this.context.selection, thread });
    this.update();
  }

  private fillPicker(model: Model, blocked: Set<number>): void {
    const ids = [...model.threads.keys()].sort((a, b) => a - b);
    const label = (t: number) => `${blocked.has(t) ? "● " : ""}${threadLabel(model, t)}`;
    const want = ids.map((t) => `${t}:${label(t)}`).join();
    if (this.picker.dataset.options !== want) {
      this.picker.replaceChildren(
        ...ids.map((t) => {
          const o = h("option", "", label(t));
          o.value = String(t);
          return o;
        }),
      );
      this.picker.dataset.options = want;
    }
    this.picker.value = this.thread === undefined ? "" : String(this.thread);
  }

  private drawBlockedList(model: Model, blocked: number[]): void {
    if (blocked.length === 0) {
      this.list.replaceChildren("No thread is blocked at the cursor.");
      return;
    }
    this.list.replaceChildren(`Blocked at the cursor (${blocked.length}): `);
    blocked.forEach((t, i) => {
      const a = h("a", "vb-record", threadLabel(model, t));
      a.href = "#";
      a.dataset.thread = String(t);
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        this.pick(t);
      });
      this.list.append(i ? ", " : "", a);
    });
  }

  private drawChain(model: Model, thread: number, links: WaitLink[], end: ChainEnd): HTMLElement {
    const box = h("div", "");
    const who = (t: number) => {
      const info = model.threads.get(t);
      return info ? `${threadLabel(model, t)} in ${taskLabel(model, info.task)}` : threadLabel(model, t);
    };
    box.append(h("h3", "", `Why is ${threadLabel(model, thread)} blocked?`));
    if (end.kind === "not_blocked") {
      box.append(h("p", "vb-end", `It is not blocked at the cursor: it ${stateWords(end.state).replace(/^is /, "is ")}.`));
      return box;
    }
    const list = h("ol", "vb-chain");
    const steps = end.kind === "cycle" ? links.slice(0, end.shown) : end.kind === "acts" ? links.slice(0, -1) : links;
    steps.forEach((w, i) => {
      const inCycle = end.kind === "cycle" && i >= end.from;
      const li = h("li", inCycle ? "vb-cycle-step" : "");
      li.dataset.thread = String(w.thread);
      li.append(h("strong", "", who(w.thread)), ` ${reasonWords(w)}`, " — since ", recordLink(model.table, w.since, this.go));
      if (inCycle) li.append(h("span", "vb-cycle", " (in the cycle)"));
      if (i < steps.length - 1) li.append(h("div", "vb-arrow", "↓ which waits on"));
      list.append(li);
    });
    box.append(list);
    if (end.kind === "acts") {
      const last = links[links.length - 1];
      const hardware = isBlocked(last.state) || last.state === "sleeping";
      box.append(
        h(
          "p",
          "vb-end",
          hardware
            ? `→ ${who(end.thread)} ${reasonWords(last)}: the timer or the hardware ends this wait, and then the chain above unwinds.`
            : `→ ${who(end.thread)} must act: it ${stateWords(end.state)}. When it does, the chain above unwinds.`,
        ),
      );
    } else if (end.kind === "stuck") {
      const dead = end.state === "dead";
      box.append(
        h(
          "p",
          "vb-cycle",
          dead
            ? `→ ${who(end.thread)} has exited, so it will never act: the threads above wait forever.`
            : `→ No thread can end the last wait (none holds what it would take). The threads above wait forever unless a new thread comes along.`,
        ),
      );
    } else {
      box.append(
        h("p", "vb-cycle", `⟲ A cycle: ${who(end.thread)} is waiting, through the steps marked above, on itself. This is a deadlock: none of these threads can ever run again.`),
      );
    }
    return box;
  }
}
