import { describe, expect, it } from "vitest";
import type { ThreadSpan, ThreadState } from "../../src/model/types";
import { COLUMN_STATES, laneArrays, laneStates, NO_STATE, type ColumnsOut } from "../../src/views/lane_columns";
import { LanePixels, pixelOf } from "../../src/views/lane_raster";
import { spanRuns } from "../../src/views/span_runs";

/** Back-to-back spans of the given states and lengths, starting at time 0. */
function spans(parts: [ThreadState, number][]): ThreadSpan[] {
  let t = 0;
  return parts.map(([state, length], n) => {
    const s = { thread: 1, state, start: n, end: n + 1, t0: t, t1: t + length };
    t += length;
    return s;
  });
}

function columnsOf(lane: ThreadSpan[], t0: number, t1: number, columns: number, labelColumns = 36): { states: string[]; wide: number[]; runs: number } {
  const out: ColumnsOut = { states: new Uint8Array(columns), wide: [] };
  const runs = laneStates(laneArrays(lane), t0, t1, columns, labelColumns, out, new Float64Array(COLUMN_STATES.length));
  return { states: Array.from(out.states, (c) => (c === NO_STATE ? "-" : COLUMN_STATES[c])), wide: [...out.wide], runs };
}

describe("lane columns", () => {
  it("gives wide spans their columns, clipped to the window, and names the ones wide enough for words", () => {
    const lane = spans([["ready", 100], ["running", 100], ["blocked_recv", 100]]);
    const { states, wide, runs } = columnsOf(lane, 50, 250, 20, 6);
    expect(states).toEqual([...Array(5).fill("ready"), ...Array(10).fill("running"), ...Array(5).fill("blocked_recv")]);
    expect(wide).toEqual([1]); // only the running span is 6 columns wide in the window
    expect(runs).toBe(3);
  });

  it("gives a column of thin spans the state that covers most of it, and leaves columns no span reaches empty", () => {
    const parts: [ThreadState, number][] = [];
    for (let i = 0; i < 1000; i++) parts.push([i % 4 === 3 ? "ready" : "running", 1]);
    const { states } = columnsOf(spans(parts), 0, 2000, 20);
    expect(states.slice(0, 10)).toEqual(Array(10).fill("running"));
    expect(states.slice(10)).toEqual(Array(10).fill("-"));
  });

  it("agrees with span_runs.ts on a random lane, away from run edges", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const parts: [ThreadState, number][] = [];
    for (let i = 0; i < 5000; i++) parts.push([COLUMN_STATES[Math.floor(random() * 8)], 1 + Math.floor(random() * (random() < 0.05 ? 5000 : 20))]);
    const lane = spans(parts);
    const end = lane[lane.length - 1].t1;
    for (const [t0, t1] of [[0, end], [end * 0.3, end * 0.31], [end * 0.5, end * 0.5001]]) {
      const { states } = columnsOf(lane, t0, t1, 800);
      for (const run of spanRuns(lane, t0, t1, 0, 800)) {
        if (run.span < 0 || run.p1 - run.p0 < 3) continue; // one span's own run: its inner columns are its state
        for (let c = Math.ceil(run.p0) + 1; c < Math.floor(run.p1) - 1; c++) expect(states[c]).toBe(run.state);
      }
    }
  });

  it("remakes a lane's arrays when the lane grows (live mode)", () => {
    const lane = spans([["ready", 10]]);
    expect(laneArrays(lane).t0.length).toBe(1);
    lane.push({ thread: 1, state: "running", start: 1, end: 2, t0: 10, t1: 20 });
    expect(Array.from(laneArrays(lane).t1)).toEqual([10, 20]);
  });
});

describe("lane pixels", () => {
  it("packs colours as ImageData's RGBA bytes, with opacity", () => {
    const bytes = new Uint8Array(new Uint32Array([pixelOf("#102030"), pixelOf("#102030", 0.5), pixelOf("transparent")]).buffer);
    expect(Array.from(bytes)).toEqual([0x10, 0x20, 0x30, 255, 0x10, 0x20, 0x30, 128, 0, 0, 0, 0]);
  });

  it("paints a lane's band row by row from its column states, and a lifeline by rows", () => {
    const colours = new Uint32Array(256);
    colours[1] = 7;
    colours[2] = 9;
    const image = new LanePixels(4, 6);
    image.paintLane(Uint8Array.from([1, 1, NO_STATE, 2]), colours, 1, 2);
    const rows = (p: LanePixels) => Array.from({ length: p.height }, (_, y) => Array.from(p.pixels.subarray(y * p.width, (y + 1) * p.width)));
    expect(rows(image)).toEqual([[0, 0, 0, 0], [7, 7, 0, 9], [7, 7, 0, 9], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    const standing = new LanePixels(5, 3);
    const half = new Uint8Array(256);
    half[1] = 1;
    half[2] = 2;
    standing.paintLifeline(Uint8Array.from([1, NO_STATE, 2]), colours, 2, half);
    expect(rows(standing)).toEqual([[0, 7, 7, 0, 0], [0, 0, 0, 0, 0], [9, 9, 9, 9, 0]]);
  });
});
