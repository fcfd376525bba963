/**
 * The per-thread timeline: one row per thread (grouped by task), coloured by state
 * (running, ready, blocked on what), with context switches and their reason, scheduler
 * picks with the priority picked, and IRQs on their own row. Drawn on one canvas, only what
 * is in the shared window; spans thinner than a pixel are gathered (span_runs.ts).
 * Wheel or pinch zooms (whole run down to one system call), drag pans, click moves the
 * cursor to the nearest record and selects the thread under the pointer.
 */
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from "d3-zoom";
import type { Model } from "../model/types";
import { indexAtTime, runExtent } from "../ui/context";
import { argIndex } from "../trace/schema";
import type { View, ViewContext } from "../ui/view";
import { fitText, ViewCanvas } from "./canvas";
import { constantNames } from "./constants";
import { legendElement, STATE_COLOURS, stateWords, threadLanes, type Lane } from "./lanes";
import { COLUMN_STATES, laneStates, NO_STATE, type ColumnsOut } from "./lane_columns";
import { LaneRaster, pixelOf } from "./lane_raster";
import { LaneLevels } from "./span_levels";
import { visiblePoints } from "./span_runs";
import { maxZoom, transformFromWindow, windowFromTransform, windowScale } from "./zoom_math";

/** Layout, in CSS pixels. */
const GUTTER = 200; // thread names
const AXIS_HEIGHT = 30;
const IRQ_ROW = 20;
const LANE_MIN = 16;
const LANE_MAX = 34;
/** Lanes at least this tall keep a strip at their top for picks and switch reasons. */
const STRIP_MIN_LANE = 26;
const STRIP = 11;
/** Label a switch or a pick only when neighbours are this far apart on average (pixels). */
const LABEL_SPACING = 60;

export interface TimelineDrawn {
  window: { t0: number; t1: number };
  lanes: { thread: number; task: number; name: string; y: number; height: number; runs: number }[];
  rects: number;
  switches: number;
  picks: number;
  irqs: number;
  cursor: { index: number; x: number | null };
}

/** A lane's words ("recv on 12") go on spans at least this wide (pixels). */
const LABEL_MIN = 36;
/** The state colours as pixels, by column state code (dead and NO_STATE: transparent, not drawn). */
const STATE_PIXELS = new Uint32Array(256);
COLUMN_STATES.forEach((state, code) => (STATE_PIXELS[code] = pixelOf(STATE_COLOURS[state] ?? "#999999")));
STATE_PIXELS[NO_STATE] = 0;

/** A small label in a lane's top strip. */
interface Note {
  x: number;
  y: number;
  text: string;
}

/** The record nearest time t. */
export function nearestRecord(ts: Float64Array, count: number, t: number): number {
  const i = indexAtTime(ts, count, t);
  if (i < 0) return count ? 0 : -1;
  if (i + 1 < count && ts[i + 1] - t < t - ts[i]) return i + 1;
  return i;
}

export class TimelineView implements View {
  readonly id = "timeline";
  readonly title = "Timeline";
  private context!: ViewContext;
  private surface!: ViewCanvas;
  private behaviour!: ZoomBehavior<HTMLCanvasElement, unknown>;
  private syncing = false;
  private lanes: Lane[] = [];
  private laneY = new Map<number, number>();
  private laneHeight = LANE_MIN;
  private top = AXIS_HEIGHT;
  private levels: LaneLevels | undefined;
  private last: TimelineDrawn | undefined;
  private reasons = new Map<number, string>();
  private raster!: LaneRaster;
  /** Lane names in the gutter as fitted to it (fitText measures the text a few times), by font and text. */
  private readonly gutterNames = new Map<string, string>();
  /** Scratch room of the lane pass (lane_columns.ts), reused every frame. */
  private columns: ColumnsOut = { states: new Uint8Array(0), wide: [] };
  private readonly cover = new Float64Array(COLUMN_STATES.length);

