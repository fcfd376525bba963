/**
 * Every view of the page, in tab order: one factory each, so each page load gets fresh view
 * objects. (views-b's part: capabilities, memory, why blocked, diff; the shell's helper lists
 * the timeline and the sequence chart the same way.)
 */
import type { View } from "../ui/view";
import { BlockedView } from "./blocked";
import { CapsView } from "./caps";
import { DiffView } from "./diff";
import { MemoryView } from "./memory";

export const viewFactories: (() => View)[] = [
  () => new CapsView(),
  () => new MemoryView(),
  () => new BlockedView(),
  () => new DiffView(),
];
