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
import { arrowGeometry, hitArrow, LabelSpace, layoutLifelines, maxLatency, messageLabel, visibleMessages, type ArrowGeometry, type Lifeline, type TaskBand } from "./sequence_layout";
import { LaneLevels } from "./span_levels";
import { spanRuns } from "./span_runs";
import { maxZoom, transformFromWindow, windowFromTransform, windowScale } from "./zoom_math";

/** Layout, in CSS pixels. */
const GUTTER = 84; // time axis
const HEADER = 48; // task and thread names
const BOTTOM_PAD = 10;
/** Height of a label's box (12 px text and a little air); overlapping labels are left out. */
const LABEL_HEIGHT = 13;
/** More messages than this in the window are bundled, one line per pixel row (BUNDLE_ROW) and pair of lifelines. */
export const DENSE_ARROWS = 3000;
const BUNDLE_ROW = 2;
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
    // Running and blocked spans on each lifeline.
    const blocked: SequenceDrawn["blocked"] = [];
    for (const l of lifelines) {
      const spans = (this.levels ??= new LaneLevels(model)).spansFor(l.thread, window, bottom - top);
      for (const run of spanRuns(spans, window.t0, window.t1, top, bottom)) {
        const h = Math.max(1, run.p1 - run.p0);
        if (run.state === "running") {
          g.fillStyle = STATE_COLOURS.running;
          g.fillRect(l.x - 3, run.p0, 6, h);
        } else if (run.state.startsWith("blocked")) {
          g.fillStyle = STATE_COLOURS[run.state];
          g.globalAlpha = 0.45;
          g.fillRect(l.x - 8, run.p0, 16, h);
          g.globalAlpha = 1;
          const s = run.span >= 0 ? spans[run.span] : undefined;
          blocked.push({ thread: l.thread, state: run.state, on: s?.on, y0: run.p0, y1: run.p1 });
          if (s && h >= 16) {
            g.font = "11px system-ui, sans-serif";
            const words = stateWords(s.state, s.on);
            const y = Math.max(top + 11, run.p0 + 11);
            if (labels.take(l.x + 11, y - 10, g.measureText(words).width, 12)) {
              g.fillStyle = "#3b4252";
              g.fillText(words, l.x + 11, y);
            }
            g.font = "12px system-ui, sans-serif";
          }
        }
      }
    }

    // Message arrows: each one when there are few enough to read, else bundled per pixel row.
    const arrows: SequenceArrow[] = [];
    const bundles: SequenceDrawn["bundles"] = [];
    const unreceived: SequenceDrawn["unreceived"] = [];
    this.geometry = [];
    const visible = visibleMessages(model.messages, table.ts, window.t0, window.t1, this.maxLatency);
    const dense = visible.length > DENSE_ARROWS;
    const bundled = new Map<number, number>();
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
        const key = (Math.floor(y0 / BUNDLE_ROW) * 4096 + (fromX % 4096)) * 4096 + (toX % 4096);
        const seen = bundled.get(key);
        if (seen !== undefined) {
          bundles[seen].count++;
          continue;
        }
        bundled.set(key, bundles.length);
        bundles.push({ from: m.from, to: m.to, count: 1, y: y0 });
        g.strokeStyle = style.colour;
        g.beginPath();
        g.moveTo(fromX, y0);
        g.lineTo(toX, y1);
        g.stroke();
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

  drawn(): SequenceDrawn | undefined {
    return this.last;
  }
}
