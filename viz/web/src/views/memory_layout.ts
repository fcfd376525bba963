/**
 * The logic of the memory view, kept apart from its drawing: where each physical frame sits
 * in the WeensyOS-style map, who owns it, frames in use by owner over the whole trace (one
 * pass over frame_alloc / frame_free), a task's address space as regions of mapped pages,
 * and the marks a page may carry.
 *
 * Copy-on-write and swapped-out marks: the pager issue adds them by pushing a function onto
 * PAGE_MARK_SOURCES (for example one reading a page_share or page_swap_out record); regions
 * split where marks change and the view draws every mark a page carries. Until then no
 * source is registered and no page has a mark.
 */
import type { FrameUse, Mapping, Model, Snapshot } from "../model/types";
import type { TraceTable } from "../trace/types";
import { tableName } from "./caps_tree";
import { eventId, fieldIndex } from "./parts";

/** The x86 page (and frame) size the kernel maps with; an architecture constant, not a setting. */
export const X86_PAGE_SIZE = 4096;

/** WeensyOS draws 64 frames a row; the map keeps that until cells would shrink below MIN_CELL. */
export const FRAME_MAP_COLUMNS = 64;
export const FRAME_MAP_MIN_CELL = 3;
export const FRAME_MAP_MAX_CELL = 12;

/** A mark on a mapped page, drawn beside it. */
export type PageMark = "cow" | "swapped";

/** What the pager issue registers: the marks of one mapping in one snapshot. */
export type PageMarkSource = (mapping: Mapping, snapshot: Snapshot, model: Model) => PageMark[];

/** The registered mark sources (empty until copy-on-write and swapping land). */
export const PAGE_MARK_SOURCES: PageMarkSource[] = [];

/** Every mark a mapping carries, from every registered source, each once. */
export function pageMarks(mapping: Mapping, snapshot: Snapshot, model: Model): PageMark[] {
  const marks = new Set<PageMark>();
  for (const source of PAGE_MARK_SOURCES) for (const m of source(mapping, snapshot, model)) marks.add(m);
  return [...marks].sort();
}

export interface FrameMapLayout {
  /** Frame number (paddr / page size) of the first cell. */
  firstFrame: number;
  /** Cells drawn: frames firstFrame .. firstFrame + count - 1. */
  count: number;
  cols: number;
  rows: number;
  /** Cell side in CSS pixels (a 1-pixel gap included when cell >= 4). */
  cell: number;
  width: number;
  height: number;
}

/**
 * Lay out frames [firstFrame, endFrame) in rows that fit `width` pixels: 64 a row like
 * WeensyOS with cells up to 12 px, more a row when 64 would need cells under 3 px tall
 * boxes; the first row starts at a multiple of the columns so rows line up with addresses.
 */
export function frameMapLayout(firstFrame: number, endFrame: number, width: number): FrameMapLayout {
  let cols = FRAME_MAP_COLUMNS;
  let cell = Math.floor(width / cols);
  if (cell < FRAME_MAP_MIN_CELL) {
    cell = FRAME_MAP_MIN_CELL;
    cols = Math.max(1, Math.floor(width / cell));
  }
  cell = Math.min(cell, FRAME_MAP_MAX_CELL);
  const first = Math.floor(firstFrame / cols) * cols;
  const count = Math.max(0, endFrame - first);
  const rows = Math.ceil(count / cols);
  return { firstFrame: first, count, cols, rows, cell, width: cols * cell, height: rows * cell };
}

/** Top-left corner of frame `frame`'s cell, or undefined when it is outside the map. */
export function cellOf(layout: FrameMapLayout, frame: number): { x: number; y: number } | undefined {
  const i = frame - layout.firstFrame;
  if (i < 0 || i >= layout.count) return undefined;
  return { x: (i % layout.cols) * layout.cell, y: Math.floor(i / layout.cols) * layout.cell };
}

/** The frame under pixel (x, y), or undefined. */
export function frameAtPixel(layout: FrameMapLayout, x: number, y: number): number | undefined {
  const col = Math.floor(x / layout.cell);
  const row = Math.floor(y / layout.cell);
  if (col < 0 || col >= layout.cols || row < 0) return undefined;
  const i = row * layout.cols + col;
  return i < layout.count ? layout.firstFrame + i : undefined;
}

/** Who a frame belongs to, as one key: "task:N" for a task's, "kernel:USE" for the kernel's. */
export function ownerKey(use: { use: string; task: number }): string {
  return use.task !== 0 ? `task:${use.task}` : `kernel:${use.use}`;
}

/** One allocation or free, read from the trace. */
interface FrameEvent {
  at: number;
  paddr: number;
  alloc: boolean;
  owner: string;
}

