/**
 * Memory: physical frames by owner at the cursor (a WeensyOS-style map on canvas, one cell a
 * frame, coloured by the task it is charged to, kernel uses in greys), frames in use by owner
 * over the whole trace (a strip, the cursor marked; click to move it), each task's address
 * space at the cursor as regions of mapped pages, and for a selected page the chain of
 * records that made its mapping (page fault -> fault message -> pager -> map -> reply).
 * The logic lives in memory_layout.ts.
 */
import type { Mapping, Model, Snapshot } from "../model/types";
import type { View, ViewContext } from "../ui/view";
import {
  addressRegions,
  cellOf,
  frameAtPixel,
  frameMapLayout,
  frameStrip,
  frameUseWords,
  mappersOf,
  ownerKey,
  pageMarks,
  X86_PAGE_SIZE,
  type FrameMapLayout,
  type FrameStrip,
} from "./memory_layout";
import { ensureStyles, eventName, h, hex, recordLink, taskColour, taskLabel } from "./parts";

/** Samples across the trace in the frames-over-time strip. */
export const STRIP_BUCKETS = 400;
const MAP_WIDTH = 640;
/** Room left of the frame map for each row's physical address. */
const MAP_GUTTER = 76;
const STRIP_HEIGHT = 90;
/** Pages listed at most for one region. */
const PAGES_LISTED = 256;
/** Greys for the kernel's own frames (task 0), by FRAME_USE name; other uses get KERNEL_GREY_OTHER. */
const KERNEL_GREYS: Record<string, string> = {
  kernel: "#3d444d",
  page_directory: "#4f5863",
  page_table: "#5b6470",
  cspace: "#6d7682",
  slab: "#838c97",
  kernel_stack: "#979fa9",
};
/** A task's own memory, drawn solid in its colour; its other frames (kernel memory serving it) hollow. */
const TASK_MEMORY_USES = new Set(["user_page", "frame_object"]);
const KERNEL_GREY_OTHER = "#a9b0b9";
const FREE_CELL = "#eef1f4";

export interface MemoryDrawn {
  cursor: number;
  /** Every frame in use at the cursor, drawn in the map: paddr ("0x103000") -> use and task. */
  frames: Record<string, { use: string; task: number }>;
  /** Each task's mappings at the cursor (kernel report format: "0x400000" keys) and its regions as drawn. */
  tasks: Record<string, { name: string; mappings: Record<string, { paddr: string; writable: boolean }>; regions: { start: string; end: string; pages: number; writable: boolean; marks: string[] }[] }>;
  /** The map's layout: first frame, cells, columns, cell size and the address gutter (CSS px). */
  map: { firstFrame: number; cells: number; cols: number; cell: number; gutter: number };
  selected?: { task: number; vaddr: string; chain: { index: number; event: string }[] };
}

export class MemoryView implements View {
  readonly id = "memory";
  readonly title = "Memory";
  private context!: ViewContext;
  private strip?: FrameStrip;
  private stripFor?: { model: Model; count: number };
  private layout?: FrameMapLayout;
  private snapshot?: Snapshot;
  private mapCanvas!: HTMLCanvasElement;
  private stripCanvas!: HTMLCanvasElement;
  private legend!: HTMLElement;
  private spaces!: HTMLElement;
  private chainBox!: HTMLElement;
  private hoverNote!: HTMLElement;
  private picked?: { task: number; vaddr: number };
  private openRegion?: { task: number; start: number };
  private last?: { cursor: number; model: Model; count: number };
  private lastDrawn: MemoryDrawn = { cursor: -1, frames: {}, tasks: {}, map: { firstFrame: 0, cells: 0, cols: 0, cell: 0, gutter: MAP_GUTTER } };

