/**
 * `viz/orrery-trace html TRACE -o FILE.html` writes one file that opens from disk with no
 * server and no network: the page finds the trace inside itself (src/trace/load.ts) and the
 * shell reports window.orrery.ready. Every request the page makes is recorded; any that is
 * not to the file itself (or a data: URL) fails the test.
 */
import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const repo = resolve(import.meta.dirname, "../../../..");
const pageFile = process.env.ORRERY_VIZ_PAGE ?? resolve(repo, "build/viz/page/index.html");
const RECORDS = 50;
/** A small capture from the Python encoder (viz/orrery_trace/decode.py), events named by the header. */
const MAKE_TRACE = `
import sys
from orrery_trace.decode import encode_record
from orrery_trace.events import load_events
ids = load_events().ids
open(sys.argv[1], "wb").write(b"".join(
    encode_record(ids["frame_alloc"], i, 1000 * (i + 1), [0x200000 + 4096 * i, i + 1]) for i in range(int(sys.argv[2]))))
`;

interface Hook {
  orrery?: { ready: boolean; error?: string; model?: Record<string, number> };
}

test("a page written by orrery-trace html opens from disk, offline", async ({ page }, testInfo) => {
  const trace = testInfo.outputPath("offline.bin");
  const html = testInfo.outputPath("offline.html");
  execFileSync("/usr/bin/python3", ["-c", MAKE_TRACE, trace, String(RECORDS)], { cwd: resolve(repo, "viz") });
  execFileSync(resolve(repo, "viz/orrery-trace"), ["html", trace, "-o", html, "--page", pageFile]);

  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.route(/^(https?|wss?):/, (route) => route.abort());
  await page.goto(pathToFileURL(html).href);
  await page.waitForFunction(() => {
    const hook = (window as unknown as Hook).orrery;
    return hook?.ready === true || Boolean(hook?.error);
  }, null, { timeout: 30_000 });
  const hook = await page.evaluate(() => (window as unknown as Hook).orrery);
  expect(hook?.error).toBeFalsy();
  expect(hook?.ready).toBe(true);
  expect(hook?.model?.records).toBe(RECORDS);
  expect(requests.filter((url) => !url.startsWith("file:") && !url.startsWith("data:"))).toEqual([]);
});
