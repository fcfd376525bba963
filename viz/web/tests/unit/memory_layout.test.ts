import { afterEach, describe, expect, it } from "vitest";
import {
  addressRegions,
  cellOf,
  frameAtPixel,
  frameMapLayout,
  frameStrip,
  mappersOf,
  pageMarks,
  PAGE_MARK_SOURCES,
  X86_PAGE_SIZE,
} from "../../src/views/memory_layout";
import { emptySnapshot, fakeModel, fakeTable, mapping } from "./fake_model";

const P = X86_PAGE_SIZE;

describe("frameMapLayout", () => {
  it("puts 64 frames a row, rows aligned on the columns", () => {
    const l = frameMapLayout(100, 300, 640);
    expect(l.cols).toBe(64);
    expect(l.cell).toBe(10);
    expect(l.firstFrame).toBe(64);
    expect(l.count).toBe(236);
    expect(l.rows).toBe(4);
    expect(cellOf(l, 64)).toEqual({ x: 0, y: 0 });
    expect(cellOf(l, 64 + 65)).toEqual({ x: 10, y: 10 });
    expect(cellOf(l, 63)).toBeUndefined();
    expect(cellOf(l, 300)).toBeUndefined();
  });

  it("maps pixels back to the frame under them", () => {
    const l = frameMapLayout(0, 4096, 640);
    for (const f of [0, 1, 63, 64, 1000, 4095]) {
      const c = cellOf(l, f)!;
      expect(frameAtPixel(l, c.x + 1, c.y + 1)).toBe(f);
    }
    expect(frameAtPixel(l, 641, 0)).toBeUndefined();
    expect(frameAtPixel(l, 0, l.height + 1)).toBeUndefined();
  });

  it("widens the rows when 64 columns would need tiny cells", () => {
    const l = frameMapLayout(0, 32768, 120);
    expect(l.cell).toBe(3);
    expect(l.cols).toBe(40);
    expect(l.rows).toBe(Math.ceil(32768 / 40));
  });
});

describe("frameStrip", () => {
  // FRAME_USE: 2 page_table 4 slab 6 user_page
  const table = fakeTable([
    ["frame_alloc", [0x100000, 1, 4, 0]], // 0 slab, kernel
    ["frame_alloc", [0x101000, 2, 6, 7]], // 1 task 7
    ["frame_alloc", [0x102000, 3, 2, 7]], // 2 page table serving 7
    ["frame_free", [0x101000, 2, 0, 0]], //  3
    ["frame_alloc", [0x101000, 3, 6, 8]], // 4 reused by task 8
    ["ipc_send", [1, 2, 3, 4]], //          5
  ]);

  it("counts frames by owner at each sample", () => {
    const s = frameStrip(table, 6);
    expect(s.at).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.counts.get("kernel:slab")).toEqual([1, 1, 1, 1, 1, 1]);
    expect(s.counts.get("task:7")).toEqual([0, 1, 2, 1, 1, 1]);
    expect(s.counts.get("task:8")).toEqual([0, 0, 0, 0, 1, 1]);
    expect(s.peak).toBe(3);
    expect([s.lowFrame, s.highFrame]).toEqual([0x100, 0x102]);
  });

  it("buckets a long trace into fewer samples, each the state at its end", () => {
    const s = frameStrip(table, 2);
    expect(s.at).toEqual([2, 5]);
    expect(s.counts.get("task:7")).toEqual([2, 1]);
  });

  it("copes with a trace without frame records", () => {
    const s = frameStrip(fakeTable([["ipc_send", [0, 0, 0, 0]]]), 10);
    expect(s.peak).toBe(0);
    expect(s.highFrame).toBe(-1);
  });
});

describe("addressRegions", () => {
  it("merges neighbouring pages of one access, splits at holes and at access changes", () => {
    const regions = addressRegions([
      mapping(1, 0x400000 + P, 0x9000, false),
      mapping(1, 0x400000, 0x8000, false),
      mapping(1, 0x400000 + 2 * P, 0xa000, true),
      mapping(1, 0x400000 + 3 * P, 0x5000, true),
      mapping(1, 0x800000, 0x6000, true),
    ]);
    expect(regions.map((r) => [r.start, r.end, r.pages, r.writable])).toEqual([
      [0x400000, 0x400000 + 2 * P, 2, false],
      [0x400000 + 2 * P, 0x400000 + 4 * P, 2, true],
      [0x800000, 0x800000 + P, 1, true],
    ]);
  });

  it("splits where marks change", () => {
    const regions = addressRegions([mapping(1, 0, 0, true), mapping(1, P, 0, true)], (m) => (m.vaddr === P ? ["cow"] : []));
    expect(regions).toHaveLength(2);
    expect(regions[1].marks).toEqual(["cow"]);
  });
});

describe("page marks hook", () => {
  afterEach(() => PAGE_MARK_SOURCES.splice(0));

  it("has no marks until a source is registered, then each mark once", () => {
    const m = mapping(1, 0, 0, false);
    const model = fakeModel({});
    const snap = emptySnapshot(0);
    expect(pageMarks(m, snap, model)).toEqual([]);
    PAGE_MARK_SOURCES.push(() => ["swapped", "cow"], () => ["cow"]);
    expect(pageMarks(m, snap, model)).toEqual(["cow", "swapped"]);
  });
});

describe("mappersOf", () => {
  it("finds every task mapping a frame", () => {
    const snap = emptySnapshot(0);
    snap.mappings.set(1, new Map([[0x1000, mapping(1, 0x1000, 0x7000, true)]]));
    snap.mappings.set(2, new Map([[0x5000, mapping(2, 0x5000, 0x7000, false)], [0x6000, mapping(2, 0x6000, 0x8000, false)]]));
    expect(mappersOf(snap, 0x7000).map((m) => m.task)).toEqual([1, 2]);
  });
});
