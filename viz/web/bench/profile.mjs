/**
 * Where the page's time goes, for whoever works on its speed: opens the benchmark trace
 * (or TRACE) the way `make bench-viz` does, in headless Debian Chromium, takes a CPU profile
 * through Playwright's CDP session of the load (PHASE=load) or of the wheel zoom and pan of
 * page.bench.ts (PHASE=zoom), and prints window.orrery.timings, the frame rate, and the
 * functions with the most time of their own. The whole profile goes to PROFILE_OUT (default
 * build/viz/bench/PHASE.cpuprofile), which Chromium's DevTools opens (Performance panel).
 *
 *   make bench-viz   # once: the trace and the page
 *   cd viz/web && PHASE=zoom VIEW=timeline node bench/profile.mjs
 *
 * PAGE=file names another build of the page (`vite build --minify false` keeps the
 * function names readable). Not a test and not part of make.
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const trace = process.env.TRACE ?? resolve(repo, "build/viz/bench/trace-1M.bin");
const pageFile = process.env.PAGE ?? resolve(repo, "build/viz/page/index.html");
const phase = process.env.PHASE ?? "load";
const view = process.env.VIEW ?? "timeline";
const out = process.env.PROFILE_OUT ?? resolve(repo, `build/viz/bench/${phase}.cpuprofile`);

const server = spawn("/usr/bin/python3", [resolve(repo, "viz/orrery-trace"), "serve", trace, "--port", "0", "--page", pageFile], { stdio: ["ignore", "pipe", "pipe"] });
const url = await new Promise((done, fail) => {
  let text = "";
  const take = (chunk) => {
    text += chunk;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
    if (m) done(m[1]);
  };
  server.stdout.on("data", take);
  server.stderr.on("data", take);
  server.on("exit", (code) => fail(new Error(`orrery-trace serve exited (${code}): ${text}`)));
});
const browser = await chromium.launch({ executablePath: process.env.ORRERY_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  if (phase === "load") await cdp.send("Profiler.start");
  await page.goto(`${url}#view=${view}`);
  await page.waitForFunction(() => window.orrery?.ready || window.orrery?.error !== undefined, undefined, { timeout: 240_000, polling: "raf" });
  console.log("opened in", await page.evaluate(() => Math.round(performance.now())), "ms; timings", JSON.stringify(await page.evaluate(() => window.orrery.timings)));
  let profile;
  if (phase === "load") profile = (await cdp.send("Profiler.stop")).profile;
  else await cdp.send("Profiler.start");
  // The wheel zoom and pan of page.bench.ts, for 3 s.
  const fps = await page.locator(`[data-view="${view}"] canvas`).first().evaluate(async (element) => {
    const o = window.orrery;
    const box = element.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    let [frames, first, last] = [0, 0, 0];
    await new Promise((done) => {
      const step = (now) => {
        if (!first) first = now;
        last = now;
        frames++;
        const part = Math.floor(frames / 20) % 3;
        if (part < 2) element.dispatchEvent(new WheelEvent("wheel", { clientX: x, clientY: y, deltaY: part === 0 ? -120 : 120, bubbles: true, cancelable: true }));
        else if (o.window) {
          const shift = (o.window.t1 - o.window.t0) * 0.02;
          o.setWindow(o.window.t0 + shift, o.window.t1 + shift);
        }
        if (now - first < 3000) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    return (frames - 1) / ((last - first) / 1000);
  });
  console.log(`pan/zoom on the ${view}: ${fps.toFixed(1)} frames/s`);
  if (phase !== "load") profile = (await cdp.send("Profiler.stop")).profile;
  writeFileSync(out, JSON.stringify(profile));
  // Self time per function, from the samples.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url: script, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || "(anonymous)"} ${script.split("/").pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  console.log(`profile: ${out}`);
} finally {
  await browser.close();
  server.kill();
}
