/**
 * Errors shown in the page, never a blank page: a bad or truncated trace, a schema that does
 * not fit, or a bug in a view. The message is also kept in window.orrery.error for tests.
 */
import { orrery } from "./test_hook";

/** Replace the page with a clear error panel naming what is wrong. */
export function showFatalError(message: string, detail?: string): void {
  orrery.error = message;
  const app = document.getElementById("app") ?? document.body;
  app.replaceChildren();
  const panel = document.createElement("div");
  panel.className = "fatal-error";
  panel.setAttribute("role", "alert");
  const title = document.createElement("h1");
  title.textContent = "The visualizer cannot show this trace";
  const text = document.createElement("p");
  text.className = "error-message";
  text.textContent = message;
  const hint = document.createElement("p");
  hint.className = "error-hint";
  hint.textContent =
    "Record a new trace (make run, or a test program) and open it again; `viz/orrery-trace decode --lenient FILE` shows what is left of a damaged one.";
  panel.append(title, text, hint);
  if (detail) {
    const pre = document.createElement("pre");
    pre.textContent = detail;
    panel.append(pre);
  }
  app.append(panel);
}

/** Show an error inside one view's panel (the rest of the page keeps working). */
export function showViewError(root: HTMLElement, viewTitle: string, error: unknown): void {
  const message = `The ${viewTitle} view failed: ${(error as Error)?.message ?? String(error)}`;
  orrery.error = message;
  let box = root.querySelector<HTMLElement>(".view-error");
  if (!box) {
    box = document.createElement("div");
    box.className = "view-error";
    box.setAttribute("role", "alert");
    root.prepend(box);
  }
  box.textContent = message;
  console.error(error);
}

/** Errors nobody caught still reach the page. */
export function catchStrayErrors(): void {
  window.addEventListener("error", (event) => {
    if (!orrery.ready) showFatalError(event.message);
    else orrery.error = event.message;
  });
  window.addEventListener("unhandledrejection", (event) => {
    const message = (event.reason as Error)?.message ?? String(event.reason);
    if (!orrery.ready) showFatalError(message);
    else orrery.error = message;
  });
}
