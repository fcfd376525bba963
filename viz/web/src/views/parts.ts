/**
 * Small pieces the caps, memory, blocked and diff views share: making elements, a link to a
 * record (a click moves the shell's cursor there), the name of a record's event, hex
 * addresses, a colour per task. No view state lives here.
 */
import type { Model } from "../model/types";
import type { TraceTable } from "../trace/types";

/** Make an element with a class and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const c of children) e.append(c);
  return e;
}

/** The event name of record `index` ("?" when the schema has no such event). */
export function eventName(table: TraceTable, index: number): string {
  if (index < 0 || index >= table.count) return "?";
  return table.schema.events[String(table.type[index])]?.name ?? "?";
}

/** Event id by name, or undefined when the schema has no such event. */
export function eventId(table: TraceTable, name: string): number | undefined {
  for (const [id, e] of Object.entries(table.schema.events)) if (e.name === name) return Number(id);
  return undefined;
}

/** Position (0..3) of a raw field in an event's four arguments, or -1. */
export function fieldIndex(table: TraceTable, event: number, field: string): number {
  return table.schema.events[String(event)]?.fields.indexOf(field) ?? -1;
}

/** A link to record `index`: "#123 page_fault"; a click calls go(index). */
export function recordLink(table: TraceTable, index: number, go: (index: number) => void, text?: string): HTMLAnchorElement {
  const a = h("a", "vb-record", text ?? `#${index} ${eventName(table, index)}`);
  a.href = "#";
  a.dataset.record = String(index);
  a.title = `move the cursor to record ${index}`;
  a.addEventListener("click", (ev) => {
    ev.preventDefault();
    go(index);
  });
  return a;
}

/** "0x00401000". */
export function hex(value: number, digits = 8): string {
  return "0x" + (value >>> 0).toString(16).padStart(digits, "0");
}

/** "task 3 (init)". */
export function taskLabel(model: Model, task: number): string {
  if (task === 0) return "kernel";
  const name = model.tasks.get(task)?.name;
  return name ? `${name} (task ${task})` : `task ${task}`;
}

/** "ping (thread 5)". */
export function threadLabel(model: Model, thread: number): string {
  const name = model.threads.get(thread)?.name;
  return name ? `${name} (thread ${thread})` : `thread ${thread}`;
}

/** A colour per task, stable across redraws: golden-angle hues, distinct for neighbours. */
export function taskColour(task: number): string {
  const hue = (task * 137.508) % 360;
  return `hsl(${hue.toFixed(0)} 62% 52%)`;
}

/** The styles of the views-b views, added to the page once. */
export function ensureStyles(): void {
  if (document.getElementById("vb-styles")) return;
  const style = document.createElement("style");
  style.id = "vb-styles";
  style.textContent = `
.vb { font: 13px/1.4 system-ui, sans-serif; color: #1d232b; padding: 8px; min-width: 0; overflow-x: auto; }
.vb h3 { font-size: 14px; margin: 12px 0 4px; }
.vb .vb-note { color: #5a6472; margin: 4px 0; }
.vb table { border-collapse: collapse; margin: 2px 0 8px; }
.vb th, .vb td { border-bottom: 1px solid #e3e6ea; padding: 2px 8px; text-align: left; white-space: nowrap; }
.vb th { background: #f3f5f7; font-weight: 600; }
.vb td.num { font-variant-numeric: tabular-nums; text-align: right; }
.vb .mono { font-family: ui-monospace, Menlo, monospace; }
.vb .vb-now { background: #fff2b3; }
.vb .vb-gone { color: #8a93a0; text-decoration: line-through; }
.vb a.vb-record { color: #1b5fc1; text-decoration: none; font-family: ui-monospace, Menlo, monospace; }
.vb a.vb-record:hover { text-decoration: underline; }
.vb ul.vb-tree, .vb ul.vb-tree ul { list-style: none; margin: 0; padding-left: 18px; }
.vb ul.vb-tree { padding-left: 0; }
.vb ul.vb-tree li { margin: 1px 0; }
.vb ul.vb-tree ul { border-left: 1px solid #c9ced6; }
.vb .vb-op { display: inline-block; min-width: 60px; font-weight: 600; }
.vb .vb-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.vb .vb-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; }
.vb .vb-legend span.item { white-space: nowrap; }
.vb .vb-cols { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.vb .vb-chain li { margin: 4px 0; }
.vb .vb-chain .vb-arrow { color: #8a93a0; padding-left: 12px; }
.vb .vb-end { font-weight: 600; }
.vb .vb-cycle { color: #b3261e; font-weight: 600; }
.vb table.vb-diff { width: 100%; table-layout: fixed; }
.vb table.vb-diff td { white-space: normal; overflow-wrap: anywhere; }
.vb table.vb-diff th:nth-child(1), .vb table.vb-diff th:nth-child(3) { width: 36px; }
.vb tr.vb-diverge td { background: #ffe1dc; }
.vb tr.vb-first td { border-top: 2px solid #b3261e; border-bottom: 2px solid #b3261e; }
.vb select { font: inherit; }
`;
  document.head.append(style);
}
