/**
 * `make bench-viz`'s browser half: the same headless Debian Chromium as the tests
 * (../playwright.config.ts), one worker, only the benchmark in this folder. Not a test run:
 * the benchmark prints its figures; `make test` never runs it.
 */
import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "*.bench.ts",
  timeout: 300_000,
});
