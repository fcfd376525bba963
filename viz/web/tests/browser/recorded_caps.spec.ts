/**
 * The capability view at the end of a real recorded run shows exactly what the kernel itself
 * reports (GDB reads every task's cspace at the halt: NAME.report.json next to the trace,
 * written by `make viz-traces`): the same tasks, slots, objects, types, rights and badges.
 */
import { expect, test } from "@playwright/test";
import { kernelReport, missingPiece, openTrace, RECORDED, reportMissing, traceBytes, type Hook } from "./recorded";

type Slots = Record<string, { object: number; type: string; rights: number; badge: number }>;

/** task -> slots, leaving out tasks that hold nothing (the report may list them, the view need not). */
function holding(tasks: Record<string, { caps: Slots }>): Record<string, Slots> {
  return Object.fromEntries(Object.entries(tasks).filter(([, t]) => Object.keys(t.caps).length > 0).map(([id, t]) => [id, t.caps]));
}

for (const name of RECORDED) {
  test(`${name}: the capability view at the end equals the kernel's report`, async ({ page }) => {
    const missing = await missingPiece(page);
    test.fixme(missing !== undefined, missing);
    const trace = traceBytes(name);
    const report = kernelReport(name);
    test.fixme(report === undefined, `no kernel report for ${name}: ${reportMissing(name)}`);
    await openTrace(page, trace, "#view=caps");
    const drawn = (await page.evaluate(() => {
      const o = (window as unknown as { orrery: Hook }).orrery;
      o.setCursor(o.model!.records - 1);
      return o.drawn("caps");
    })) as { cursor: number; tasks: Record<string, { caps: Slots }> };
    expect(Object.keys(holding(report!.tasks)).length, "the report has tasks holding capabilities").toBeGreaterThan(0);
    expect(holding(drawn.tasks)).toEqual(holding(report!.tasks));
  });
}
