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

/**
 * Read a chain: where it ends. A thread appearing twice, or a last thread waiting on a
 * thread already in the chain, is a cycle (from: the chain index where it starts); a last
 * thread still blocked on something else is stuck; otherwise the last thread can act.
 */
export function chainEnd(thread: number, links: WaitLink[], stateNow?: ThreadState): ChainEnd {
  if (links.length === 0 || !isBlocked(links[0].state)) return { kind: "not_blocked", thread, state: links[0]?.state ?? stateNow };
  const seen = new Map<number, number>();
  for (let i = 0; i < links.length; i++) {
    const first = seen.get(links[i].thread);
    if (first !== undefined) return { kind: "cycle", thread: links[i].thread, from: first, shown: i };
    seen.set(links[i].thread, i);
  }
  const last = links[links.length - 1];
  const onThread = last.on === undefined ? undefined : seen.get(last.on);
  if (isBlocked(last.state) && onThread !== undefined && (last.onType === undefined || last.onType === "thread"))
    return { kind: "cycle", thread: last.on!, from: onThread, shown: links.length };
  return isBlocked(last.state) ? { kind: "stuck", thread: last.thread, state: last.state } : { kind: "acts", thread: last.thread, state: last.state };
}

export class BlockedView implements View {
  readonly id = "blocked";
  readonly title = "Why blocked?";
  private context!: ViewContext;
  private picker!: HTMLSelectElement;
  private body!: HTMLElement;
  private list!: HTMLElement;
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
      this.thread = t;
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
    if (selected !== undefined && model.threads.has(selected)) this.thread = selected;
    const count = model.table.count;
    const key = { cursor, model, count, thread: this.thread };
    const l = this.last;
    if (l && l.cursor === cursor && l.model === model && l.count === count && l.thread === this.thread) return;
    this.last = key;
    const snap = model.stateAt(cursor);
    const blocked = [...snap.threads.entries()].filter(([, s]) => isBlocked(s.state)).map(([t]) => t).sort((a, b) => a - b);
    if (this.thread === undefined && blocked.length) this.thread = blocked[0];
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
    this.thread = thread;
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
      const li = h("li", end.kind === "cycle" && i >= end.from ? "vb-cycle-step" : "");
      li.dataset.thread = String(w.thread);
      li.append(h("strong", "", who(w.thread)), ` ${w.reason || stateWords(w.state)}`, " — since ", recordLink(model.table, w.since, this.go));
      list.append(li);
      list.append(h("li", "vb-arrow", "↓ which depends on"));
    });
    list.lastChild?.remove();
    box.append(list);
    if (end.kind === "acts") {
      const last = links[links.length - 1];
      box.append(h("p", "vb-end", `→ ${who(end.thread)} must act: it ${stateWords(end.state)}${last.reason ? ` (${last.reason})` : ""}. When it does, the chain above unwinds.`));
    } else if (end.kind === "stuck") {
      box.append(h("p", "vb-cycle", `→ Nothing can end the last wait: no thread is left to act on it. The threads above will wait forever unless another thread or an interrupt comes along.`));
    } else {
      box.append(
        h("p", "vb-cycle", `⟲ A cycle: ${who(end.thread)} is waiting, through the steps marked above, on itself. This is a deadlock: none of these threads can ever run again.`),
      );
    }
    return box;
  }
}
