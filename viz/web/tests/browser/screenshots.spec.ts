/**
 * A screenshot of every view on real recorded traces, for humans to look at (not compared):
 * build/viz/screenshots/NAME-VIEW.png. Each view must be on screen and drawn first.
 */
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { missingPiece, openTrace, screenshots, traceBytes, type Hook } from "./recorded";

for (const name of ["ipc_many_clients", "pager_demand_zero", "sysbench"]) {
  test(`${name}: a screenshot of every view`, async ({ page }) => {
    const missing = await missingPiece(page);
    test.fixme(missing !== undefined, missing);
    mkdirSync(screenshots, { recursive: true });
    await openTrace(page, traceBytes(name));
    const views = await page.evaluate(() => (window as unknown as { orrery: Hook }).orrery.views);
    expect(views.length).toBeGreaterThan(0);
    for (const id of views) {
      await page.evaluate((v) => {
        const o = (window as unknown as { orrery: Hook }).orrery;
        o.showView(v);
        o.drawn(v);
      }, id);
      await expect(page.locator(`[data-view="${id}"]`)).toBeVisible();
      await page.screenshot({ path: `${screenshots}/${name}-${id}.png` });
    }
  });
}
