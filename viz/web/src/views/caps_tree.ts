/**
 * The logic of the capability view, kept apart from its drawing: the derivation history of
 * every capability in a trace (which record made it, from which capability, and when and why
 * it went), the derivation tree at a cursor, rights as letters, and the slots per task at a
 * cursor in the kernel report's format (so browser tests compare it with the kernel's own).
 *
 * The model's snapshot (stateAt) gives the live capabilities; the tree also shows the ones
 * deleted or revoked before the cursor, so it reads the cap_* records itself, once:
 *
 *     cap_install  task slot object rights     a capability appears (its id: this record)
 *     cap_source   op_name badge from_task from_slot   how it was made (right after install)
 *     cap_revoke   task slot removed           before the cap_remove records it causes
 *     cap_remove   task slot object remove_name   it goes (delete, revoke, task_destroyed, used)
 */
import type { Model, Snapshot } from "../model/types";
import type { Schema, TraceTable } from "../trace/types";
import { eventId, fieldIndex } from "./parts";

/** One capability over its whole life in the trace. */
export interface CapNode {
  /** Its identity: the cap_install record's index (CapEntry.id in the model). */
  id: number;
  task: number;
  slot: number;
  object: number;
  rights: number;
  badge: number;
  /** CAP_OP name: "create", "copy", "mint", "transfer", ... ("?" without a cap_source). */
  op: string;
  /** The capability it was derived from (its id), if the trace names one. */
  parent?: number;
  madeAt: number;
  /** The cap_source record, when there is one. */
  sourceAt?: number;
  removedAt?: number;
  /** CAP_REMOVE name ("delete", "revoke", "task_destroyed", "used"), or "replaced" (an install over it). */
  removedWhy?: string;
  /** The cap_revoke record that removed it (when it went by revoke). */
  revokedBy?: number;
  /** cap_revoke records issued on this capability itself (it stays; its children go). */
  revokes: number[];
  children: number[];
}

export interface CapHistory {
  nodes: Map<number, CapNode>;
  /** Nodes without a parent, in the order they were made. */
  roots: number[];
}

/**
 * Read every cap_* (and task_destroy) record of the table into a history, in one pass, by
 * the rules the model's state follows (src/model/state.ts), so the two always agree: an
 * install into a held slot replaces its capability; a cap_source describes the capability
 * installed last, if it is still there; its source is the capability in from_task's
 * from_slot, or the one just removed from there (a transfer may empty the source first); a
 * destroyed task loses every capability it still holds.
 */
export function buildCapHistory(table: TraceTable): CapHistory {
  const nodes = new Map<number, CapNode>();
  const roots: number[] = [];
  const install = eventId(table, "cap_install");
  const source = eventId(table, "cap_source");
  const remove = eventId(table, "cap_remove");
  const revoke = eventId(table, "cap_revoke");
  const taskDestroy = eventId(table, "task_destroy");
  if (install === undefined) return { nodes, roots };
  const f = (event: number | undefined, name: string) => (event === undefined ? -1 : fieldIndex(table, event, name));
  const I = { task: f(install, "task"), slot: f(install, "slot"), object: f(install, "object"), rights: f(install, "rights") };
  const S = { op: f(source, "op_name"), badge: f(source, "badge"), fromTask: f(source, "from_task"), fromSlot: f(source, "from_slot") };
  const R = { task: f(remove, "task"), slot: f(remove, "slot"), why: Math.max(f(remove, "remove_name"), f(remove, "why_name")) };
  const V = { task: f(revoke, "task"), slot: f(revoke, "slot") };
  const D = { task: f(taskDestroy, "task") };
  const arg = (row: number, at: number) => (at < 0 ? 0 : table.args[4 * row + at]);
  const key = (task: number, slot: number) => `${task}:${slot}`;
  const live = new Map<string, number>();
  let pending: CapNode | undefined;
  let lastRemoved: CapNode | undefined;
  let lastRevoke: number | undefined;
  const drop = (node: CapNode, at: number, why: string) => {
    node.removedAt = at;
    node.removedWhy = why;
    if (why === "revoke" && lastRevoke !== undefined) node.revokedBy = lastRevoke;
    live.delete(key(node.task, node.slot));
    lastRemoved = node;
    if (pending === node) pending = undefined;
  };
  for (let i = 0; i < table.count; i++) {
    const type = table.type[i];
    if (type === install) {
      const node: CapNode = {
        id: i,
        task: arg(i, I.task),
        slot: arg(i, I.slot),
        object: arg(i, I.object),
        rights: arg(i, I.rights),
        badge: 0,
        op: "?",
        madeAt: i,
        revokes: [],
        children: [],
      };
      const old = live.get(key(node.task, node.slot));
      if (old !== undefined) drop(nodes.get(old)!, i, "replaced");
      nodes.set(i, node);
      live.set(key(node.task, node.slot), i);
      pending = node;
      roots.push(i); // until a cap_source names its parent
    } else if (type === source) {
      const node = pending;
      pending = undefined;
      if (!node) continue;
      node.sourceAt = i;
      node.op = tableName(table.schema, "CAP_OP", arg(i, S.op));
      node.badge = arg(i, S.badge);
      const fromTask = arg(i, S.fromTask);
      const fromSlot = arg(i, S.fromSlot);
      if (fromTask === 0) continue;
      let parent = live.get(key(fromTask, fromSlot));
      if (parent === undefined && lastRemoved && lastRemoved.task === fromTask && lastRemoved.slot === fromSlot) parent = lastRemoved.id;
      if (parent !== undefined && parent !== node.id) {
        node.parent = parent;
        nodes.get(parent)!.children.push(node.id);
        roots.splice(roots.lastIndexOf(node.id), 1);
      }
    } else if (type === revoke) {
      lastRevoke = i;
      const id = live.get(key(arg(i, V.task), arg(i, V.slot)));
      if (id !== undefined) nodes.get(id)!.revokes.push(i);
    } else if (type === remove) {
      const id = live.get(key(arg(i, R.task), arg(i, R.slot)));
      if (id !== undefined) drop(nodes.get(id)!, i, tableName(table.schema, "CAP_REMOVE", arg(i, R.why)));
    } else if (type === taskDestroy) {
      const task = arg(i, D.task);
      for (const [k, id] of [...live]) if (k.startsWith(`${task}:`)) drop(nodes.get(id)!, i, "task_destroyed");
    }
  }
  return { nodes, roots };
}

