/**
 * The event inspector: the record under the cursor, its fields by name, and the trace point
 * that emitted it (kernel file, line, function, from model.siteOf).
 */
import type { SharedContext } from "./context";
import { formatInstructions } from "./cursor_bar";
import { recordFields } from "./record_fields";

export class Inspector {
  readonly root = document.createElement("aside");

  constructor(private readonly context: SharedContext) {
    this.root.className = "inspector";
    this.root.setAttribute("data-testid", "inspector");
    this.update();
  }

  update(): void {
    const { model, cursor } = this.context;
    const root = this.root;
    root.replaceChildren();
    const title = document.createElement("h2");
    root.append(title);
    if (cursor < 0) {
      title.textContent = "Before the first record";
      const p = document.createElement("p");
      p.textContent = "Step forward (Right arrow) to see the first event.";
      root.append(p);
      return;
    }
    const table = model.table;
    const record = recordFields(table, cursor);
    title.textContent = record.event;
    const list = document.createElement("dl");
    const row = (name: string, value: string, className?: string) => {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      if (className) dd.className = className;
      list.append(dt, dd);
    };
    row("record", `${cursor} (seq ${table.seq[cursor]})`);
    row("time", `${formatInstructions(table.ts[cursor])} instructions`);
    for (const [name, value] of record.fields) row(name, value);
    root.append(list);
    const site = model.siteOf(cursor);
    const source = document.createElement("p");
    source.className = "inspector-site";
    source.setAttribute("data-testid", "inspector-site");
    source.textContent = site
      ? `${site.file}:${site.line}, in ${site.function}()`
      : `source line ${table.line[cursor] || "unknown"} (no site in the schema for this trace point)`;
    const label = document.createElement("h3");
    label.textContent = "Emitted by";
    root.append(label, source);
  }
}
