/**
 * Capability spaces over time: each task's slots at the cursor (slot, object, type, rights,
 * badge, how it was made) and the derivation tree (create, copy, mint, transfer; delete,
 * revoke), every entry a link to the record that made it. What the record at the cursor
 * changed is highlighted. The logic lives in caps_tree.ts.
 */
import type { Model, Snapshot } from "../model/types";
import type { View, ViewContext } from "../ui/view";
import {
  buildCapHistory,
  capsReport,
  changedSlots,
  rightsLetters,
  treeAt,
  type CapHistory,
  type DrawnCaps,
} from "./caps_tree";
import { ensureStyles, h, recordLink, taskColour, taskLabel } from "./parts";

/** Tree nodes drawn at most (a whole-system run makes thousands of capabilities). */
export const CAP_TREE_LIMIT = 400;

export interface CapsDrawn {
  cursor: number;
  /** The slots per task at the cursor, in the kernel report's format. */
  tasks: DrawnCaps;
  /** "task:slot" of the slots the record at the cursor changed. */
  changed: string[];
  tree: { shown: number; removed: number; more: number };
}

export class CapsView implements View {
  readonly id = "caps";
  readonly title = "Capabilities";
  private context!: ViewContext;
  private history?: CapHistory;
  private historyCount = -1;
  private filter = ""; // "" all tasks, else a task id
  private last?: { cursor: number; model: Model; count: number; filter: string };
  private lastDrawn: CapsDrawn = { cursor: -1, tasks: {}, changed: [], tree: { shown: 0, removed: 0, more: 0 } };
  private body!: HTMLElement;
  private picker!: HTMLSelectElement;

  mount(root: HTMLElement, context: ViewContext): void {
    ensureStyles();
    this.context = context;
    root.classList.add("vb");
    this.picker = h("select");
    this.picker.setAttribute("aria-label", "task");
    this.picker.addEventListener("change", () => {
      this.filter = this.picker.value;
      if (this.filter) this.context.select({ ...this.context.selection, task: Number(this.filter) });
      this.update();
    });
    const bar = h("div", "vb-note", "Show ", this.picker, " — slots at the cursor, and how each capability was derived.");
    this.body = h("div");
    root.append(bar, this.body);
    this.update();
  }

  update(): void {
    const { model, cursor } = this.context;
    const selected = this.context.selection.task;
    if (selected !== undefined && String(selected) !== this.filter && model.tasks.has(selected)) this.filter = String(selected);
    const count = model.table.count;
    if (this.last && this.last.cursor === cursor && this.last.model === model && this.last.count === count && this.last.filter === this.filter)
      return;
    this.last = { cursor, model, count, filter: this.filter };
    if (!this.history || this.historyCount !== count || this.last.model !== model) {
      this.history = buildCapHistory(model.table);
      this.historyCount = count;
    }
    this.fillPicker(model);
    const now = model.stateAt(cursor);
    const before = cursor >= 0 ? model.stateAt(cursor - 1) : now;
    const changed = changedSlots(before, now);
    this.body.replaceChildren(this.drawSlots(model, now, before, changed), this.drawTree(model));
    this.lastDrawn = {
      cursor,
      tasks: capsReport(model, now),
      changed: changed.map((c) => `${c.task}:${c.slot}`),
      tree: this.lastDrawn.tree,
    };
  }

  drawn(): CapsDrawn {
    return this.lastDrawn;
  }

  private fillPicker(model: Model): void {
    const want = ["", ...[...model.tasks.keys()].sort((a, b) => a - b).map(String)];
    const have = [...this.picker.options].map((o) => o.value);
    if (want.join() !== have.join()) {
      this.picker.replaceChildren(
        ...want.map((v) => {
          const o = h("option", "", v === "" ? "all tasks" : taskLabel(model, Number(v)));
          o.value = v;
          return o;
        }),
      );
    }
    this.picker.value = this.filter;
  }

  private go = (index: number) => this.context.setCursor(index);