  mount(root: HTMLElement, context: ViewContext): void {
    this.context = context;
    const model = context.model;
    this.lanes = threadLanes(model);
    this.reasons = constantNames(model.table.schema, "switch_reason", "switch_");
    const help = legendElement();
    const how = document.createElement("span");
    how.textContent = "· wheel: zoom · drag: pan · click: move the cursor there";
    help.append(how);
    root.append(help);
    this.surface = new ViewCanvas(root);
    this.raster = new LaneRaster();
    const run = runExtent(model);
    this.behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, maxZoom(run)])
      .extent(() => [[GUTTER, 0], [this.surface.width, this.surface.height]])
      .on("zoom", (event) => {
        if (this.syncing) return;
        const w = windowFromTransform(run, GUTTER, this.surface.width, event.transform.k, event.transform.x);
        context.setWindow(w.t0, w.t1);
      });
    select(this.surface.canvas).call(this.behaviour);
    this.surface.canvas.addEventListener("click", (event) => this.click(event.offsetX, event.offsetY));
  }

  private click(x: number, y: number): void {
    const { model, window } = this.context;
    const lane = this.lanes.find((l) => {
      const top = this.laneY.get(l.thread)!;
      return y >= top && y < top + this.laneHeight;
    });
    if (lane) this.context.select({ thread: lane.thread, task: lane.task });
    if (x < GUTTER) return;
    const scale = windowScale(window, GUTTER, this.surface.width);
    this.context.setCursor(nearestRecord(model.table.ts, model.table.count, scale.toTime(x)));
  }

  /** Keep d3-zoom's transform equal to the shared window (another view may have moved it). */
  private syncZoom(): void {
    const run = runExtent(this.context.model);
    const width = this.surface.width;
    this.behaviour.translateExtent([[GUTTER, 0], [width, this.surface.height]]);
    const { k, offset } = transformFromWindow(run, GUTTER, width, this.context.window);
    const now = zoomTransform(this.surface.canvas);
    if (Math.abs(now.k - k) / k < 1e-9 && Math.abs(now.x - offset) < 1e-6) return;
    this.syncing = true;
    select(this.surface.canvas).call(this.behaviour.transform, zoomIdentity.translate(offset, 0).scale(k));
    this.syncing = false;
  }

  /** Height of the annotation strip at the top of each lane (0 when lanes are thin). */
  private strip(): number {
    return this.hasStrip() ? STRIP : 3;
  }

  private hasStrip(): boolean {
    return this.laneHeight >= STRIP_MIN_LANE;
  }

  update(): void {
    const model = this.context.model;
    const irqRow = model.irqs.length ? IRQ_ROW : 0;
    const available = Math.max(0, this.surface.scroll.clientHeight - AXIS_HEIGHT - irqRow - 8);
    this.laneHeight = Math.max(LANE_MIN, Math.min(LANE_MAX, Math.floor(available / Math.max(1, this.lanes.length))));
    this.top = AXIS_HEIGHT + irqRow;
    const g = this.surface.fit(0, this.top + this.lanes.length * this.laneHeight + 8);
    this.syncZoom();
    this.last = this.draw(g, model, irqRow);
  }

  private draw(g: CanvasRenderingContext2D, model: Model, irqRow: number): TimelineDrawn {
    const { window, cursor, selection } = this.context;
    const { table } = model;
    const W = this.surface.width;
    const H = this.surface.height;
    const scale = windowScale(window, GUTTER, W);
    const plot = W - GUTTER;
    g.font = "12px system-ui, sans-serif";
    g.textBaseline = "middle";

    // Rows: backgrounds by task, names in the gutter.
    this.laneY.clear();
    this.lanes.forEach((lane, n) => {
      const y = this.top + n * this.laneHeight;
      this.laneY.set(lane.thread, y);
      g.fillStyle = lane.task % 2 ? "#f7f8fb" : "#ffffff";
      g.fillRect(0, y, W, this.laneHeight);
      if (lane.firstOfTask && n > 0) {
        g.fillStyle = "#c4cad6";
        g.fillRect(0, y, W, 1);
      }
      if (selection.thread === lane.thread) {
        g.fillStyle = "rgba(36, 86, 199, 0.10)";
        g.fillRect(0, y, W, this.laneHeight);
      }
      g.fillStyle = "#1d2330";
      const who = lane.firstOfTask ? `${lane.taskName}: ${lane.name}` : `  ${lane.name}`;
      g.font = lane.firstOfTask ? "bold 12px system-ui, sans-serif" : "12px system-ui, sans-serif";
      const name = `${g.font}|${who} #${lane.thread} p${lane.priority}`;
      let fitted = this.gutterNames.get(name); // measured once, not every frame
      if (fitted === undefined) this.gutterNames.set(name, (fitted = fitText(g, name.slice(g.font.length + 1), GUTTER - 10)));
      g.fillText(fitted, 6, y + this.laneHeight / 2);
    });
    g.font = "12px system-ui, sans-serif";

    // The time axis and its grid.
    const axis = scaleLinear().domain([window.t0, window.t1]).range([GUTTER, W]);
    const ticks = axis.ticks(Math.max(2, Math.floor(plot / 110)));
    const format = axis.tickFormat(ticks.length, "~s");
    g.fillStyle = "#5b6475";
    g.textAlign = "center";
    for (const t of ticks) {
      const x = Math.round(axis(t)) + 0.5;
      g.fillRect(x, AXIS_HEIGHT - 6, 1, 6);
      g.fillStyle = "#eceef3";
      g.fillRect(x, AXIS_HEIGHT, 1, H - AXIS_HEIGHT);
      g.fillStyle = "#5b6475";
      g.fillText(format(t), x, AXIS_HEIGHT - 14);
    }
    g.textAlign = "left";
    g.fillText("guest instructions", 6, AXIS_HEIGHT - 14);
    g.fillRect(GUTTER, AXIS_HEIGHT - 1, plot, 1);

    // Spans: every lane painted into one image of pixel columns (lane_raster.ts), then the
    // words of the runs wide enough to hold them.
    const drawnLanes: TimelineDrawn["lanes"] = [];
    let rects = 0;
    g.save();
    g.beginPath();
    g.rect(GUTTER, 0, plot, H);
    g.clip();
    const ratio = this.surface.canvas.width / W; // device pixels per CSS pixel
    const image = this.raster.begin(plot * ratio, H * ratio);
    if (this.columns.states.length < image.width) this.columns.states = new Uint8Array(image.width);
    const words: Note[] = [];
    const perTime = plot / (window.t1 - window.t0);
    for (const lane of this.lanes) {
      const y = this.laneY.get(lane.thread)!;
      const spans = (this.levels ??= new LaneLevels(model)).spansFor(lane.thread, window, plot);
      const runs = laneStates(spans, window.t0, window.t1, image.width, LABEL_MIN * ratio, this.columns, this.cover);
      const top = y + this.strip();
      const height = this.laneHeight - this.strip() - 3;
      image.paintLane(this.columns.states, STATE_PIXELS, Math.round(top * ratio), Math.round(height * ratio));
      rects += runs;
      for (const i of this.columns.wide) {
        const state = spans.stateOf(i);
        if (state === "running" || state === "dead") continue;
        const p0 = GUTTER + Math.max(0, spans.t0[i] - window.t0) * perTime;
        const p1 = GUTTER + Math.min(plot, (spans.t1[i] - window.t0) * perTime);
        words.push({ x: p0 + 3, y: top + height / 2, text: fitText(g, stateWords(state, spans.onOf(i)), p1 - p0 - 6) });
      }
      drawnLanes.push({ thread: lane.thread, task: lane.task, name: lane.name, y, height: this.laneHeight, runs });
    }
    this.raster.drawOnto(g, GUTTER, 0, plot, H);
    g.fillStyle = "#1d2330";
    for (const w of words) g.fillText(w.text, w.x, w.y);

    // Context switches: a line from the thread switched out to the one switched in.
    const from = argIndex(table.schema, "context_switch", "from_thread");
    const to = argIndex(table.schema, "context_switch", "to_thread");
    const why = argIndex(table.schema, "context_switch", "reason");
    const notes: Note[] = [];
    const switches = visiblePoints(model.switches, table.ts, window.t0, window.t1, GUTTER, W);
    const labelSwitches = switches.length * LABEL_SPACING < plot;
    // One path for all the lines and one for all the marks (fill closes each triangle): a
    // canvas call per kind of mark, not a stroke or fill per mark (there may be one in every
    // pixel column).
    const lines = new Path2D();
    const heads = new Path2D();
    for (const s of switches) {
      const y0 = this.laneY.get(table.args[s.index * 4 + from]);
      const y1 = this.laneY.get(table.args[s.index * 4 + to]);
      if (y1 === undefined) continue;
      const x = Math.round(s.p) + 0.5;
      const a = (y0 ?? y1) + this.laneHeight / 2;
      const b = y1 + this.laneHeight / 2;
      lines.moveTo(x, a);
      lines.lineTo(x, b);
      if (labelSwitches && s.count === 1) {
        const dir = b >= a ? -1 : 1; // arrow head into the thread switched in
        heads.moveTo(x, b);
        heads.lineTo(x - 3, b + dir * 5);
        heads.lineTo(x + 3, b + dir * 5);
        const reason = why >= 0 ? this.reasons.get(table.args[s.index * 4 + why]) : undefined;
        if (reason && y0 !== undefined) notes.push({ x: x + 3, y: y0, text: `out: ${reason}` });
      }
    }
    g.strokeStyle = "rgba(29, 35, 48, 0.55)";
    g.lineWidth = 1;
    g.stroke(lines);
    g.fillStyle = "#1d2330";
    g.fill(heads);

    // Scheduler picks: a mark at the top of the thread picked, with the priority picked.
    const pickThread = argIndex(table.schema, "sched_pick", "thread");
    const pickPriority = argIndex(table.schema, "sched_pick", "priority");
    const picks = visiblePoints(model.picks, table.ts, window.t0, window.t1, GUTTER, W);
    const labelPicks = picks.length * LABEL_SPACING < plot;
    const marks = new Path2D();
    for (const p of picks) {
      const y = this.laneY.get(table.args[p.index * 4 + pickThread]);
      if (y === undefined) continue;
      marks.moveTo(p.p - 3, y);
      marks.lineTo(p.p + 3, y);
      marks.lineTo(p.p, y + 4);
      if (labelPicks && pickPriority >= 0) notes.push({ x: p.p + 4, y, text: `pick p${table.args[p.index * 4 + pickPriority]}` });
    }
    g.fillStyle = "#1d2330";
    g.fill(marks);
    if (this.hasStrip()) this.drawNotes(g, notes);

    // IRQs on their own row under the axis.
    const irqs = irqRow ? visiblePoints(model.irqs, table.ts, window.t0, window.t1, GUTTER, W) : [];
    const irqField = argIndex(table.schema, "irq_raised", "irq");
    g.restore();
    if (irqRow) {
      g.fillStyle = "#1d2330";
      g.font = "bold 12px system-ui, sans-serif";
      g.fillText("IRQs", 6, AXIS_HEIGHT + irqRow / 2);
      g.font = "12px system-ui, sans-serif";
      const labelIrqs = irqs.length * LABEL_SPACING < plot;
      let free = -Infinity; // where the last IRQ label ends
      for (const q of irqs) {
        g.fillStyle = "#c62828";
        g.fillRect(Math.round(q.p), AXIS_HEIGHT + 3, 2, irqRow - 6);
        const text = `irq ${table.args[q.index * 4 + irqField]}`;
        if (!labelIrqs || irqField < 0 || q.p + 4 < free) continue;
        g.fillText(text, q.p + 4, AXIS_HEIGHT + irqRow / 2);
        free = q.p + 4 + g.measureText(text).width + 6;
      }
    }

    // The cursor.
    let cursorX: number | null = null;
    if (cursor >= 0) {
      const x = scale.toPixel(table.ts[cursor]);
      if (x >= GUTTER && x <= W) {
        cursorX = x;
        g.fillStyle = "#d62828";
        g.fillRect(Math.round(x) - 1, AXIS_HEIGHT - 4, 2, H - AXIS_HEIGHT + 4);
      }
    }
    return {
      window: { ...window },
      lanes: drawnLanes,
      rects,
      switches: switches.length,
      picks: picks.length,
      irqs: irqs.length,
      cursor: { index: cursor, x: cursorX },
    };
  }

  /** Small labels in the lanes' top strips, left to right, leaving out any that would overlap. */
  private drawNotes(g: CanvasRenderingContext2D, notes: Note[]): void {
    notes.sort((a, b) => a.x - b.x);
    const free = new Map<number, number>(); // lane top -> first free x
    g.font = "10px system-ui, sans-serif";
    g.fillStyle = "#5b6475";
    for (const note of notes) {
      if (note.x < (free.get(note.y) ?? -Infinity)) continue;
      g.fillText(note.text, note.x, note.y + STRIP / 2 + 1);
      free.set(note.y, note.x + g.measureText(note.text).width + 6);
    }
    g.font = "12px system-ui, sans-serif";
  }

  drawn(): TimelineDrawn | undefined {
    return this.last;
  }
}
