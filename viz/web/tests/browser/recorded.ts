/**
 * What the browser specs on real recorded traces share: where the traces are
 * (build/viz/traces, written by `make viz-traces`, viz/record_traces.py), the Python side's
 * view of them (`orrery-trace messages`, the kernel report), and opening one in the page.
 *
 * The page is served from a fake origin by Playwright (no port, no server): /index.html is
 * the built page, /schema.json what `orrery-trace schema` writes, /trace.bin the capture,
 * as `make viz` serves them (src/trace/load.ts reads ./trace.bin + ./schema.json).
 *
 * A piece another helper builds may be missing from the tree (the schema command, the app
 * shell and its window.orrery): `missingPiece()` names it, and the specs mark themselves
 * test.fixme with that reason rather than pass without checking anything.
 */
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const repo = resolve(import.meta.dirname, "../../../..");
export const build = process.env.ORRERY_BUILD ?? resolve(repo, "build");
export const pageFile = process.env.ORRERY_VIZ_PAGE ?? resolve(build, "viz/page/index.html");
export const traces = resolve(build, "viz/traces");
export const screenshots = resolve(build, "viz/screenshots");
export const orreryTrace = resolve(repo, "viz/orrery-trace");
export const python = "/usr/bin/python3";
export const ORIGIN = "http://orrery.test";

/** The recordings of viz/record_traces.py (RECORDINGS there), smallest first. */
export const RECORDED = ["driver_rtc_irq", "pager_demand_zero", "ipc_many_clients", "ipc_pingpong", "sysbench"];

/** How long the page may take to load and draw a recorded trace (the machine is shared). */
export const LOAD_TIMEOUT = 60_000;

/** The raw capture of a recording; records them all first if `make viz-traces` never ran. */
export function traceBytes(name: string): Buffer {
  const file = resolve(traces, `${name}.bin`);
  if (!existsSync(file))
    execFileSync(python, [resolve(repo, "viz/record_traces.py"), "--build-dir", build, "--out", traces], { stdio: "inherit" });
  return readFileSync(file);
}

let schemaText: string | undefined;
let schemaProblem: string | undefined;

/** `orrery-trace schema`'s JSON, or undefined (see schemaMissing). */
export function schemaJson(): string | undefined {
  if (schemaText === undefined && schemaProblem === undefined) {
    try {
      schemaText = execFileSync(python, [orreryTrace, "schema"], { encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      schemaProblem = `orrery-trace schema (helper tools) fails here: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
    }
  }
  return schemaText;
}

/**
 * Why the specs cannot run yet, or undefined: the built page, the schema command, and a page
 * that is the app shell (window.orrery with views and drawn()). Call from a test; loads a
 * recording once to look.
 */
export async function missingPiece(page: Page): Promise<string | undefined> {
  if (!existsSync(pageFile)) return `the page is not built (${pageFile}): make viz-page`;
  if (schemaJson() === undefined) return schemaProblem;
  await openTrace(page, traceBytes(RECORDED[0]));
  const shell = await page.evaluate(() => {
    const o = (window as unknown as { orrery?: { ready?: boolean; error?: string; views?: unknown; drawn?: unknown } }).orrery;
    return { hook: !!o, views: Array.isArray(o?.views), drawn: typeof o?.drawn === "function", ready: !!o?.ready, error: o?.error };
  });
  if (!shell.hook || !shell.views || !shell.drawn)
    return "the page has no app shell yet (window.orrery with views and drawn(): helper views-a)";
  if (!shell.ready) return `the page did not load a real trace: ${shell.error ?? "window.orrery.ready stayed false"}`;
  return undefined;
}

/** Serve `trace` (and the schema) to the page and open it; waits until it is ready or shows an error. */
export async function openTrace(page: Page, trace: Uint8Array, hash = ""): Promise<void> {
  const html = readFileSync(pageFile);
  const schema = schemaJson() ?? "{}";
  await page.unrouteAll();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/" || path === "/index.html") return route.fulfill({ body: html, contentType: "text/html" });
    if (path === "/schema.json") return route.fulfill({ body: schema, contentType: "application/json" });
    if (path === "/trace.bin") return route.fulfill({ body: Buffer.from(trace), contentType: "application/octet-stream" });
    return route.fulfill({ status: 404, body: "not found" });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("about:blank"); // else a second open of the same URL changes only the hash, no reload
  await page.goto(`${ORIGIN}/index.html${hash}`);
  await page.waitForFunction(() => {
    const o = (window as unknown as { orrery?: { ready?: boolean; error?: string } }).orrery;
    return !o || o.ready || o.error !== undefined;
  }, undefined, { timeout: LOAD_TIMEOUT });
}

/** One message as `orrery-trace messages` pairs it (viz/orrery_trace/messages.py). */
export interface PairedMessage {
  msg: number;
  from: number;
  to: number;
  kind: string;
}

/** The messages the Python decoder pairs in a recording (received ones: one arrow each). */
export function pythonMessages(name: string): PairedMessage[] {
  traceBytes(name);
  const out = execFileSync(python, [orreryTrace, "messages", resolve(traces, `${name}.bin`)], { encoding: "utf-8" });
  const line = /^msg (\d+): thread (\d+) -> thread (\d+) \((\w+),/;
  return out
    .split("\n")
    .map((l) => line.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ msg: Number(m[1]), from: Number(m[2]), to: Number(m[3]), kind: m[4] }));
}

/** The kernel's own report of a recording (GDB at the halt), or undefined if none was written. */
export function kernelReport(name: string): KernelReport | undefined {
  const file = resolve(traces, `${name}.report.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf-8")) as KernelReport) : undefined;
}

/** Why a recording has no kernel report (its NAME.json says), for the fixme reason. */
export function reportMissing(name: string): string {
  const file = resolve(traces, `${name}.json`);
  const info = existsSync(file) ? (JSON.parse(readFileSync(file, "utf-8")) as { report_missing?: string }) : {};
  return info.report_missing ?? `no ${name}.report.json in ${traces}`;
}

/** The "orrery-kernel-report" format (/work/notes/viz.md). */
export interface KernelReport {
  format: "orrery-kernel-report";
  version: 1;
  tasks: Record<string, { name: string; caps: Record<string, { object: number; type: string; rights: number; badge: number }>; mappings: Record<string, { paddr: string; writable: boolean }> }>;
}

/** window.orrery as the specs use it (src/ui/test_hook.ts). */
export interface Hook {
  ready: boolean;
  error?: string;
  model?: Record<string, number>;
  cursor: number;
  setCursor(index: number): void;
  views: string[];
  showView(id: string): void;
  drawn(id: string): unknown;
  window?: { t0: number; t1: number };
  setWindow(t0: number, t1: number): void;
}
