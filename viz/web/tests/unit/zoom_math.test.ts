import { describe, expect, it } from "vitest";
import { maxZoom, MIN_WINDOW_INSTRUCTIONS, transformFromWindow, windowFromTransform, windowScale } from "../../src/views/zoom_math";

const run = { t0: 1000, t1: 11000 };

describe("zoom maths", () => {
  it("shows the whole run at the identity transform", () => {
    expect(windowFromTransform(run, 200, 1200, 1, 0)).toEqual(run);
  });

  it("round-trips a window through a transform", () => {
    const window = { t0: 3000, t1: 3500 };
    const { k, offset } = transformFromWindow(run, 200, 1200, window);
    expect(k).toBeCloseTo(20);
    const back = windowFromTransform(run, 200, 1200, k, offset);
    expect(back.t0).toBeCloseTo(3000, 6);
    expect(back.t1).toBeCloseTo(3500, 6);
  });

  it("zooms about the point under the pointer as d3-zoom does", () => {
    // d3-zoom scaling by 2 about pixel p: offset' = p - (p - offset) * 2.
    const p = 700; // the middle of [200, 1200]: time 6000
    const w = windowFromTransform(run, 200, 1200, 2, p - p * 2);
    expect((w.t0 + w.t1) / 2).toBeCloseTo(6000);
    expect(w.t1 - w.t0).toBeCloseTo(5000);
  });

  it("lets the window shrink to about one system call and no further", () => {
    expect(maxZoom(run)).toBe(10000 / MIN_WINDOW_INSTRUCTIONS);
    expect(maxZoom({ t0: 0, t1: 5 })).toBe(1);
  });

  it("maps times to pixels and back", () => {
    const s = windowScale({ t0: 100, t1: 200 }, 50, 250);
    expect(s.toPixel(150)).toBe(150);
    expect(s.toTime(250)).toBe(200);
    expect(s.pixelsPerInstruction).toBe(2);
  });
});