  mount(root: HTMLElement, context: ViewContext): void {
    ensureStyles();
    this.context = context;
    root.classList.add("vb");
    this.mapCanvas = h("canvas", "vb-frame-map");
    this.mapCanvas.setAttribute("aria-label", "physical frames by owner");
    this.stripCanvas = h("canvas", "vb-frame-strip");
    this.stripCanvas.setAttribute("aria-label", "frames in use by owner over time");
    this.legend = h("div", "vb-legend vb-note");
    this.hoverNote = h("div", "vb-note mono", "Point at a frame to see who owns it; click it to see its mapping.");
    this.spaces = h("div", "vb-spaces");
    this.chainBox = h("div", "vb-chain-box");
    root.append(
      h("h3", "", "Physical frames at the cursor"),
      this.mapCanvas,
      this.hoverNote,
      this.legend,
      h("h3", "", "Frames in use over the whole trace (the line is the cursor; click to move it)"),
      this.stripCanvas,
      h("div", "vb-cols", this.spaces, this.chainBox),
    );
    this.mapCanvas.addEventListener("mousemove", (ev) => this.hover(ev));
    this.mapCanvas.addEventListener("click", (ev) => this.clickFrame(ev));
    this.stripCanvas.addEventListener("click", (ev) => this.clickStrip(ev));
    this.update();
  }

  update(): void {
    const { model, cursor } = this.context;
    const count = model.table.count;
    if (this.last && this.last.cursor === cursor && this.last.model === model && this.last.count === count) return;
    this.last = { cursor, model, count };
    if (!this.strip || this.stripFor?.model !== model || this.stripFor.count !== count) {
      this.strip = frameStrip(model.table, STRIP_BUCKETS);
      this.stripFor = { model, count };
    }
    const snap = model.stateAt(cursor);
    this.snapshot = snap;
    this.drawMap(model, snap);
    this.drawStrip(model);
    this.drawSpaces(model, snap);
    this.drawChain(model, snap);
  }

  drawn(): MemoryDrawn {
    return this.lastDrawn;
  }

  private go = (index: number) => this.context.setCursor(index);

  private frameRange(snap: Snapshot): [number, number] {
    let low = this.strip!.highFrame < 0 ? Infinity : this.strip!.lowFrame;
    let high = this.strip!.highFrame;
    for (const paddr of snap.frames.keys()) {
      const f = Math.floor(paddr / X86_PAGE_SIZE);
      low = Math.min(low, f);
      high = Math.max(high, f);
    }
    return high < 0 ? [0, 0] : [low, high + 1];
  }

  private colourOf(use: { use: string; task: number }): string {
    return use.task !== 0 ? taskColour(use.task) : (KERNEL_GREYS[use.use] ?? KERNEL_GREY_OTHER);
  }

