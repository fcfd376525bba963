/**
 * Diff two runs: this run (the trace the page opened, say a student's) against another (the
 * reference: `orrery-trace html TRACE --diff OTHER`, or ?diff=URL), aligned on their IPC by
 * src/model/diff.ts. The view says where they first part, and shows both side by side from a
 * few messages before that point; a click on this run's side moves the cursor there.
 *
 * The other run's model reaches the view either through the shell's context (`diff`, see
 * DiffContext) or through the constructor / setOther().
 */
import { diffRuns, type IpcStep, type RunDiff } from "../model/diff";
import type { Model } from "../model/types";
import type { View, ViewContext } from "../ui/view";
import { ensureStyles, h, hex } from "./parts";

/** Messages shown before the first divergence, for context. */
export const DIFF_CONTEXT_ROWS = 5;
/** Rows drawn at a time (more on request): never one DOM row per message of a big run. */
export const DIFF_PAGE_ROWS = 200;

/** A shell context that also carries the other run's model. */
export interface DiffContext extends ViewContext {
  readonly diff?: Model;
  /** What to call the other run ("reference", a file name...). */
  readonly diffName?: string;
}

export interface DiffDrawn {
  hasOther: boolean;
  messages: { a: number; b: number };
  /** Row of the first divergence; undefined when the runs agree (or there is no other run). */
  firstDivergence?: number;
  first?: { a?: string; b?: string };
  /** The rows drawn, from row `start`: status and each side's key. */
  start: number;
  rows: { status: string; a?: string; b?: string }[];
  approximate: boolean;
}

export class DiffView implements View {
  readonly id = "diff";
  readonly title = "Diff runs";
  private context!: DiffContext;
  private body!: HTMLElement;
  private other?: Model;
  private otherName?: string;
  private result?: { a: Model; b: Model; count: [number, number]; diff: RunDiff };
  private shownRows = DIFF_PAGE_ROWS;
  private lastDrawn: DiffDrawn = { hasOther: false, messages: { a: 0, b: 0 }, start: 0, rows: [], approximate: false };
  private lastCursor?: number;

  constructor(other?: Model) {
    this.other = other;
  }

  /** Give the view the run to compare with (or undefined to drop it), and what to call it. */
  setOther(other: Model | undefined, name?: string): void {
    this.other = other;
    this.otherName = name;
    this.result = undefined;
    if (this.body) this.update();
  }

  mount(root: HTMLElement, context: ViewContext): void {
    ensureStyles();
    this.context = context as DiffContext;
    root.classList.add("vb");
    this.body = h("div");
    root.append(this.body);
    this.update();
  }

  update(): void {
    const a = this.context.model;
    const b = this.other ?? this.context.diff;
    if (!b) {
      this.lastCursor = undefined;
      this.body.replaceChildren(
        h("h3", "", "Compare two runs"),
        h("p", "vb-note", "Open a second trace to compare with this one: viz/orrery-trace html TRACE --diff OTHER -o F.html, or add ?diff=URL to the page's address."),
        h("p", "vb-note", "The two runs are lined up message by message (who sent what to whom, with which label), so you see where your kernel first behaved differently from the reference."),
      );
      this.lastDrawn = { hasOther: false, messages: { a: a.messages.length, b: 0 }, start: 0, rows: [], approximate: false };
      return;
    }
    const r = this.result;
    const fresh = !r || r.a !== a || r.b !== b || r.count[0] !== a.table.count || r.count[1] !== b.table.count;
    if (fresh) {
      this.result = { a, b, count: [a.table.count, b.table.count], diff: diffRuns(a, b) };
      this.shownRows = DIFF_PAGE_ROWS;
    } else if (this.lastCursor === this.context.cursor) return;
    this.lastCursor = this.context.cursor;
    this.draw(this.result!.diff);
  }

  drawn(): DiffDrawn {
    return this.lastDrawn;
  }

