/**
 * The IPC sequence chart on real recorded traces draws one arrow per message the Python
 * decoder pairs (`orrery-trace messages`, viz/orrery_trace/messages.py), no more and no less,
 * each from the sender's lifeline to the receiver's.
 */
import { expect, test } from "@playwright/test";
import { missingPiece, openTrace, pythonMessages, RECORDED, traceBytes, type Hook } from "./recorded";

/** Recordings with no message the Python decoder pairs (driver_rtc_irq: notifications only). */
const NO_MESSAGES = ["driver_rtc_irq"];

interface Arrow { msg: number; kind: string; from: number; to: number; x0: number; x1: number }
interface SequenceDrawn { lifelines: { thread: number; x: number }[]; arrows: Arrow[] }

/** [first ts, last ts] of a clean capture (frames back to back, as viz/record_traces.py checks). */
function runExtent(trace: Buffer): [number, number] {
  const FRAME = 37;
  const start = trace.indexOf(Buffer.from([0xa5, 0x5a]));
  const ts = (at: number) => Number(trace.readBigUInt64LE(at + 3 + 8));
  let last = start;
  while (last + 2 * FRAME <= trace.length && trace[last + FRAME] === 0xa5 && trace[last + FRAME + 1] === 0x5a) last += FRAME;
  return [ts(start), ts(last)];
}

for (const name of RECORDED) {
  test(`${name}: one arrow per paired message, between the right lifelines`, async ({ page }) => {
    const missing = await missingPiece(page);
    test.fixme(missing !== undefined, missing);
    const trace = traceBytes(name);
    const expected = pythonMessages(name);
    if (!NO_MESSAGES.includes(name)) expect(expected.length, "the recording has IPC messages").toBeGreaterThan(0);
    await openTrace(page, trace, "#view=sequence");
    const [t0, t1] = runExtent(trace);
    // The whole run may hold more than DENSE_ARROWS messages (then the chart bundles them),
    // so it is looked at in windows side by side: every message is sent in one of them, and
    // a window shows each message sent or received in it (a message crossing a border is
    // drawn in both, the same way).
    const WINDOWS = 8;
    const byMsg = new Map<number, Arrow>();
    const wrong: string[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const a0 = t0 + Math.floor(((t1 + 1 - t0) * w) / WINDOWS);
      const a1 = t0 + Math.floor(((t1 + 1 - t0) * (w + 1)) / WINDOWS);
      const drawn = (await page.evaluate(([a, b]) => {
        const o = (window as unknown as { orrery: Hook }).orrery;
        o.setWindow(a, b);
        return o.drawn("sequence");
      }, [a0, a1])) as SequenceDrawn & { bundles?: unknown[] };
      expect(drawn.bundles ?? [], `window ${w}: few enough messages to draw each`).toEqual([]);
      // Notifications are not messages with a number the Python decoder pairs.
      const arrows = drawn.arrows.filter((a) => a.kind !== "notification");
      expect(new Set(arrows.map((a) => a.msg)).size, "each message is drawn once").toBe(arrows.length);
      const lifeline = new Map(drawn.lifelines.map((l) => [l.thread, l.x]));
      for (const a of arrows) {
        if (Math.abs(a.x0 - lifeline.get(a.from)!) > 1 || Math.abs(a.x1 - lifeline.get(a.to)!) > 1)
          wrong.push(`msg ${a.msg}: drawn from x=${a.x0} to x=${a.x1}, lifelines at ${lifeline.get(a.from)} and ${lifeline.get(a.to)}`);
        const seen = byMsg.get(a.msg);
        if (seen && (seen.from !== a.from || seen.to !== a.to)) wrong.push(`msg ${a.msg}: drawn between other lifelines in window ${w}`);
        byMsg.set(a.msg, a);
      }
    }
    expect(byMsg.size).toBe(expected.length);
    for (const m of expected) {
      const a = byMsg.get(m.msg);
      if (!a) wrong.push(`msg ${m.msg} (${m.from} -> ${m.to}) is not drawn`);
      else if (a.from !== m.from || a.to !== m.to) wrong.push(`msg ${m.msg}: drawn ${a.from} -> ${a.to}, decoded ${m.from} -> ${m.to}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
}
