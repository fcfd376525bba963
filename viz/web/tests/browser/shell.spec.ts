/**
 * The app shell on a small hand-made trace (tests/fixtures/pingpong.ts), served from a fake
 * origin by Playwright: the page loads, the views draw what the model holds, the cursor
 * steps with the buttons and the keyboard, the inspector names the record and its source
 * site, and a truncated trace shows a clear error instead of a blank page.
 * Screenshots go to build/viz/screenshots/shell-*.png.
 */
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CLIENT, encodeRecords, pingpongRecords, schema, SERVER } from "../fixtures/pingpong";

const pageFile = process.env.ORRERY_VIZ_PAGE ?? resolve(import.meta.dirname, "../../../../build/viz/page/index.html");
const shots = resolve(import.meta.dirname, "../../../../build/viz/screenshots");
const ORIGIN = "http://orrery.test";

async function serve(page: Page, trace: Uint8Array, hash = ""): Promise<void> {
  const html = readFileSync(pageFile);
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/" || path === "/index.html") return route.fulfill({ body: html, contentType: "text/html" });
    if (path === "/schema.json") return route.fulfill({ body: JSON.stringify(schema), contentType: "application/json" });
    if (path === "/trace.bin") return route.fulfill({ body: Buffer.from(trace), contentType: "application/octet-stream" });
    return route.fulfill({ status: 404, body: "not found" });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${ORIGIN}/index.html${hash}`);
}

const records = pingpongRecords(3);

test("the shell loads a trace, draws its views and steps the cursor", async ({ page }) => {
  await serve(page, encodeRecords(records));
  await page.waitForFunction(() => window.orrery?.ready || window.orrery?.error);
  expect(await page.evaluate(() => window.orrery.error)).toBeUndefined();
  const counts = await page.evaluate(() => window.orrery.model!);
  expect(counts.records).toBe(records.length);
  expect(counts.threads).toBe(3);

  // The timeline has one lane per thread of the model.
  const timeline = (await page.evaluate(() => window.orrery.drawn("timeline"))) as { lanes: { thread: number }[]; switches: number };
  expect(timeline.lanes.map((l) => l.thread).sort()).toEqual([1, CLIENT, SERVER].sort());
  expect(timeline.switches).toBe(counts.switches);
  await page.screenshot({ path: `${shots}/shell-timeline.png` });

  // The sequence chart has one arrow per received message, between the right lifelines.
  const sequence = (await page.evaluate(() => window.orrery.drawn("sequence"))) as { arrows: { msg: number; from: number; to: number }[] };
  const calls = sequence.arrows.filter((a) => a.from === CLIENT && a.to === SERVER);
  const replies = sequence.arrows.filter((a) => a.from === SERVER && a.to === CLIENT);
  expect(calls.length).toBe(3);
  expect(replies.length).toBe(3);
  await expect(page.locator('[data-view="sequence"]')).toBeVisible();
  expect(page.url()).toContain("#view=sequence");
  await page.screenshot({ path: `${shots}/shell-sequence.png` });

  // The cursor: starts at the end, Home goes before the first record, Right steps one.
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(records.length - 1);
  await page.keyboard.press("Home");
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(-1);
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(0);
  await page.getByRole("button", { name: "One event forward (Right arrow)" }).click();
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(1);
  await page.getByRole("button", { name: "Jump to the end (End)" }).click();
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(records.length - 1);
  await page.getByRole("button", { name: "One event back (Left arrow)" }).click();
  expect(await page.evaluate(() => window.orrery.cursor)).toBe(records.length - 2);

  // The inspector names the record's fields and its trace point's source site.
  const send = records.findIndex((r) => r.line === 81);
  await page.evaluate((i) => window.orrery.setCursor(i), send);
  await expect(page.getByTestId("inspector")).toContainText("ipc_send");
  await expect(page.getByTestId("inspector-site")).toHaveText("kernel/sys_ipc.c:81, in do_send()");
  await expect(page.getByTestId("cursor-bar")).toContainText(`record ${send} of ${records.length}`);
});

test("a truncated trace shows what is wrong, not a blank page", async ({ page }) => {
  const whole = encodeRecords(records);
  await serve(page, whole.subarray(0, whole.length - 10));
  await page.waitForFunction(() => window.orrery?.ready || window.orrery?.error);
  const error = await page.evaluate(() => window.orrery.error);
  expect(error).toMatch(/trace\.bin is damaged at byte \d+: truncated frame/);
  await expect(page.getByRole("alert")).toContainText("truncated frame");
  await page.screenshot({ path: `${shots}/shell-error.png` });
});

test("a million records open, draw and redraw fast enough to pan", async ({ page }) => {
  test.setTimeout(180_000);
  const big = pingpongRecords(Math.ceil(1_000_000 / 18));
  const started = Date.now();
  await serve(page, encodeRecords(big));
  await page.waitForFunction(() => window.orrery?.ready || window.orrery?.error, undefined, { timeout: 120_000 });
  const opened = Date.now() - started;
  expect(await page.evaluate(() => window.orrery.error)).toBeUndefined();
  expect(await page.evaluate(() => window.orrery.model!.records)).toBe(big.length);
  // Redraw times of the timeline and the sequence chart, zoomed out and panning zoomed in.
  const frames = await page.evaluate(() => {
    const o = window.orrery;
    const { t0, t1 } = o.window!;
    const time = (view: string, windows: [number, number][]) => {
      o.showView(view);
      o.setWindow(windows[0][0] + 1, windows[0][1]); // warm up: levels of detail are made on first use
      const s = performance.now();
      for (const [a, b] of windows) o.setWindow(a, b);
      return (performance.now() - s) / windows.length;
    };
    const whole: [number, number][] = Array.from({ length: 10 }, (_, i) => [t0 + i, t1 - i]);
    const pan: [number, number][] = Array.from({ length: 10 }, (_, i) => [t0 + (t1 - t0) * (0.4 + i / 100), t0 + (t1 - t0) * (0.45 + i / 100)]);
    return { timelineWhole: time("timeline", whole), timelinePan: time("timeline", pan), sequenceWhole: time("sequence", whole), sequencePan: time("sequence", pan) };
  });
  const timings = await page.evaluate(() => window.orrery.timings);
  console.log(`1,000,000-record trace: opened and drawn in ${opened} ms (page: ${JSON.stringify(timings)}); ms per redraw: ${JSON.stringify(frames)}`);
  await page.evaluate(() => window.orrery.showView("timeline"));
  await page.screenshot({ path: `${shots}/shell-timeline-1m.png` });
});
