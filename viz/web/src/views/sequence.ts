/**
 * The IPC sequence chart: each thread is a lifeline (grouped under its task), time runs
 * down the page, and every message is an arrow from its sender (at the send record) to its
 * receiver (at the receive record), labelled with label, badge, words and any capability
 * that travelled with it. Blocked spans are shaded on the lifeline with what they wait on;
 * running spans are the narrow dark bars. The view shows the shared window (wheel zooms,
 * drag pans, as on the timeline) and the cursor; a click on an arrow selects its message
 * and moves the cursor to its send.
 */
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from "d3-zoom";
import type { Message, Model } from "../model/types";
import { runExtent } from "../ui/context";
import type { View, ViewContext } from "../ui/view";
import { fitText, ViewCanvas } from "./canvas";
import { legendElement, STATE_COLOURS, stateWords, threadLanes, type Lane } from "./lanes";
import { arrowGeometry, bundleKey, bundleRows, hitArrow, LabelSpace, layoutLifelines, maxLatency, messageLabel, visibleMessages, type ArrowGeometry, type Lifeline, type TaskBand } from "./sequence_layout";
import { COLUMN_STATES, laneStates, NO_STATE, type ColumnsOut } from "./lane_columns";
import { LaneRaster, pixelOf } from "./lane_raster";
import { LaneLevels } from "./span_levels";
import { maxZoom, transformFromWindow, windowFromTransform, windowScale } from "./zoom_math";

/** Layout, in CSS pixels. */
const GUTTER = 84; // time axis
const HEADER = 48; // task and thread names
const BOTTOM_PAD = 10;
/** Height of a label's box (12 px text and a little air); overlapping labels are left out. */
const LABEL_HEIGHT = 13;
/**
 * More messages than this in the window are bundled: one line per band of pixel rows
 * (BUNDLE_ROW, or more so that there are at most MAX_BUNDLES lines) and pair of lifelines.
 */
export const DENSE_ARROWS = 3000;
const BUNDLE_ROW = 2;
const MAX_BUNDLES = 1500;

/** Lifeline shading by state code: running opaque and narrow (6 px), blocked states see-through and wide (16 px). */
const LIFELINE_PIXELS = new Uint32Array(256);
const LIFELINE_HALF_WIDTH = new Uint8Array(256);
COLUMN_STATES.forEach((state, code) => {
  if (state === "running") {
    LIFELINE_PIXELS[code] = pixelOf(STATE_COLOURS.running);
    LIFELINE_HALF_WIDTH[code] = 3;
  } else if (state.startsWith("blocked")) {
    LIFELINE_PIXELS[code] = pixelOf(STATE_COLOURS[state], 0.45);
    LIFELINE_HALF_WIDTH[code] = 8;
  }
});

/** LIFELINE_HALF_WIDTH in device pixels. */
function lifelineHalfWidths(ratio: number): Uint8Array {
  return LIFELINE_HALF_WIDTH.map((half) => Math.round(half * ratio));
}
/** Notifications from no thread (an interrupt: from 0) start at this pseudo-lifeline (no kobject has id -1). */
const IRQ_LANE_ID = -1;

/** The lifeline a message starts at: its sender's, or the IRQ lifeline for an interrupt's notification. */
function senderLane(model: Model, m: Message): number {
  if (m.kind === "notification" && m.from === 0) return IRQ_LANE_ID;
  return model.threads.has(m.from) ? m.from : IRQ_LANE_ID;
}

const KIND_STYLE: Record<Message["kind"], { colour: string; dash: number[] }> = {
  send: { colour: "#1d2330", dash: [] },
  call: { colour: "#1f4fb5", dash: [] },
  reply: { colour: "#2e7d32", dash: [6, 4] },
  fault: { colour: "#c62828", dash: [] },
  notification: { colour: "#7b1fa2", dash: [2, 3] },
};

export interface SequenceArrow {
  msg: number;
  kind: Message["kind"];
  from: number;
  to: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  label: string;
}

