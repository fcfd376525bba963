/**
 * Every view of the page, in tab order. A view is added here (one line: a factory, so each
 * page load gets fresh view objects) and the shell does the rest: its tab, #view=<id> in the
 * URL, the shared cursor, window.orrery.drawn(<id>).
 */
import type { View } from "../ui/view";
import { BlockedView } from "./blocked";
import { CapsView } from "./caps";
import { DiffView } from "./diff";
import { MemoryView } from "./memory";
import { SequenceView } from "./sequence";
import { TimelineView } from "./timeline";

export const viewFactories: (() => View)[] = [
  () => new TimelineView(),
  () => new SequenceView(),
  () => new CapsView(),
  () => new MemoryView(),
  () => new BlockedView(),
  () => new DiffView(),
];