/** A names table entry ("#n" when the table or the entry is missing). */
export function tableName(schema: Schema, table: string, value: number): string {
  return schema.tables[table]?.[String(value)] ?? `#${value}`;
}

/** One node of the tree drawn at a cursor. */
export interface TreeItem {
  node: CapNode;
  depth: number;
  /** "live" at the cursor, or "removed" (before or at the cursor). */
  status: "live" | "removed";
  /** Made, removed or revoked by the record at the cursor (or its cap_source). */
  changedNow: boolean;
}

/**
 * The derivation forest as it stands just after record `cursor`, depth first, in the order
 * things were made: capabilities made so far, removed ones marked. `keep` filters whole
 * trees (a tree is kept when any of its nodes passes); `limit` caps the items returned.
 */
export function treeAt(
  history: CapHistory,
  cursor: number,
  keep: (node: CapNode) => boolean = () => true,
  limit = Infinity,
): { items: TreeItem[]; more: number } {
  const items: TreeItem[] = [];
  let more = 0;
  const anyKept = (id: number): boolean => {
    const node = history.nodes.get(id)!;
    if (node.madeAt > cursor) return false;
    return keep(node) || node.children.some(anyKept);
  };
  const walk = (id: number, depth: number) => {
    const node = history.nodes.get(id)!;
    if (node.madeAt > cursor) return;
    if (items.length >= limit) {
      more++;
    } else {
      const removed = node.removedAt !== undefined && node.removedAt <= cursor;
      const changedNow =
        node.madeAt === cursor || node.sourceAt === cursor || node.removedAt === cursor || node.revokes.includes(cursor);
      items.push({ node, depth, status: removed ? "removed" : "live", changedNow });
    }
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of history.roots) if (anyKept(root)) walk(root, 0);
  return { items, more };
}

/** Rights as letters in bit order, "-" for a right not held: RIGHT_READ|RIGHT_GRANT -> "R--G". */
export function rightsLetters(schema: Schema, rights: number): string {
  const table = Object.entries(schema.constants.rights ?? {})
    .map(([name, v]) => [name.replace(/^RIGHT_/, ""), Number(v)] as const)
    .filter(([, v]) => Number.isInteger(v) && v > 0 && (v & (v - 1)) === 0)
    .sort((x, y) => x[1] - y[1]);
  if (table.length === 0) return `0x${rights.toString(16)}`;
  let letters = table.map(([name, bit]) => (rights & bit ? name[0].toUpperCase() : "-")).join("");
  const known = table.reduce((m, [, bit]) => m | bit, 0);
  if (rights & ~known) letters += `+0x${(rights & ~known).toString(16)}`;
  return letters;
}

/** The slots per task at a snapshot, as the kernel report has them (orrery-kernel-report). */
export interface DrawnCaps {
  [task: string]: { name: string; caps: { [slot: string]: { object: number; type: string; rights: number; badge: number } } };
}

export function capsReport(model: Model, snapshot: Snapshot): DrawnCaps {
  const out: DrawnCaps = {};
  for (const task of [...snapshot.caps.keys()].sort((a, b) => a - b)) {
    const slots = snapshot.caps.get(task)!;
    const caps: DrawnCaps[string]["caps"] = {};
    for (const slot of [...slots.keys()].sort((a, b) => a - b)) {
      const c = slots.get(slot)!;
      caps[String(slot)] = { object: c.object, type: c.objectType, rights: c.rights, badge: c.badge };
    }
    out[String(task)] = { name: model.tasks.get(task)?.name ?? "", caps };
  }
  return out;
}

/** Slots whose capability differs between two snapshots (made, removed or replaced). */
export function changedSlots(before: Snapshot, after: Snapshot): { task: number; slot: number; what: "made" | "removed" }[] {
  const out: { task: number; slot: number; what: "made" | "removed" }[] = [];
  const tasks = new Set([...before.caps.keys(), ...after.caps.keys()]);
  for (const task of tasks) {
    const b = before.caps.get(task) ?? new Map();
    const a = after.caps.get(task) ?? new Map();
    for (const [slot, entry] of a) if (b.get(slot)?.id !== entry.id) out.push({ task, slot, what: "made" });
    for (const [slot, entry] of b) if (a.get(slot)?.id !== entry.id) out.push({ task, slot, what: "removed" });
  }
  return out;
}
