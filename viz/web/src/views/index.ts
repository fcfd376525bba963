/**
 * The views the page offers, in tab order. (views-b's part: capabilities, memory, why
 * blocked, diff; the app shell's helper adds the timeline and the sequence chart.)
 */
import type { View } from "../ui/view";
import { BlockedView } from "./blocked";
import { CapsView } from "./caps";
import { DiffView } from "./diff";
import { MemoryView } from "./memory";

/** Fresh instances of every view (each keeps its own drawing state). */
export function createViews(): View[] {
  return [new CapsView(), new MemoryView(), new BlockedView(), new DiffView()];
}
