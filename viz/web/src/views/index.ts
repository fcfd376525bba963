/**
 * Every view of the page, in tab order. A view helper adds its view here (one line: a
 * factory, so each page load gets fresh view objects) and the shell does the rest: its tab,
 * #view=<id> in the URL, the shared cursor, window.orrery.drawn(<id>).
 */
import type { View } from "../ui/view";
import { TimelineView } from "./timeline";
import { SequenceView } from "./sequence";

export const viewFactories: (() => View)[] = [() => new TimelineView(), () => new SequenceView()];