export interface SequenceDrawn {
  window: { t0: number; t1: number };
  lifelines: { thread: number; task: number; name: string; x: number }[];
  /** Messages received, each an arrow between two lifelines (when few enough to draw one by one). */
  arrows: SequenceArrow[];
  /** When more than DENSE_ARROWS messages are in the window: one line per sender, receiver and pixel row, with how many messages it stands for. */
  bundles: { from: number; to: number; count: number; y: number }[];
  /** Messages sent in the window but never received within the trace. */
  unreceived: { msg: number; kind: Message["kind"]; from: number }[];
  /** Blocked spans shaded on lifelines. */
  blocked: { thread: number; state: string; on?: number; y0: number; y1: number }[];
  selected?: number;
  cursor: { index: number; y: number | null };
}

export class SequenceView implements View {
  readonly id = "sequence";
  readonly title = "IPC sequence";
  private context!: ViewContext;
  private surface!: ViewCanvas;
  private behaviour!: ZoomBehavior<HTMLCanvasElement, unknown>;
  private syncing = false;
  private lanes: Lane[] = [];
  private hasIrqLane = false;
  private geometry: (ArrowGeometry & { message: Message })[] = [];
  private levels: LaneLevels | undefined;
  private raster!: LaneRaster;
  /** Scratch room of the lifeline pass (lane_columns.ts), reused every frame. */
  private columns: ColumnsOut = { states: new Uint8Array(0), wide: [] };
  private readonly cover = new Float64Array(COLUMN_STATES.length);
  private last: SequenceDrawn | undefined;
  /** The longest any message took from send to receive (instructions), to find those in a window. */
  private maxLatency = 0;

