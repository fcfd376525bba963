/**
 * The page's layout: a header naming the trace, one tab per view (#view=<id> in the URL),
 * the cursor bar, the view on screen and the event inspector beside it. Views are mounted
 * the first time they are shown; only the view on screen redraws when the cursor, selection
 * or window moves (a hidden one catches up when it is shown again).
 */
import type { Model } from "../model/types";
import { SharedContext } from "./context";
import { CursorBar } from "./cursor_bar";
import { showViewError } from "./error";
import { Inspector } from "./inspector";
import { orrery } from "./test_hook";
import type { View } from "./view";

/** The view id named by a location hash such as "#view=sequence" (undefined if none). */
export function viewFromHash(hash: string): string | undefined {
  const match = /(?:^#|&)view=([\w-]+)/.exec(hash);
  return match ? match[1] : undefined;
}

interface Slot {
  view: View;
  root: HTMLElement;
  tab: HTMLButtonElement;
  mounted: boolean;
  stale: boolean;
}

export class Shell {
  readonly context: SharedContext;
  private readonly slots = new Map<string, Slot>();
  private active = "";
  private readonly cursorBar: CursorBar;
  private readonly inspector: Inspector;

  private readonly about = document.createElement("span");
  private readonly liveNote = document.createElement("span");
  private readonly traceName: string;

  /** `other`: a second run to compare with, for the diff view (SharedContext.diff). */
  constructor(app: HTMLElement, model: Model, traceName: string, views: View[], other?: { model: Model; name: string }) {
    this.context = new SharedContext(model, other);
    this.traceName = traceName;
    this.cursorBar = new CursorBar(this.context);
    this.inspector = new Inspector(this.context);
    app.replaceChildren();
    app.className = "shell";

    const header = document.createElement("header");
    const title = document.createElement("h1");
    title.textContent = "Orrery";
    const about = this.about;
    about.className = "trace-name";
    this.liveNote.className = "live-note";
    this.describe();
    const tabs = document.createElement("nav");
    tabs.className = "tabs";
    tabs.setAttribute("role", "tablist");
    header.append(title, about, this.liveNote, tabs);

    const body = document.createElement("div");
    body.className = "shell-body";
    const main = document.createElement("main");
    main.className = "views";
    body.append(main, this.inspector.root);
    app.append(header, this.cursorBar.root, body);

    for (const view of views) {
      const root = document.createElement("div");
      root.className = "view-root";
      root.dataset.view = view.id;
      root.hidden = true;
      main.append(root);
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.dataset.tab = view.id;
      tab.textContent = view.title;
      tab.addEventListener("click", () => {
        location.hash = `view=${view.id}`;
      });
      tabs.append(tab);
      this.slots.set(view.id, { view, root, tab, mounted: false, stale: true });
    }

    this.context.onChange(() => this.changed());
    window.addEventListener("hashchange", () => this.show(viewFromHash(location.hash) ?? this.active));
    new ResizeObserver(() => this.redrawActive()).observe(main);
    this.installHook();
    this.show(viewFromHash(location.hash) ?? views[0]?.id ?? "");
  }

  /** The header's line about the trace: name, records, threads, messages, lost records, warnings. */
  private describe(): void {
    const { model } = this.context;
    const { table } = model;
    this.about.textContent =
      `${this.traceName} · ${table.count.toLocaleString("en-US")} records · ` +
      `${model.threads.size} threads · ${model.messages.length.toLocaleString("en-US")} messages` +
      (table.lost ? ` · ${table.lost} records lost by the kernel` : "") +
      (table.warnings.length ? ` · ${table.warnings.length} damaged frames skipped` : "");
    this.about.title = table.warnings.slice(0, 20).join("\n");
  }

  /** Live mode: say how the stream is doing. */
  setLive(text: string): void {
    this.liveNote.textContent = text;
  }

  /**
   * Live mode: the model took new rows. The cursor and window follow the end of the trace
   * when they were at it (so a student sees new events arrive), otherwise they stay.
   */
  grew(): void {
    this.context.grew();
    this.setLive(`live: ${this.context.model.table.count.toLocaleString("en-US")} records`);
    this.describe();
    this.installCounts();
  }

  /** Put view `id` on screen (an unknown id keeps the current view). */
  show(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    for (const [other, s] of this.slots) {
      s.root.hidden = other !== id;
      s.tab.setAttribute("aria-selected", String(other === id));
    }
    this.active = id;
    orrery.view = id;
    if (!slot.mounted) {
      slot.mounted = true;
      try {
        slot.view.mount(slot.root, this.context);
      } catch (error) {
        showViewError(slot.root, slot.view.title, error);
      }
    }
    this.redrawActive();
  }

  private redrawActive(): void {
    const slot = this.slots.get(this.active);
    if (!slot || !slot.mounted) return;
    slot.stale = false;
    try {
      slot.view.update();
    } catch (error) {
      showViewError(slot.root, slot.view.title, error);
    }
  }

  private changed(): void {
    for (const slot of this.slots.values()) slot.stale = true;
    orrery.cursor = this.context.cursor;
    orrery.window = { ...this.context.window };
    this.cursorBar.update();
    this.inspector.update();
    this.redrawActive();
  }

  private installCounts(): void {
    const model = this.context.model;
    orrery.model = {
      records: model.table.count,
      threads: model.threads.size,
      tasks: model.tasks.size,
      objects: model.objects.size,
      messages: model.messages.length,
      switches: model.switches.length,
      picks: model.picks.length,
      irqs: model.irqs.length,
    };
  }

  private installHook(): void {
    const context = this.context;
    this.installCounts();
    orrery.cursor = context.cursor;
    orrery.window = { ...context.window };
    orrery.views = [...this.slots.keys()];
    orrery.setCursor = (index) => context.setCursor(index);
    orrery.setWindow = (t0, t1) => context.setWindow(t0, t1);
    orrery.showView = (id) => {
      if (!this.slots.has(id)) throw new Error(`no view ${id}; views: ${orrery.views.join(", ")}`);
      location.hash = `view=${id}`;
      this.show(id);
    };
    orrery.drawn = (id) => {
      const slot = this.slots.get(id);
      if (!slot) throw new Error(`no view ${id}; views: ${orrery.views.join(", ")}`);
      if (this.active !== id || slot.stale) orrery.showView(id);
      return slot.view.drawn();
    };
  }
}