  private drawMap(model: Model, snap: Snapshot): void {
    const [low, high] = this.frameRange(snap);
    const layout = frameMapLayout(low, high, MAP_WIDTH);
    this.layout = layout;
    const ctx = setupCanvas(this.mapCanvas, MAP_GUTTER + layout.width, Math.max(layout.height, 1));
    // Row addresses in the gutter, then the cells to its right.
    ctx.fillStyle = "#5a6472";
    ctx.font = "10px ui-monospace, Menlo, monospace";
    ctx.textBaseline = "top";
    const every = Math.max(1, Math.ceil(12 / layout.cell));
    for (let row = 0; row < layout.rows; row += every)
      ctx.fillText(hex((layout.firstFrame + row * layout.cols) * X86_PAGE_SIZE), 0, row * layout.cell);
    ctx.translate(MAP_GUTTER, 0);
    const gap = layout.cell >= 4 ? 1 : 0;
    ctx.fillStyle = FREE_CELL;
    for (let i = 0; i < layout.count; i++) {
      const c = cellOf(layout, layout.firstFrame + i)!;
      ctx.fillRect(c.x, c.y, layout.cell - gap, layout.cell - gap);
    }
    const frames: MemoryDrawn["frames"] = {};
    const owners = new Map<string, { colour: string; words: string; n: number }>();
    for (const [paddr, use] of snap.frames) {
      const c = cellOf(layout, Math.floor(paddr / X86_PAGE_SIZE));
      if (!c) continue;
      ctx.fillStyle = this.colourOf(use);
      ctx.fillRect(c.x, c.y, layout.cell - gap, layout.cell - gap);
      if (use.task !== 0 && !TASK_MEMORY_USES.has(use.use) && layout.cell >= 6) {
        ctx.fillStyle = "#fff";
        ctx.fillRect(c.x + 2, c.y + 2, layout.cell - gap - 4, layout.cell - gap - 4);
      }
      frames[reportHex(paddr)] = { use: use.use, task: use.task };
      const key = ownerKey(use);
      const o = owners.get(key) ?? { colour: this.colourOf(use), words: use.task ? taskLabel(model, use.task) : use.use === "kernel" ? "the kernel's own tables" : `kernel ${frameUseWords(use)}`, n: 0 };
      o.n++;
      owners.set(key, o);
    }
    if (this.picked) {
      const m = snap.mappings.get(this.picked.task)?.get(this.picked.vaddr);
      const c = m && cellOf(layout, Math.floor(m.paddr / X86_PAGE_SIZE));
      if (c) {
        ctx.strokeStyle = "#d7263d";
        ctx.lineWidth = 2;
        ctx.strokeRect(c.x - 1, c.y - 1, layout.cell + 1, layout.cell + 1);
      }
    }
    this.legend.replaceChildren(
      ...[...owners.values()].sort((a, b) => b.n - a.n).map((o) => {
        const sw = h("span", "vb-swatch");
        sw.style.background = o.colour;
        return h("span", "item", sw, `${o.words}: ${o.n}`);
      }),
      h("span", "item", "hollow: kernel memory serving the task (page tables, capability slots, stacks)"),
      h("span", "item", `free or untracked: ${layout.count - Object.keys(frames).length} of ${layout.count} frames from ${hex(layout.firstFrame * X86_PAGE_SIZE)}`),
    );
    this.lastDrawn = { ...this.lastDrawn, cursor: this.context.cursor, frames, map: { firstFrame: layout.firstFrame, cells: layout.count, cols: layout.cols, cell: layout.cell, gutter: MAP_GUTTER } };
  }

  private drawStrip(model: Model): void {
    const strip = this.strip!;
    const width = MAP_WIDTH;
    const ctx = setupCanvas(this.stripCanvas, width, STRIP_HEIGHT);
    ctx.fillStyle = "#fafbfc";
    ctx.fillRect(0, 0, width, STRIP_HEIGHT);
    const n = strip.at.length;
    const bar = width / Math.max(1, n);
    const scale = strip.peak ? (STRIP_HEIGHT - 12) / strip.peak : 0;
    const keys = [...strip.counts.keys()].sort();
    for (let b = 0; b < n; b++) {
      let y = STRIP_HEIGHT;
      for (const key of keys) {
        const v = strip.counts.get(key)![b];
        if (!v) continue;
        const [kind, rest] = key.split(":");
        ctx.fillStyle = kind === "task" ? taskColour(Number(rest)) : (KERNEL_GREYS[rest] ?? KERNEL_GREY_OTHER);
        ctx.fillRect(b * bar, y - v * scale, Math.ceil(bar), v * scale);
        y -= v * scale;
      }
    }
    ctx.fillStyle = "#1d232b";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(`peak ${strip.peak} frames`, 4, 11);
    const count = model.table.count;
    if (count > 0) {
      const x = ((this.context.cursor + 1) / count) * width;
      ctx.fillStyle = "#d7263d";
      ctx.fillRect(Math.min(width - 2, Math.max(0, x - 1)), 0, 2, STRIP_HEIGHT);
    }
  }