/** Frames in use by owner over the trace: one sample per bucket of records. */
export interface FrameStrip {
  /** Record index at the end of each bucket (the state just after it). */
  at: number[];
  /** Per owner key, frames in use at each sample. */
  counts: Map<string, number[]>;
  /** The largest total in use at any sample. */
  peak: number;
  /** The lowest and highest frame (paddr / page size) ever allocated, for the map's range. */
  lowFrame: number;
  highFrame: number;
}

/** Read frame_alloc / frame_free once and sample the owners `buckets` times across the trace. */
export function frameStrip(table: TraceTable, buckets: number): FrameStrip {
  const events = frameEvents(table);
  const at: number[] = [];
  const counts = new Map<string, number[]>();
  const owner = new Map<number, string>();
  const now = new Map<string, number>();
  const n = Math.max(1, Math.min(buckets, table.count));
  let next = 0;
  let peak = 0;
  let lowFrame = Infinity;
  let highFrame = -1;
  for (const e of events) {
    const f = Math.floor(e.paddr / X86_PAGE_SIZE);
    lowFrame = Math.min(lowFrame, f);
    highFrame = Math.max(highFrame, f);
  }
  for (let b = 0; b < n; b++) {
    const end = table.count === 0 ? -1 : Math.floor(((b + 1) * table.count) / n) - 1;
    while (next < events.length && events[next].at <= end) {
      const e = events[next++];
      const old = owner.get(e.paddr);
      if (old !== undefined) now.set(old, (now.get(old) ?? 0) - 1);
      if (e.alloc) {
        owner.set(e.paddr, e.owner);
        now.set(e.owner, (now.get(e.owner) ?? 0) + 1);
      } else owner.delete(e.paddr);
    }
    at.push(end);
    let total = 0;
    for (const [key, v] of now) {
      if (!counts.has(key)) counts.set(key, Array<number>(b).fill(0));
      counts.get(key)!.push(v);
      total += v;
    }
    for (const [key, series] of counts) if (series.length === b) series.push(now.get(key) ?? 0);
    peak = Math.max(peak, total);
  }
  return { at, counts, peak, lowFrame: highFrame < 0 ? 0 : lowFrame, highFrame };
}

function frameEvents(table: TraceTable): FrameEvent[] {
  const alloc = eventId(table, "frame_alloc");
  const free = eventId(table, "frame_free");
  const out: FrameEvent[] = [];
  if (alloc === undefined) return out;
  const paddrA = fieldIndex(table, alloc, "paddr");
  const useA = fieldIndex(table, alloc, "use_name");
  const taskA = fieldIndex(table, alloc, "task");
  const paddrF = free === undefined ? -1 : fieldIndex(table, free, "paddr");
  for (let i = 0; i < table.count; i++) {
    const type = table.type[i];
    if (type === alloc) {
      const use = useA < 0 ? "frame" : tableName(table.schema, "FRAME_USE", table.args[4 * i + useA]);
      const task = taskA < 0 ? 0 : table.args[4 * i + taskA];
      out.push({ at: i, paddr: table.args[4 * i + paddrA], alloc: true, owner: ownerKey({ use, task }) });
    } else if (type === free && paddrF >= 0) {
      out.push({ at: i, paddr: table.args[4 * i + paddrF], alloc: false, owner: "" });
    }
  }
  return out;
}

/** Consecutive mapped pages with the same writability and marks. */
export interface Region {
  start: number;
  /** One past the last byte. */
  end: number;
  pages: number;
  writable: boolean;
  marks: PageMark[];
  mappings: Mapping[];
}

/** A task's mappings as regions, lowest address first. */
export function addressRegions(mappings: Iterable<Mapping>, marksOf: (m: Mapping) => PageMark[] = () => []): Region[] {
  const sorted = [...mappings].sort((a, b) => a.vaddr - b.vaddr);
  const regions: Region[] = [];
  for (const m of sorted) {
    const marks = marksOf(m);
    const last = regions[regions.length - 1];
    if (last && last.end === m.vaddr && last.writable === m.writable && last.marks.join() === marks.join()) {
      last.end += X86_PAGE_SIZE;
      last.pages++;
      last.mappings.push(m);
    } else {
      regions.push({ start: m.vaddr, end: m.vaddr + X86_PAGE_SIZE, pages: 1, writable: m.writable, marks, mappings: [m] });
    }
  }
  return regions;
}

/** Which task maps frame `paddr` where, at a snapshot (a frame may be mapped several times). */
export function mappersOf(snapshot: Snapshot, paddr: number): Mapping[] {
  const out: Mapping[] = [];
  for (const pages of snapshot.mappings.values()) for (const m of pages.values()) if (m.paddr === paddr) out.push(m);
  return out;
}

/** Plain words for a frame's use, for the legend and tooltips. */
export function frameUseWords(use: FrameUse | undefined): string {
  if (!use) return "free or not tracked";
  return use.use.replace(/_/g, " ");
}
