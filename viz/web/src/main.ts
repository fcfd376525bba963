/**
 * The visualizer's entry point: load the trace (src/trace/load.ts), rebuild the kernel's
 * state from it (src/model), lay out the shell with every view of src/views/index.ts, and in
 * live mode keep the model and the views up with the running kernel. Anything that goes
 * wrong is shown in the page (src/ui/error.ts), never a blank page.
 */
import "./ui/style.css";
import { buildModel } from "./model/build";
import type { Model } from "./model/types";
import { loadTrace, type LoadedTrace } from "./trace/load";
import { catchStrayErrors, showFatalError } from "./ui/error";
import { Shell } from "./ui/shell";
import { orrery } from "./ui/test_hook";
import { DiffView } from "./views/diff";
import { viewFactories } from "./views/index";

/** Build a model, or show why not (naming the trace) and return undefined. */
function rebuild(table: LoadedTrace["table"], name: string): Model | undefined {
  try {
    return buildModel(table);
  } catch (error) {
    showFatalError(`cannot rebuild the kernel's state from ${name}: ${(error as Error).message}`, (error as Error).stack);
    return undefined;
  }
}

async function start(): Promise<void> {
  catchStrayErrors();
  const app = document.getElementById("app")!;
  const started = performance.now();
  let loaded: LoadedTrace;
  try {
    loaded = await loadTrace();
  } catch (error) {
    showFatalError((error as Error)?.message ?? String(error));
    return;
  }
  const decoded = performance.now();
  document.title = `Orrery: ${loaded.name}`;
  const model = rebuild(loaded.table, loaded.name);
  if (!model) return;
  const modelled = performance.now();
  const views = viewFactories.map((make) => make());
  if (loaded.diff) {
    const other = rebuild(loaded.diff.table, loaded.diff.name);
    if (!other) return;
    for (const view of views) if (view instanceof DiffView) view.setOther(other, loaded.diff.name);
  }
  const shell = new Shell(app, model, loaded.name, views);
  if (loaded.live) {
    loaded.live.subscribe(() => {
      model.extend();
      shell.grew();
    });
    loaded.live.done.then(
      () => shell.streamEnded("the kernel stopped"),
      (error) => shell.streamEnded((error as Error)?.message ?? String(error)),
    );
  }
  orrery.timings = { load: decoded - started, model: modelled - decoded, draw: performance.now() - modelled };
  orrery.ready = true;
}

void start();
