import { describe, expect, it } from "vitest";
import { spanListOf } from "../../src/model/span_list";
import type { ThreadSpan, ThreadState } from "../../src/model/types";
import { firstSpanEndingAfter, spanRuns, visiblePoints } from "../../src/views/span_runs";

/** Back-to-back spans of the given states and lengths, starting at time 0. */
function spans(parts: [ThreadState, number][]): ThreadSpan[] {
  let t = 0;
  return parts.map(([state, length], n) => {
    const s = { thread: 1, state, start: n, end: n + 1, t0: t, t1: t + length };
    t += length;
    return s;
  });
}

describe("span runs", () => {
  it("draws wide spans one run each, clipped to the window", () => {
    const lane = spans([["ready", 100], ["running", 100], ["blocked_recv", 100]]);
    const runs = spanRuns(lane, 50, 250, 0, 200);
    expect(runs.map((r) => [r.state, r.p0, r.p1, r.span])).toEqual([
      ["ready", 0, 50, 0],
      ["running", 50, 150, 1],
      ["blocked_recv", 150, 200, 2],
    ]);
  });

  it("gathers spans thinner than a pixel into columns of the state that covers most", () => {
    // 1000 spans of 1 instruction on 10 pixels: 100 per pixel, 3 running to 1 ready.
    const parts: [ThreadState, number][] = [];
    for (let i = 0; i < 1000; i++) parts.push([i % 4 === 3 ? "ready" : "running", 1]);
    const runs = spanRuns(spans(parts), 0, 1000, 0, 10);
    expect(runs).toHaveLength(1); // adjacent columns of one state merge
    expect(runs[0]).toMatchObject({ state: "running", p0: 0, p1: 10, span: -1, spans: 1000 });
  });

  it("costs at most a few runs per pixel on a million spans", () => {
    const parts: [ThreadState, number][] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push([i % 2 ? "ready" : "running", 1 + (i % 3)]);
    const lane = spans(parts);
    const t1 = lane[lane.length - 1].t1;
    const started = performance.now();
    const runs = spanRuns(lane, 0, t1, 0, 1500);
    const took = performance.now() - started;
    expect(runs.length).toBeLessThanOrEqual(1500);
    expect(runs.reduce((n, r) => n + r.spans, 0)).toBe(1_000_000);
    expect(took).toBeLessThan(10_000); // one pass: about 50 ms on a quiet machine
  }, 120_000);

  it("finds the first span still running after a time by binary search", () => {
    const lane = spans([["ready", 10], ["running", 10], ["ready", 10]]);
    expect(firstSpanEndingAfter(lane, 0)).toBe(0);
    expect(firstSpanEndingAfter(lane, 10)).toBe(1);
    expect(firstSpanEndingAfter(lane, 29)).toBe(2);
    expect(firstSpanEndingAfter(lane, 30)).toBe(3);
  });

  it("keeps at most one point per pixel column, counting the rest", () => {
    const ts = new Float64Array(1000).map((_, i) => i);
    const indices = Array.from({ length: 1000 }, (_, i) => i);
    const points = visiblePoints(indices, ts, 0, 999, 0, 100);
    expect(points.length).toBeLessThanOrEqual(101);
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(1000);
    const zoomed = visiblePoints(indices, ts, 10, 20, 0, 1000);
    expect(zoomed.map((p) => p.index)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });
});

describe("span levels", () => {
  it("draws a zoomed-out million-span lane from a level of a few thousand spans, the same colours", async () => {
    const { SpanLevels } = await import("../../src/views/span_levels");
    const parts: [ThreadState, number][] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push([i % 1000 < 700 ? "running" : i % 2 ? "ready" : "blocked_recv", 1]);
    const lane = spans(parts);
    const run = { t0: 0, t1: lane[lane.length - 1].t1 };
    const levels = new SpanLevels(lane, run);
    const chosen = levels.spansFor(run, 1000);
    expect(chosen.spans.length).toBeLessThan(20_000);
    const fromLevel = spanRuns(chosen.spans, run.t0, run.t1, 0, 1000);
    const fromLane = spanRuns(lane, run.t0, run.t1, 0, 1000);
    // Same dominant state in (nearly) every pixel column.
    const stateAt = (runs: ReturnType<typeof spanRuns>, x: number) => runs.find((r) => r.p0 <= x && x < r.p1)?.state;
    let same = 0;
    for (let x = 0.5; x < 1000; x++) if (stateAt(fromLevel, x) === stateAt(fromLane, x)) same++;
    expect(same).toBeGreaterThan(990);
    // Zoomed in, the lane's own spans, so labels and clicks find the real span.
    const zoomed = levels.spansFor({ t0: 5000, t1: 6000 }, 1000);
    expect(zoomed.spans).toBe(spanListOf(lane)); // the lane's own columns, not a level
    expect(zoomed.source(7)).toBe(7);
  }, 120_000);
});
