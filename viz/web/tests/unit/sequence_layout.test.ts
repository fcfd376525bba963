import { describe, expect, it } from "vitest";
import type { Message } from "../../src/model/types";
import type { Lane } from "../../src/views/lanes";
import { arrowGeometry, distanceToSegment, hitArrow, layoutLifelines, messageLabel, MIN_COLUMN, SELF_LOOP } from "../../src/views/sequence_layout";

const lane = (thread: number, task: number): Lane => ({ thread, task, name: `t${thread}`, taskName: `task ${task}`, priority: 5, firstOfTask: false });

describe("sequence chart layout", () => {
  it("spreads lifelines evenly and bands them by task", () => {
    const { lifelines, bands, width } = layoutLifelines([lane(3, 2), lane(4, 2), lane(7, 5)], 100, 700);
    expect(lifelines.map((l) => l.x)).toEqual([200, 400, 600]);
    expect(bands).toEqual([
      { task: 2, name: "task 2", x0: 100, x1: 500 },
      { task: 5, name: "task 5", x0: 500, x1: 700 },
    ]);
    expect(width).toBe(700);
  });

  it("keeps columns at least MIN_COLUMN wide, growing the chart", () => {
    const lanes = Array.from({ length: 20 }, (_, i) => lane(i + 1, 1));
    const { lifelines, width } = layoutLifelines(lanes, 0, 400);
    expect(lifelines[1].x - lifelines[0].x).toBe(MIN_COLUMN);
    expect(width).toBe(20 * MIN_COLUMN);
  });

  it("puts an arrow's head at the receiver, pointing along the line", () => {
    const a = arrowGeometry(100, 50, 300, 50);
    expect(a.points).toEqual([[100, 50], [300, 50]]);
    expect(a.head[0]).toEqual([300, 50]);
    expect(a.head[1][0]).toBeCloseTo(292);
    expect(a.head[2][0]).toBeCloseTo(292);
    expect(Math.abs(a.head[1][1] - a.head[2][1])).toBeCloseTo(8);
    expect(a.label[0]).toBe(106); // just right of the left lifeline, above the line
    expect(a.label[1]).toBe(47);
    const back = arrowGeometry(300, 60, 100, 80); // a reply, right to left, going down
    expect(back.head[0]).toEqual([100, 80]);
    expect(back.label[1]).toBeCloseTo(80 - 20 * (6 / 200) - 3);
  });

  it("loops a message to oneself out to the right", () => {
    const a = arrowGeometry(100, 10, 100, 40);
    expect(a.points).toEqual([[100, 10], [100 + SELF_LOOP, 10], [100 + SELF_LOOP, 40], [100, 40]]);
    expect(a.head[0]).toEqual([100, 40]);
  });

  it("hits the arrow nearest a click, within tolerance", () => {
    const arrows = [arrowGeometry(0, 0, 100, 0), arrowGeometry(0, 20, 100, 20)];
    expect(distanceToSegment(50, 3, 0, 0, 100, 0)).toBe(3);
    expect(hitArrow(arrows, 50, 2)).toBe(0);
    expect(hitArrow(arrows, 50, 17)).toBe(1);
    expect(hitArrow(arrows, 50, 10)).toBe(-1);
    expect(hitArrow(arrows, 150, 0)).toBe(-1);
  });

  it("labels an arrow with label, badge, words and capability", () => {
    const m: Message = { msg: 5, kind: "call", from: 3, to: 4, sentAt: 1, receivedAt: 2, label: 7, badge: 42, words: [1, 300], cap: { task: 2, slot: 9, object: 12 } };
    expect(messageLabel(m)).toBe("call label 7 · badge 0x2a · [1, 0x12c] · cap 12 → task 2 slot 9");
    expect(messageLabel({ ...m, kind: "notification", badge: 1, words: [], cap: undefined })).toBe("notify bits 1");
  });
});

describe("messages in a window", () => {
  const ts = new Float64Array([0, 10, 20, 30, 40, 50, 60, 70]);
  const msg = (sentAt: number, receivedAt?: number): Message => ({ msg: sentAt, kind: "send", from: 1, to: receivedAt === undefined ? undefined : 2, sentAt, receivedAt, label: 0, badge: 0, words: [] });
  const messages = [msg(0, 1), msg(1, 6), msg(2, 3), msg(4), msg(5, 7)];

  it("finds the longest send-to-receive time", async () => {
    const { maxLatency } = await import("../../src/views/sequence_layout");
    expect(maxLatency(messages, ts)).toBe(50);
  });

  it("keeps every arrow that crosses the window, even one sent long before it", async () => {
    const { visibleMessages } = await import("../../src/views/sequence_layout");
    expect(visibleMessages(messages, ts, 35, 45, 50)).toEqual([1, 3]);
    expect(visibleMessages(messages, ts, 0, 70, 50)).toEqual([0, 1, 2, 3, 4]);
    expect(visibleMessages(messages, ts, 61, 69, 50)).toEqual([4]);
  });
});

describe("label space", () => {
  it("refuses a label that would overlap one already placed", async () => {
    const { LabelSpace } = await import("../../src/views/sequence_layout");
    const space = new LabelSpace();
    expect(space.take(0, 0, 100, 12)).toBe(true);
    expect(space.take(50, 6, 100, 12)).toBe(false); // overlaps the first
    expect(space.take(100, 0, 50, 12)).toBe(true); // touches it only
    expect(space.take(0, 12, 100, 12)).toBe(true); // the row below
  });
});