  private drawSlots(model: Model, now: Snapshot, before: Snapshot, changed: { task: number; slot: number; what: string }[]): HTMLElement {
    const box = h("div", "vb-slots");
    box.append(h("h3", "", "Slots at the cursor"));
    const schema = model.table.schema;
    const tasks = [...new Set([...now.caps.keys(), ...before.caps.keys()])]
      .filter((t) => this.filter === "" || String(t) === this.filter)
      .sort((a, b) => a - b);
    if (tasks.length === 0) box.append(h("p", "vb-note", "No task holds a capability at this point of the trace."));
    const made = new Set(changed.filter((c) => c.what === "made").map((c) => `${c.task}:${c.slot}`));
    for (const task of tasks) {
      const slots = now.caps.get(task) ?? new Map();
      const title = h("h3", "");
      title.append(h("span", "vb-swatch"), `${taskLabel(model, task)}: ${slots.size} capabilities`);
      (title.firstChild as HTMLElement).style.background = taskColour(task);
      const table = h("table", "vb-caps-table");
      table.dataset.task = String(task);
      table.append(h("tr", "", h("th", "", "slot"), h("th", "", "object"), h("th", "", "type"), h("th", "", "rights"), h("th", "", "badge"), h("th", "", "made by")));
      for (const slot of [...slots.keys()].sort((a, b) => a - b)) {
        const c = slots.get(slot)!;
        const row = h(
          "tr",
          made.has(`${task}:${slot}`) ? "vb-now" : "",
          h("td", "num", String(slot)),
          h("td", "num", String(c.object)),
          h("td", "", c.objectType),
          h("td", "mono", rightsLetters(schema, c.rights)),
          h("td", "num", c.badge ? String(c.badge) : ""),
        );
        const by = h("td", "", `${c.op} `);
        by.append(recordLink(model.table, c.madeAt, this.go));
        row.append(by);
        table.append(row);
      }
      for (const c of changed.filter((x) => x.task === task && x.what === "removed")) {
        const gone = before.caps.get(task)?.get(c.slot);
        if (gone && !slots.has(c.slot)) {
          const row = h("tr", "vb-now vb-gone", h("td", "num", String(c.slot)), h("td", "num", String(gone.object)), h("td", "", gone.objectType), h("td", "", ""), h("td", "", ""), h("td", "", "removed here"));
          table.append(row);
        }
      }
      box.append(title, table);
    }
    return box;
  }

  private drawTree(model: Model): HTMLElement {
    const box = h("div", "vb-tree-box");
    box.append(h("h3", "", "Derivation tree"));
    box.append(h("p", "vb-note", "Each capability under the one it was copied, minted or transferred from; struck out: deleted or revoked by the cursor."));
    const filter = this.filter;
    const keep = filter === "" ? undefined : (n: { task: number }) => String(n.task) === filter;
    const { items, more } = treeAt(this.history!, this.context.cursor, keep, CAP_TREE_LIMIT);
    const list = h("ul", "vb-tree");
    const stack: HTMLElement[] = [list];
    for (const item of items) {
      while (stack.length > item.depth + 1) stack.pop();
      let parent = stack[stack.length - 1];
      if (stack.length < item.depth + 1) {
        const ul = h("ul");
        (parent.lastElementChild ?? parent).append(ul);
        stack.push(ul);
        parent = ul;
      }
      const n = item.node;
      const type = model.objects.get(n.object)?.type ?? "object";
      const li = h("li", [item.changedNow ? "vb-now" : "", item.status === "removed" ? "vb-gone" : ""].join(" ").trim());
      li.dataset.cap = String(n.id);
      const swatch = h("span", "vb-swatch");
      swatch.style.background = taskColour(n.task);
      li.append(
        swatch,
        h("span", "vb-op", n.op),
        `${taskLabel(model, n.task)} slot ${n.slot}: ${type} ${n.object} ${rightsLetters(model.table.schema, n.rights)}${n.badge ? ` badge ${n.badge}` : ""} `,
        recordLink(model.table, n.madeAt, this.go),
      );
      for (const r of n.revokes.filter((r) => r <= this.context.cursor)) li.append(" revoked its children ", recordLink(model.table, r, this.go));
      if (item.status === "removed") li.append(` — ${n.removedWhy} `, recordLink(model.table, n.removedAt!, this.go));
      parent.append(li);
    }
    if (items.length === 0) box.append(h("p", "vb-note", "No capability made yet at the cursor (or the trace has no cap_install records)."));
    box.append(list);
    if (more) box.append(h("p", "vb-note", `… and ${more} more: pick one task above to see its trees.`));
    this.lastDrawn.tree = { shown: items.length, removed: items.filter((i) => i.status === "removed").length, more };
    return box;
  }
}
