import { expect, test } from "@playwright/test";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const page_file = process.env.ORRERY_VIZ_PAGE ?? resolve(import.meta.dirname, "../../../../build/viz/page/index.html");

test("the built page opens from disk", async ({ page }) => {
  await page.goto(pathToFileURL(page_file).href);
  await expect(page.locator("#app")).toHaveText("Orrery trace visualizer");
});
