/**
 * The cursor bar: step back or forward one event, jump to the start or the end, and the
 * record under the cursor (index, time in guest instructions, event name). Keyboard:
 * Left/Right step one event, Shift+Left/Right ten, Home/End jump.
 */
import type { SharedContext } from "./context";
import { recordFields } from "./record_fields";

/** Where a key moves the cursor from `cursor` (undefined: the key is not ours). */
export function cursorForKey(key: string, shift: boolean, cursor: number, count: number): number | undefined {
  const step = shift ? 10 : 1;
  switch (key) {
    case "ArrowLeft":
      return Math.max(-1, cursor - step);
    case "ArrowRight":
      return Math.min(count - 1, cursor + step);
    case "Home":
      return -1;
    case "End":
      return count - 1;
  }
  return undefined;
}

/** Guest instructions, grouped by thousands: 1234567 -> "1,234,567". */
export function formatInstructions(t: number): string {
  return Math.round(t).toLocaleString("en-US");
}

export class CursorBar {
  readonly root = document.createElement("div");
  private readonly where = document.createElement("span");

  constructor(private readonly context: SharedContext) {
    this.root.className = "cursor-bar";
    this.root.setAttribute("data-testid", "cursor-bar");
    const count = () => context.model.table.count;
    const button = (label: string, title: string, action: () => number) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.title = title;
      b.setAttribute("aria-label", title);
      b.addEventListener("click", () => context.setCursor(action()));
      this.root.append(b);
      return b;
    };
    button("|◀", "Jump to the start (Home)", () => -1);
    button("◀", "One event back (Left arrow)", () => context.cursor - 1);
    button("▶", "One event forward (Right arrow)", () => context.cursor + 1);
    button("▶|", "Jump to the end (End)", () => count() - 1);
    this.where.className = "cursor-where";
    this.root.append(this.where);
    window.addEventListener("keydown", (event) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const next = cursorForKey(event.key, event.shiftKey, context.cursor, count());
      if (next === undefined) return;
      event.preventDefault();
      context.setCursor(next);
    });
    this.update();
  }

  update(): void {
    const { table } = this.context.model;
    const i = this.context.cursor;
    if (i < 0) {
      this.where.textContent = `before the first record (of ${table.count.toLocaleString("en-US")})`;
      return;
    }
    const event = recordFields(table, i).event;
    this.where.textContent =
      `record ${i.toLocaleString("en-US")} of ${table.count.toLocaleString("en-US")} · ` +
      `t = ${formatInstructions(table.ts[i])} instructions · ${event}`;
  }
}