  private drawSpaces(model: Model, snap: Snapshot): void {
    const box = h("div", "");
    box.append(h("h3", "", "Address spaces at the cursor"));
    const tasks: MemoryDrawn["tasks"] = {};
    const ids = [...snap.mappings.keys()].sort((a, b) => a - b);
    if (ids.length === 0) box.append(h("p", "vb-note", "No task has a page mapped at this point of the trace."));
    for (const task of ids) {
      const pages = snap.mappings.get(task)!;
      const regions = addressRegions(pages.values(), (m) => pageMarks(m, snap, model));
      const mappings: MemoryDrawn["tasks"][string]["mappings"] = {};
      for (const m of [...pages.values()].sort((a, b) => a.vaddr - b.vaddr)) mappings[reportHex(m.vaddr)] = { paddr: reportHex(m.paddr), writable: m.writable };
      tasks[String(task)] = {
        name: model.tasks.get(task)?.name ?? "",
        mappings,
        regions: regions.map((r) => ({ start: reportHex(r.start), end: reportHex(r.end), pages: r.pages, writable: r.writable, marks: r.marks })),
      };
      const title = h("h3", "");
      const sw = h("span", "vb-swatch");
      sw.style.background = taskColour(task);
      title.append(sw, `${taskLabel(model, task)}: ${pages.size} pages in ${regions.length} regions`);
      const table = h("table", "vb-regions");
      table.dataset.task = String(task);
      table.append(h("tr", "", h("th", "", "from"), h("th", "", "to"), h("th", "", "pages"), h("th", "", "access"), h("th", "", "marks")));
      for (const r of regions) {
        const open = this.openRegion?.task === task && this.openRegion.start === r.start;
        const row = h("tr", open ? "vb-now" : "", h("td", "mono", hex(r.start)), h("td", "mono", hex(r.end - 1)), h("td", "num", String(r.pages)), h("td", "mono", r.writable ? "read-write" : "read-only"), h("td", "", r.marks.join(", ")));
        row.style.cursor = "pointer";
        row.title = "list this region's pages";
        row.addEventListener("click", () => {
          this.openRegion = open ? undefined : { task, start: r.start };
          this.redraw();
        });
        table.append(row);
        if (open) table.append(this.pageRows(model, task, r.mappings));
      }
      box.append(title, table);
    }
    this.spaces.replaceChildren(box);
    this.lastDrawn.tasks = tasks;
  }

