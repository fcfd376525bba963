/**
 * The order in which views lay out threads: grouped by task (tasks by id), threads by id
 * inside their task, each named the way a student reads it ("init: main"). Shared by the
 * timeline (rows) and the sequence chart (lifelines). Pure: unit-tested.
 */
import type { Model } from "../model/types";

export interface Lane {
  thread: number;
  task: number;
  /** The thread's own name. */
  name: string;
  /** Its task's name. */
  taskName: string;
  priority: number;
  /** True for the first lane of its task (where the task's name goes). */
  firstOfTask: boolean;
}

/** The lanes of every thread the model knows, grouped by task. */
export function threadLanes(model: Model): Lane[] {
  const threads = [...model.threads.values()].sort((a, b) => a.task - b.task || a.id - b.id);
  let previousTask = NaN;
  return threads.map((t) => {
    const lane: Lane = {
      thread: t.id,
      task: t.task,
      name: t.name || `thread ${t.id}`,
      taskName: t.task === 0 ? "kernel" : model.tasks.get(t.task)?.name || `task ${t.task}`,
      priority: t.priority,
      firstOfTask: t.task !== previousTask,
    };
    previousTask = t.task;
    return lane;
  });
}

/** Short words for a thread state and what it waits on, for labels: "recv on 12". */
export function stateWords(state: string, on?: number): string {
  const words: Record<string, string> = {
    running: "running",
    ready: "ready",
    sleeping: "sleeping",
    suspended: "suspended",
    dead: "dead",
    blocked_send: "send",
    blocked_recv: "recv",
    blocked_reply: "reply",
    blocked_notify: "wait",
  };
  const word = words[state] ?? state;
  if (on === undefined || on === 0) return word;
  return state === "blocked_reply" ? `${word} from ${on}` : `${word} on ${on}`;
}

/** Fill colours of thread states, the same in every view (the legend shows them). */
export const STATE_COLOURS: Record<string, string> = {
  running: "#2e7d32",
  ready: "#f6d36b",
  blocked_send: "#e57373",
  blocked_recv: "#64b5f6",
  blocked_reply: "#ba68c8",
  blocked_notify: "#4db6ac",
  sleeping: "#b0b7c3",
  suspended: "#dfe3ea",
  dead: "transparent",
};

/** Plain-words legend entries, in the order the legend shows them. */
export const STATE_LEGEND: [string, string][] = [
  ["running", "running"],
  ["ready", "ready (waits for the CPU)"],
  ["blocked_send", "blocked sending"],
  ["blocked_recv", "blocked receiving"],
  ["blocked_reply", "waits for a reply"],
  ["blocked_notify", "waits for a notification"],
  ["sleeping", "sleeping"],
  ["suspended", "suspended"],
];

/** A DOM legend of the state colours (a handful of nodes, not per event). */
export function legendElement(): HTMLElement {
  const box = document.createElement("div");
  box.className = "view-help";
  for (const [state, words] of STATE_LEGEND) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "legend-swatch";
    swatch.style.background = STATE_COLOURS[state];
    item.append(swatch, words);
    box.append(item);
  }
  return box;
}
