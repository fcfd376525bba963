/**
 * Vite builds the visualizer into one self-contained index.html (scripts and styles
 * inlined by vite-plugin-singlefile), so the same file is what `make viz` serves and what
 * `orrery-trace html` copies a trace into. Output: $ORRERY_VIZ_OUT, default build/viz/page.
 */
import { defineConfig } from "vitest/config";
import { viteSingleFile } from "vite-plugin-singlefile";
import { resolve } from "node:path";

const outDir = process.env.ORRERY_VIZ_OUT ?? resolve(import.meta.dirname, "../../build/viz/page");

export default defineConfig({
  base: "./",
  plugins: [viteSingleFile()],
  build: { outDir, emptyOutDir: true, target: "es2022", reportCompressedSize: false },
  // Generous timeouts: some tests run the Python decoder or a million records, on 2 busy cores.
  test: { include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 120_000 },
});
