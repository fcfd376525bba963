/**
 * The page on a 1,000,000-record trace (viz/bench/synth_trace.py, $ORRERY_BENCH_TRACE),
 * served by `orrery-trace serve` as `make viz` serves it, in headless Chromium:
 *
 *   first full draw   ms from the start of navigation until window.orrery.ready (trace
 *                     fetched, decoded, model built, the first view drawn)   budget <= 3,000 ms
 *   pan/zoom          frames per second while the timeline is zoomed with the mouse wheel
 *                     and panned (one step every animation frame, for ZOOM_SECONDS), from
 *                     requestAnimationFrame timestamps                         budget >= 30 fps
 *
 * Printed beside their budgets, not asserted: a benchmark, not a timed test (the machine
 * may be shared). It fails only if the page cannot open the trace at all.
 */
import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const build = process.env.ORRERY_BUILD ?? resolve(repo, "build");
const pageFile = process.env.ORRERY_VIZ_PAGE ?? resolve(build, "viz/page/index.html");
const trace = process.env.ORRERY_BENCH_TRACE ?? resolve(build, "viz/bench/trace-1M.bin");
const DRAW_BUDGET_MS = 3000;
const FPS_BUDGET = 30;
const ZOOM_SECONDS = 3;

interface Hook {
  ready: boolean;
  error?: string;
  model?: Record<string, number>;
  timings?: { load: number; model: number; draw: number };
  showView(id: string): void;
  window?: { t0: number; t1: number };
  setWindow(t0: number, t1: number): void;
}

function serve(): Promise<{ server: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const server = spawn("/usr/bin/python3", [resolve(repo, "viz/orrery-trace"), "serve", trace, "--port", "0", "--page", pageFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolvePromise({ server, url: m[1] });
    };
    server.stdout!.on("data", take);
    server.stderr!.on("data", take);
    server.on("exit", (code) => reject(new Error(`orrery-trace serve exited (${code}): ${out}`)));
  });
}

function verdict(ok: boolean): string {
  return ok ? "ok" : "OVER BUDGET";
}

test("a million-record trace: first full draw and pan/zoom frame rate", async ({ page }) => {
  const { server, url } = await serve();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${url}#view=timeline`);
    await page.waitForFunction(() => {
      const o = (window as unknown as { orrery?: Hook }).orrery;
      return o?.ready || o?.error !== undefined;
    }, undefined, { timeout: 240_000, polling: "raf" });
    const opened = await page.evaluate(() => ({ ms: performance.now(), o: (window as unknown as { orrery: Hook }).orrery }));
    expect(opened.o.error).toBeUndefined();
    const records = opened.o.model?.records ?? 0;
    console.log(`bench-viz: page, first full draw of ${records.toLocaleString("en")} records: ${Math.round(opened.ms).toLocaleString("en")} ms  budget <= ${DRAW_BUDGET_MS.toLocaleString("en")} ms  ${verdict(opened.ms <= DRAW_BUDGET_MS)}`);
    const t = opened.o.timings;
    if (t) console.log(`bench-viz: page, of which: fetch + decode + model while the bytes arrive ${Math.round(t.load)} ms, the rest of the model ${Math.round(t.model)} ms, first draw ${Math.round(t.draw)} ms`);

    const canvas = page.locator('[data-view="timeline"] canvas').first();
    await expect(canvas).toBeVisible();
    const fps = await canvas.evaluate(async (element, seconds) => {
      const o = (window as unknown as { orrery: Hook }).orrery;
      const box = element.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      let frames = 0;
      let first = 0;
      let last = 0;
      await new Promise<void>((done) => {
        const step = (now: number) => {
          if (first === 0) first = now;
          last = now;
          frames++;
          const phase = Math.floor(frames / 20) % 3; // zoom in, zoom out, pan
          if (phase < 2) {
            element.dispatchEvent(new WheelEvent("wheel", { clientX: x, clientY: y, deltaY: phase === 0 ? -120 : 120, bubbles: true, cancelable: true }));
          } else if (o.window) {
            const shift = (o.window.t1 - o.window.t0) * 0.02;
            o.setWindow(o.window.t0 + shift, o.window.t1 + shift);
          }
          if (now - first < seconds * 1000) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      return (frames - 1) / ((last - first) / 1000);
    }, ZOOM_SECONDS);
    console.log(`bench-viz: page, pan/zoom on the timeline: ${fps.toFixed(1)} frames/s  budget >= ${FPS_BUDGET}  ${verdict(fps >= FPS_BUDGET)}`);
  } finally {
    server.kill();
  }
});
