/**
 * The visualizer's entry point: load the trace (src/trace/load.ts), build the model
 * (src/model), lay out the shell with every view of src/views/index.ts. In live mode the
 * model takes new rows as they come and the views redraw; a capture dropped on the page
 * later replaces the one shown. Anything that goes wrong is shown in the page
 * (src/ui/error.ts), never a blank page.
 */
import "./ui/style.css";
import { buildModel } from "./model";
import type { Model } from "./model/types";
import { listenForDrops, loadTrace, type LoadedTrace } from "./trace/load";
import type { TraceTable } from "./trace/types";
import { catchStrayErrors, showFatalError } from "./ui/error";
import { Shell } from "./ui/shell";
import { orrery } from "./ui/test_hook";
import { viewFactories } from "./views/index";

const message = (error: unknown) => (error as Error)?.message ?? String(error);

/**
 * Build the model of `loaded` (or finish `early`, a model of its table built while the trace
 * was arriving) and show it; false (and the error shown) when that fails.
 */
function show(app: HTMLElement, loaded: LoadedTrace, started: number, early?: Model): boolean {
  const decoded = performance.now();
  document.title = `Orrery: ${loaded.name}`;
  let model: Model;
  let other: Model | undefined;
  try {
    if (early && early.table === loaded.table) {
      early.extend();
      model = early;
    } else model = buildModel(loaded.table);
    if (loaded.diff) other = buildModel(loaded.diff.table);
  } catch (error) {
    showFatalError(`cannot rebuild the kernel's state from ${loaded.name}: ${message(error)}`, (error as Error).stack);
    return false;
  }
  const modelled = performance.now();
  const shell = new Shell(app, model, loaded.name, viewFactories.map((make) => make()), other && { model: other, name: loaded.diff!.name });
  orrery.timings = { load: decoded - started, model: modelled - decoded, draw: performance.now() - modelled };
  if (loaded.live) {
    shell.setLive("live: waiting for the kernel");
    const take = () => {
      model.extend();
      shell.grew();
    };
    loaded.live.subscribe(take);
    take(); // rows decoded after the model was built but before we subscribed
    loaded.live.done.then(
      () => shell.setLive("live: the kernel stopped"),
      (error) => shell.setLive(`live stream ended: ${message(error)}`),
    );
  }
  return true;
}

async function start(): Promise<void> {
  catchStrayErrors();
  const app = document.getElementById("app")!;
  const started = performance.now();
  let loaded: LoadedTrace;
  // The model is built as the rows arrive; if that fails, show() builds it again and says why.
  let early: Model | undefined;
  let earlyFailed = false;
  const onRows = (table: TraceTable) => {
    if (earlyFailed) return;
    try {
      if (early) early.extend();
      else early = buildModel(table);
    } catch {
      earlyFailed = true;
      early = undefined;
    }
  };
  try {
    loaded = await loadTrace(document, location.href, { onRows });
  } catch (error) {
    showFatalError(message(error));
    return;
  }
  if (!show(app, loaded, started, early)) return;
  orrery.ready = true;
  listenForDrops(
    document,
    loaded.schema,
    (next) => {
      orrery.error = undefined;
      show(app, next, performance.now());
    },
    (problem) => showFatalError(problem),
  );
}

void start();
