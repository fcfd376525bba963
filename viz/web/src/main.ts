/**
 * The visualizer's entry point: load the trace, build the model, lay out the shell with
 * every view of src/views/index.ts. Anything that goes wrong is shown in the page
 * (src/ui/error.ts), never a blank page.
 */
import "./ui/style.css";
import { catchStrayErrors, showFatalError } from "./ui/error";
import { loadTrace } from "./ui/load_fallback";
import { buildModel } from "./ui/model_fallback";
import { Shell } from "./ui/shell";
import { orrery } from "./ui/test_hook";
import { viewFactories } from "./views/index";

async function start(): Promise<void> {
  catchStrayErrors();
  const app = document.getElementById("app")!;
  let loaded;
  try {
    loaded = await loadTrace();
  } catch (error) {
    showFatalError((error as Error)?.message ?? String(error));
    return;
  }
  document.title = `Orrery: ${loaded.name}`;
  let model;
  try {
    model = buildModel(loaded.table);
  } catch (error) {
    showFatalError(`cannot rebuild the kernel's state from ${loaded.name}: ${(error as Error).message}`, (error as Error).stack);
    return;
  }
  new Shell(app, model, loaded.name, viewFactories.map((make) => make()));
  orrery.ready = true;
}

void start();