  mount(root: HTMLElement, context: ViewContext): void {
    this.context = context;
    const model = context.model;
    this.lanes = threadLanes(model);
    this.hasIrqLane = model.messages.some((m) => senderLane(model, m) === IRQ_LANE_ID);
    if (this.hasIrqLane)
      this.lanes.unshift({ thread: IRQ_LANE_ID, task: -1, name: "IRQ", taskName: "hardware", priority: 0, firstOfTask: true });
    this.maxLatency = maxLatency(model.messages, model.table.ts);
    const help = legendElement();
    const how = document.createElement("span");
    how.textContent = "· arrows: call (blue), reply (green, dashed), send (black), fault (red), notification (purple, dotted) · wheel: zoom · click an arrow: select it";
    help.append(how);
    root.append(help);
    this.surface = new ViewCanvas(root);
    this.raster = new LaneRaster();
    const run = runExtent(model);
    this.behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, maxZoom(run)])
      .extent(() => [[0, HEADER], [this.surface.width, this.bottom()]])
      .on("zoom", (event) => {
        if (this.syncing) return;
        const w = windowFromTransform(run, HEADER, this.bottom(), event.transform.k, event.transform.y);
        context.setWindow(w.t0, w.t1);
      });
    select(this.surface.canvas).call(this.behaviour);
    this.surface.canvas.addEventListener("click", (event) => this.click(event.offsetX, event.offsetY));
  }

  private bottom(): number {
    return this.surface.height - BOTTOM_PAD;
  }

  private click(x: number, y: number): void {
    const hit = hitArrow(this.geometry, x, y);
    if (hit < 0) return;
    const m = this.geometry[hit].message;
    this.context.select({ ...this.context.selection, message: m.msg, thread: m.from });
    this.context.setCursor(m.sentAt);
  }

  private syncZoom(): void {
    const run = runExtent(this.context.model);
    this.behaviour.translateExtent([[0, HEADER], [this.surface.width, this.bottom()]]);
    const { k, offset } = transformFromWindow(run, HEADER, this.bottom(), this.context.window);
    const now = zoomTransform(this.surface.canvas);
    if (Math.abs(now.k - k) / k < 1e-9 && Math.abs(now.y - offset) < 1e-6) return;
    this.syncing = true;
    select(this.surface.canvas).call(this.behaviour.transform, zoomIdentity.translate(0, offset).scale(k));
    this.syncing = false;
  }

  update(): void {
    const visible = Math.max(200, this.surface.scroll.clientWidth);
    const layout = layoutLifelines(this.lanes, GUTTER, visible);
    const g = this.surface.fit(layout.width + 8, 0);
    this.syncZoom();
    this.last = this.draw(g, this.context.model, layout.lifelines, layout.bands);
  }

  private draw(g: CanvasRenderingContext2D, model: Model, lifelines: Lifeline[], bands: TaskBand[]): SequenceDrawn {
    const { window, cursor, selection } = this.context;
    const { table } = model;
    const W = this.surface.width;
    const top = HEADER;
    const bottom = this.bottom();
    const scale = windowScale(window, top, bottom);
    const xOf = new Map(lifelines.map((l) => [l.thread, l.x]));
    g.font = "12px system-ui, sans-serif";
    g.textBaseline = "alphabetic";

    // Task bands and thread names.
    bands.forEach((band, n) => {
      g.fillStyle = n % 2 ? "#f7f8fb" : "#eef1f7";
      g.fillRect(band.x0, 0, band.x1 - band.x0, bottom + BOTTOM_PAD);
      g.fillStyle = "#1d2330";
      g.font = "bold 12px system-ui, sans-serif";
      g.textAlign = "center";
      g.fillText(fitText(g, band.task < 0 ? band.name : `${band.name} (task ${band.task})`, band.x1 - band.x0 - 8), (band.x0 + band.x1) / 2, 16);
    });
    g.font = "12px system-ui, sans-serif";
    for (const l of lifelines) {
      g.fillStyle = "#1d2330";
      g.fillText(fitText(g, l.thread === IRQ_LANE_ID ? "IRQ" : `${l.name} #${l.thread}`, 112), l.x, 36);
      g.strokeStyle = "#9aa3b2";
      g.setLineDash([3, 4]);
      g.beginPath();
      g.moveTo(l.x + 0.5, top);
      g.lineTo(l.x + 0.5, bottom);
      g.stroke();
      g.setLineDash([]);
    }
    g.textAlign = "left";
    g.fillStyle = "#c4cad6";
    g.fillRect(0, top - 1, W, 1);

    // The time axis down the left.
    const axis = scaleLinear().domain([window.t0, window.t1]).range([top, bottom]);
    const ticks = axis.ticks(Math.max(2, Math.floor((bottom - top) / 60)));
    const format = axis.tickFormat(ticks.length, "~s");
    g.fillStyle = "#5b6475";
    g.textAlign = "right";
    for (const t of ticks) {
      const y = Math.round(axis(t)) + 0.5;
      g.fillRect(GUTTER - 8, y, 6, 1);
      g.fillText(format(t), GUTTER - 12, y + 4);
    }
    g.textAlign = "left";
    g.fillText("instructions", 4, top - 6);

    g.save();
    g.beginPath();
    g.rect(0, top, W, bottom - top);
    g.clip();

    const labels = new LabelSpace();
    // Running and blocked spans on each lifeline: one state per pixel row (lane_columns.ts)
    // painted into one image (lane_raster.ts): a zoomed-out chart has a run in every pixel
    // row of every lifeline, too many for a canvas call each. Then the words of tall spans.
    const blocked: SequenceDrawn["blocked"] = [];
    const ratio = this.surface.canvas.width / W; // device pixels per CSS pixel
    const image = this.raster.begin(W * ratio, (bottom - top) * ratio);
    if (this.columns.states.length < image.height) this.columns.states = new Uint8Array(image.height);
    const halfWidths = lifelineHalfWidths(ratio);
    const perTime = (bottom - top) / (window.t1 - window.t0);
    const spanWords: { text: string; x: number; y: number }[] = [];
    g.font = "11px system-ui, sans-serif";
    for (const l of lifelines) {
      const spans = (this.levels ??= new LaneLevels(model)).spansFor(l.thread, window, bottom - top);
      const { states, wide } = this.columns;
      laneStates(spans, window.t0, window.t1, image.height, ratio, this.columns, this.cover);
      image.paintLifeline(states, LIFELINE_PIXELS, Math.round(l.x * ratio), halfWidths);
      // The blocked runs (rows of one blocked state), with what they wait on when one span makes them.
      let w = 0;
      for (let r = 0; r < image.height; ) {
        const code = states[r];
        let end = r + 1;
        while (end < image.height && states[end] === code) end++;
        const state = code === NO_STATE ? "" : COLUMN_STATES[code];
        if (state.startsWith("blocked")) {
          const y0 = top + r / ratio;
          const y1 = top + end / ratio;
          while (w < wide.length && top + (spans.t1[wide[w]] - window.t0) * perTime <= y0) w++;
          const s = w < wide.length && spans.stateOf(wide[w]) === state && top + (spans.t0[wide[w]] - window.t0) * perTime <= y0 + 1 ? spans.at(wide[w]) : undefined;
          blocked.push({ thread: l.thread, state, on: s?.on, y0, y1 });
          if (s && y1 - y0 >= 16) {
            const words = stateWords(s.state, s.on);
            const y = Math.max(top + 11, y0 + 11);
            if (labels.take(l.x + 11, y - 10, g.measureText(words).width, 12)) spanWords.push({ text: words, x: l.x + 11, y });
          }
        }
        r = end;
      }
    }
    this.raster.drawOnto(g, 0, top, W, bottom - top);
    g.fillStyle = "#3b4252";
    for (const w of spanWords) g.fillText(w.text, w.x, w.y);
    g.font = "12px system-ui, sans-serif";

    // Message arrows: each one when there are few enough to read, else bundled per pixel row.
    const arrows: SequenceArrow[] = [];
    const bundles: SequenceDrawn["bundles"] = [];
    const unreceived: SequenceDrawn["unreceived"] = [];
    this.geometry = [];
    const visible = visibleMessages(model.messages, table.ts, window.t0, window.t1, this.maxLatency);
    const dense = visible.length > DENSE_ARROWS;
    const rows = dense ? this.bundleRowsFor(visible, model, xOf, scale) : BUNDLE_ROW;
    const bundled = new Map<number, number>();
    const bundleLines = new Map<string, Path2D>(); // colour -> every bundle line of that colour, stroked once
    const texts: { text: string; x: number; y: number; colour: string }[] = []; // row, sender x, receiver x -> bundle
    for (const n of visible) {
      const m = model.messages[n];
      const tSent = table.ts[m.sentAt];
      const fromX = xOf.get(senderLane(model, m));
      if (fromX === undefined) continue;
      const y0 = scale.toPixel(tSent);
      if (m.to === undefined || m.receivedAt === undefined) {
        unreceived.push({ msg: m.msg, kind: m.kind, from: m.from });
        if (dense) continue;
        g.strokeStyle = "#9aa3b2";
        g.setLineDash([2, 2]);
        g.beginPath();
        g.moveTo(fromX, y0);
        g.lineTo(fromX + 40, y0);
        g.stroke();
        g.setLineDash([]);
        const words = `${m.kind} ${m.msg}: not received`;
        if (labels.take(fromX + 44, y0 - 7, g.measureText(words).width, 12)) {
          g.fillStyle = "#5b6475";
          g.fillText(words, fromX + 44, y0 + 4);
        }
        continue;
      }
      const toX = xOf.get(m.to);
      if (toX === undefined) continue;
      const y1 = scale.toPixel(table.ts[m.receivedAt]);
      const style = KIND_STYLE[m.kind];
      if (dense) {
        const key = bundleKey(y0, fromX, toX, rows);
        const seen = bundled.get(key);
        if (seen !== undefined) {
          bundles[seen].count++;
          continue;
        }
        bundled.set(key, bundles.length);
        bundles.push({ from: m.from, to: m.to, count: 1, y: y0 });
        let path = bundleLines.get(style.colour);
        if (!path) bundleLines.set(style.colour, (path = new Path2D()));
        path.moveTo(fromX, y0);
        path.lineTo(toX, y1);
        this.geometry.push({ ...arrowGeometry(fromX, y0, toX, y1), message: m });
        continue;
      }
      const shape = arrowGeometry(fromX, y0, toX, y1);
      const chosen = selection.message === m.msg;
      g.strokeStyle = chosen ? "#f08c00" : style.colour;
      g.fillStyle = g.strokeStyle;
      g.lineWidth = chosen ? 3 : 1.4;
      g.setLineDash(style.dash);
      g.beginPath();
      shape.points.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
      g.stroke();
      g.setLineDash([]);
      g.beginPath();
      shape.head.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
      g.fill();
      g.lineWidth = 1;
      const label = messageLabel(m);
      const room = Math.max(Math.abs(toX - fromX) - 12 || 160, 60);
      const [lx, ly] = shape.label;
      if (chosen || labels.take(lx, ly - LABEL_HEIGHT + 2, Math.min(room, g.measureText(label).width), LABEL_HEIGHT))
        texts.push({ text: fitText(g, label, room), x: lx, y: ly, colour: chosen ? "#b35c00" : style.colour });
      this.geometry.push({ ...shape, message: m });
      arrows.push({ msg: m.msg, kind: m.kind, from: m.from, to: m.to, x0: fromX, y0, x1: toX, y1, label });
    }
    for (const [colour, path] of bundleLines) {
      g.strokeStyle = colour;
      g.stroke(path);
    }
    // Labels last, on a white halo, so no arrow crosses their words.
    g.lineWidth = 3;
    g.strokeStyle = "rgba(255, 255, 255, 0.9)";
    for (const t of texts) {
      g.strokeText(t.text, t.x, t.y);
      g.fillStyle = t.colour;
      g.fillText(t.text, t.x, t.y);
    }
    g.lineWidth = 1;
    if (dense) {
      g.fillStyle = "#1d2330";
      g.fillText(`${visible.length.toLocaleString("en-US")} messages here: zoom in to see each one with its label`, GUTTER + 8, top + 14);
    }

    // The cursor.
    let cursorY: number | null = null;
    if (cursor >= 0) {
      const y = scale.toPixel(table.ts[cursor]);
      if (y >= top && y <= bottom) {
        cursorY = y;
        g.fillStyle = "#d62828";
        g.fillRect(0, Math.round(y) - 1, W, 2);
      }
    }
    g.restore();
    return {
      window: { ...window },
      lifelines: lifelines.map((l) => ({ thread: l.thread, task: l.task, name: l.name, x: l.x })),
      arrows,
      bundles,
      unreceived,
      blocked,
      selected: selection.message,
      cursor: { index: cursor, y: cursorY },
    };
  }

  /** Rows per bundle (bundleRows) for the received messages among `visible` (indices into model.messages). */
  private bundleRowsFor(visible: number[], model: Model, xOf: Map<number, number>, scale: { toPixel(t: number): number }): number {
    const ys = new Float64Array(visible.length);
    const froms = new Float64Array(visible.length);
    const tos = new Float64Array(visible.length);
    let n = 0;
    for (const i of visible) {
      const m = model.messages[i];
      const fromX = xOf.get(senderLane(model, m));
      const toX = m.to === undefined || m.receivedAt === undefined ? undefined : xOf.get(m.to);
      if (fromX === undefined || toX === undefined) continue;
      ys[n] = scale.toPixel(model.table.ts[m.sentAt]);
      froms[n] = fromX;
      tos[n++] = toX;
    }
    return bundleRows(ys, froms, tos, n, BUNDLE_ROW, MAX_BUNDLES);
  }

  drawn(): SequenceDrawn | undefined {
    return this.last;
  }
}