  private draw(d: RunDiff): void {
    const otherName = this.otherName ?? this.context.diffName ?? "the other run";
    const first = d.firstDivergence;
    const start = first === undefined ? 0 : Math.max(0, first - DIFF_CONTEXT_ROWS);
    const end = Math.min(d.rows.length, start + this.shownRows);
    const summary = h("div", "");
    summary.append(h("h3", "", `This run (${d.a.length} messages) and ${otherName} (${d.b.length} messages)`));
    if (first === undefined) {
      summary.append(h("p", "vb-end", "The runs agree: the same messages, between the same threads, with the same labels, in the same order."));
    } else {
      const row = d.rows[first];
      const sa = row.a === undefined ? undefined : d.a[row.a];
      const sb = row.b === undefined ? undefined : d.b[row.b];
      summary.append(
        h("p", "vb-cycle", `They first differ at message ${first + 1}:`),
        h("p", "", `this run: ${sa ? stepWords(sa) : "sent nothing more here"}`),
        h("p", "", `${otherName}: ${sb ? stepWords(sb) : "sent nothing more here"}`),
      );
      if (d.approximate) summary.append(h("p", "vb-note", "The runs differ in many places; past the first difference they are lined up row by row."));
    }
    const table = h("table", "vb-diff");
    table.append(
      h("tr", "", h("th", "", "#"), h("th", "", "this run"), h("th", "", ""), h("th", "", otherName)),
    );
    const cursor = this.context.cursor;
    for (let i = start; i < end; i++) {
      const row = d.rows[i];
      const sa = row.a === undefined ? undefined : d.a[row.a];
      const sb = row.b === undefined ? undefined : d.b[row.b];
      const classes = [row.status === "same" ? "" : "vb-diverge", i === first ? "vb-first" : ""];
      const tr = h("tr", classes.join(" ").trim());
      tr.dataset.status = row.status;
      const left = h("td", "mono", sa ? stepWords(sa) : "—");
      if (sa) {
        left.style.cursor = "pointer";
        left.title = `move the cursor to record ${sa.index}`;
        left.addEventListener("click", () => this.context.setCursor(sa.index));
        if (sa.index === cursor) left.classList.add("vb-now");
      }
      tr.append(h("td", "num", String(i + 1)), left, h("td", "", statusMark(row.status)), h("td", "mono", sb ? stepWords(sb) : "—"));
      table.append(tr);
    }
    const parts: HTMLElement[] = [summary, table];
    if (end < d.rows.length) {
      const more = h("button", "", `show ${Math.min(DIFF_PAGE_ROWS, d.rows.length - end)} more (${d.rows.length - end} left)`);
      more.addEventListener("click", () => {
        this.shownRows += DIFF_PAGE_ROWS;
        this.draw(d);
      });
      parts.push(more);
    }
    this.body.replaceChildren(...parts);
    const key = (s?: IpcStep) => s?.key;
    this.lastDrawn = {
      hasOther: true,
      messages: { a: d.a.length, b: d.b.length },
      firstDivergence: first,
      first: first === undefined ? undefined : { a: key(d.rows[first].a === undefined ? undefined : d.a[d.rows[first].a!]), b: key(d.rows[first].b === undefined ? undefined : d.b[d.rows[first].b!]) },
      start,
      rows: d.rows.slice(start, end).map((r) => ({ status: r.status, a: key(r.a === undefined ? undefined : d.a[r.a]), b: key(r.b === undefined ? undefined : d.b[r.b]) })),
      approximate: d.approximate,
    };
  }
}

/** "call ping -> pong, label 3 (badge 1, words 0x..)". */
export function stepWords(s: IpcStep): string {
  const to = s.to || "(not received)";
  const extra = [s.badge ? `badge ${s.badge}` : "", s.words.length ? `words ${s.words.map((w) => hex(w, 1)).join(" ")}` : ""].filter(Boolean).join(", ");
  return `${s.kind} ${s.from} → ${to}, label ${s.label}${extra ? ` (${extra})` : ""}`;
}

function statusMark(status: string): string {
  return status === "same" ? "=" : status === "changed" ? "≠" : status === "only_a" ? "←" : "→";
}
