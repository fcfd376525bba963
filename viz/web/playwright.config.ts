/**
 * Playwright drives Debian's Chromium (/usr/bin/chromium, or $ORRERY_CHROMIUM) headless
 * against the built page; it never downloads a browser. The flags keep Chromium off the
 * network: the machine has none, and the page needs none.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests/browser",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.ORRERY_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