  private pageRows(model: Model, task: number, mappings: Mapping[]): HTMLElement {
    const cell = h("td");
    cell.colSpan = 5;
    const list = h("div", "mono");
    for (const m of mappings.slice(0, PAGES_LISTED)) {
      const a = h("a", "vb-record", `${hex(m.vaddr)} -> ${hex(m.paddr)}`);
      a.href = "#";
      a.dataset.vaddr = hex(m.vaddr);
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        this.picked = { task, vaddr: m.vaddr };
        this.redraw();
      });
      list.append(h("div", this.picked?.task === task && this.picked.vaddr === m.vaddr ? "vb-now" : "", a, ` made at `, recordLink(model.table, m.madeAt, this.go)));
    }
    if (mappings.length > PAGES_LISTED) list.append(h("div", "vb-note", `… ${mappings.length - PAGES_LISTED} more pages`));
    cell.append(list);
    return h("tr", "", cell);
  }

  private drawChain(model: Model, snap: Snapshot): void {
    const box = h("div", "");
    box.append(h("h3", "", "How this mapping was made"));
    const m = this.picked && snap.mappings.get(this.picked.task)?.get(this.picked.vaddr);
    if (!this.picked) {
      box.append(h("p", "vb-note", "Pick a page (open a region, or click a frame in the map) to see the records that mapped it."));
      delete this.lastDrawn.selected;
    } else if (!m) {
      box.append(h("p", "vb-note", `${taskLabel(model, this.picked.task)} has nothing mapped at ${hex(this.picked.vaddr)} at the cursor.`));
      delete this.lastDrawn.selected;
    } else {
      box.append(h("p", "", `${taskLabel(model, m.task)}: ${hex(m.vaddr)} -> frame ${hex(m.paddr)}, ${m.writable ? "read-write" : "read-only"}`));
      const marks = pageMarks(m, snap, model);
      if (marks.length) box.append(h("p", "vb-note", `marks: ${marks.join(", ")}`));
      const list = h("ol", "vb-chain");
      const chain = m.chain.length ? m.chain : [m.madeAt];
      for (const index of chain) list.append(h("li", "", recordLink(model.table, index, this.go), ` ${chainWords(eventName(model.table, index))}`));
      if (!m.chain.length) box.append(h("p", "vb-note", "The kernel made this mapping itself (no page fault, no pager)."));
      box.append(list);
      this.lastDrawn.selected = { task: m.task, vaddr: reportHex(m.vaddr), chain: chain.map((index) => ({ index, event: eventName(model.table, index) })) };
    }
    this.chainBox.replaceChildren(box);
  }

  private redraw(): void {
    this.last = undefined;
    this.update();
  }

  private hover(ev: MouseEvent): void {
    const frame = this.frameAt(ev);
    if (frame === undefined || !this.snapshot) return;
    const paddr = frame * X86_PAGE_SIZE;
    const use = this.snapshot.frames.get(paddr);
    const model = this.context.model;
    const who = use ? (use.task ? taskLabel(model, use.task) : "kernel") : "";
    const maps = mappersOf(this.snapshot, paddr).map((m) => `${taskLabel(model, m.task)} at ${hex(m.vaddr)}`);
    this.hoverNote.textContent = `${hex(paddr)}: ${frameUseWords(use)}${who ? `, charged to ${who}` : ""}${maps.length ? `; mapped by ${maps.join(", ")}` : ""}`;
  }

  private clickFrame(ev: MouseEvent): void {
    const frame = this.frameAt(ev);
    if (frame === undefined || !this.snapshot) return;
    const [m] = mappersOf(this.snapshot, frame * X86_PAGE_SIZE);
    if (!m) return;
    this.picked = { task: m.task, vaddr: m.vaddr };
    const region = addressRegions(this.snapshot.mappings.get(m.task)!.values()).find((r) => r.start <= m.vaddr && m.vaddr < r.end);
    if (region) this.openRegion = { task: m.task, start: region.start };
    this.context.select({ ...this.context.selection, task: m.task });
    this.redraw();
  }

  private clickStrip(ev: MouseEvent): void {
    const strip = this.strip;
    if (!strip || strip.at.length === 0) return;
    const rect = this.stripCanvas.getBoundingClientRect();
    const b = Math.min(strip.at.length - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / rect.width) * strip.at.length)));
    this.go(strip.at[b]);
  }

  private frameAt(ev: MouseEvent): number | undefined {
    if (!this.layout) return undefined;
    const rect = this.mapCanvas.getBoundingClientRect();
    return frameAtPixel(this.layout, ev.clientX - rect.left - MAP_GUTTER, ev.clientY - rect.top);
  }
}

/** An address as the kernel report writes it (Python's hex(): "0x400000"), for drawn(). */
export function reportHex(value: number): string {
  return "0x" + (value >>> 0).toString(16);
}

/** Plain words for one step of a mapping's chain. */
function chainWords(event: string): string {
  const words: Record<string, string> = {
    page_fault: "the thread touched an unmapped page: page fault",
    fault_delivered: "the kernel sent the fault to the task's pager as a message",
    ipc_recv: "the pager received the fault message",
    page_map: "the pager mapped a frame there",
    ipc_reply: "the pager replied: the thread runs again",
  };
  return words[event] ?? event.replace(/_/g, " ");
}

/** Size a canvas for the device's pixel ratio and return its context in CSS pixels. */
function setupCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
