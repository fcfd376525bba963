/**
 * Diff two runs (a student's and the reference) on their IPC: the sequence of messages each
 * run sent, aligned by who sent them to whom, with which label and of which kind, so a
 * student sees where their kernel first behaved differently.
 *
 * Object ids differ between runs (one extra allocation shifts every later id), so a message
 * is compared by names, never by raw id: "task/thread" for the sender and the receiver. Two
 * threads of one name in one task (ipc_many_clients' clients) are told apart by the order
 * they were created in: the second is "task/thread#2". Words and badges are shown but not
 * compared: they carry addresses and values that may rightly differ.
 *
 * The alignment is Myers' shortest edit script over the two key sequences (what `diff`
 * does), after the common prefix and suffix are set aside; a run of deletions next to a run
 * of insertions becomes "changed" rows, shown side by side. When the runs differ in more
 * than MAX_EDIT_DISTANCE places, the rest is paired row by row instead (the first divergence
 * is still exact: it is the end of the common prefix).
 */
import type { MessageKind, Model } from "./types";

/** Beyond this many insertions plus deletions the aligner stops searching and pairs rows. */
export const MAX_EDIT_DISTANCE = 2000;

/** One message of a run, named so it can be compared with the other run's. */
export interface IpcStep {
  /** The record that sent it (a row of this run's TraceTable). */
  index: number;
  msg: number;
  kind: MessageKind;
  /** Sender, "task/thread" (for a fault: the thread that faulted). */
  from: string;
  /** Receiver, "task/thread", or "" when nobody received it within the trace. */
  to: string;
  label: number;
  badge: number;
  words: number[];
  /** What is compared: kind, from, to and label. */
  key: string;
}

/** One row of the side-by-side view: a step of run a, of run b, or both. */
export interface DiffRow {
  /** Index into RunDiff.a / RunDiff.b (undefined: this run has no step here). */
  a?: number;
  b?: number;
  /** "same": equal keys; "changed": both present, keys differ; "only_a" / "only_b". */
  status: "same" | "changed" | "only_a" | "only_b";
}

export interface RunDiff {
  a: IpcStep[];
  b: IpcStep[];
  rows: DiffRow[];
  /** Index into rows of the first row that is not "same"; undefined when the runs agree. */
  firstDivergence?: number;
  /** True when the alignment gave up (MAX_EDIT_DISTANCE) and paired the middle row by row. */
  approximate: boolean;
}

/** Every thread's name as "task/thread", with "#n" for the n-th (n >= 2) of one name. */
export function threadNames(model: Model): Map<number, string> {
  const threads = [...model.threads.values()].sort((x, y) => x.createdAt - y.createdAt || x.id - y.id);
  const seen = new Map<string, number>();
  const names = new Map<number, string>();
  for (const thread of threads) {
    const task = model.tasks.get(thread.task)?.name || `task?`;
    const base = `${task}/${thread.name || "thread?"}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    names.set(thread.id, n === 1 ? base : `${base}#${n}`);
  }
  return names;
}

/** The run's messages in the order they were sent, named for comparison. */
export function ipcSteps(model: Model): IpcStep[] {
  const names = threadNames(model);
  const name = (thread: number | undefined) =>
    thread === undefined ? "" : (names.get(thread) ?? `thread ${thread}`);
  return [...model.messages]
    .sort((x, y) => x.sentAt - y.sentAt)
    .map((m) => {
      const from = name(m.from);
      const to = name(m.to);
      return {
        index: m.sentAt,
        msg: m.msg,
        kind: m.kind,
        from,
        to,
        label: m.label,
        badge: m.badge,
        words: m.words,
        key: `${m.kind} ${from} -> ${to} label ${m.label}`,
      };
    });
}

/** Align two runs' IPC and find the first divergence. */
export function diffRuns(a: Model, b: Model): RunDiff {
  return diffSteps(ipcSteps(a), ipcSteps(b));
}

/** Align two step sequences (diffRuns without the models, for tests and big inputs). */
export function diffSteps(a: IpcStep[], b: IpcStep[]): RunDiff {
  const edits = alignKeys(
    a.map((s) => s.key),
    b.map((s) => s.key),
  );
  const rows = rowsFromEdits(edits.ops);
  const firstDivergence = rows.findIndex((r) => r.status !== "same");
  return { a, b, rows, firstDivergence: firstDivergence < 0 ? undefined : firstDivergence, approximate: edits.approximate };
}

/** "=" keep both, "-" only in a, "+" only in b; "~" pairs one of each (approximate middle). */
type Op = "=" | "-" | "+" | "~";

/** The edit script turning a into b, prefix and suffix first, Myers in the middle. */
export function alignKeys(a: string[], b: string[]): { ops: Op[]; approximate: boolean } {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  let middle = myers(midA, midB, MAX_EDIT_DISTANCE);
  const approximate = middle === undefined;
  if (middle === undefined) {
    middle = [];
    for (let i = 0; i < Math.max(midA.length, midB.length); i++)
      middle.push(i >= midA.length ? "+" : i >= midB.length ? "-" : midA[i] === midB[i] ? "=" : "~");
  }
  const ops: Op[] = [...Array<Op>(prefix).fill("="), ...middle, ...Array<Op>(suffix).fill("=")];
  return { ops, approximate };
}

/**
 * Myers' O((N+M)D) shortest edit script (E. Myers, "An O(ND) Difference Algorithm", 1986),
 * keeping each round's furthest-reaching paths to walk back. undefined if D > maxD.
 */
function myers(a: string[], b: string[], maxD: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(maxD, n + m); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, d);
    }
  }
  return undefined;
}

/** Walk the saved rounds back from (n, m) to (0, 0), emitting the edit script. */
function backtrack(trace: Int32Array[], n: number, m: number, last: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = last; d >= 0; d--) {
    const saved = trace[d];
    const at = (k: number) => saved[k + d + 1]; // saved covers k = -d-1 .. d+1
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1)); // came from k+1: an insertion
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push("=");
      x--;
      y--;
    }
    if (d > 0) {
      ops.push(down ? "+" : "-");
      x = prevX;
      y = prevY;
    }
  }
  return ops.reverse();
}

/** Turn an edit script into rows, pairing each run of deletions with the insertions after it. */
function rowsFromEdits(ops: Op[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let ia = 0;
  let ib = 0;
  let i = 0;
  while (i < ops.length) {
    const op = ops[i];
    if (op === "=") {
      rows.push({ a: ia++, b: ib++, status: "same" });
      i++;
    } else if (op === "~") {
      rows.push({ a: ia++, b: ib++, status: "changed" });
      i++;
    } else {
      let dels = 0;
      let ins = 0;
      while (i < ops.length && (ops[i] === "-" || ops[i] === "+")) {
        if (ops[i] === "-") dels++;
        else ins++;
        i++;
      }
      const paired = Math.min(dels, ins);
      for (let j = 0; j < paired; j++) rows.push({ a: ia++, b: ib++, status: "changed" });
      for (let j = paired; j < dels; j++) rows.push({ a: ia++, status: "only_a" });
      for (let j = paired; j < ins; j++) rows.push({ b: ib++, status: "only_b" });
    }
  }
  return rows;
}
