/**
 * The kernel state the trace rebuilds record by record: every task's capability space (with
 * the derivation forest), every task's mappings, every frame's use. apply(row) moves it over
 * one record; clone() copies it for a checkpoint (checkpoints.ts), cheaply: the entries
 * (CapEntry, Mapping, FrameUse) are never changed once made, only replaced, and the children
 * lists are copied on write, so a clone copies maps, never entries.
 *
 * Capabilities: cap_install puts an entry in a slot (replacing whatever was there); the
 * cap_source record right after it says how it was made (op, badge) and from which
 * capability (from_task, from_slot; from_task 0: none), which becomes its parent. A source
 * just removed from that slot (a move) still counts. cap_remove empties a slot; the removed
 * capability's children stay, as roots of the live forest (Snapshot.children holds live
 * capabilities only). cap_revoke only announces the cap_remove records that follow it.
 * task_destroy drops whatever the task still held. Mappings: page_map / page_unmap, keyed by
 * page (vaddr rounded down). Frames: frame_alloc / frame_free; a destroyed task's frames
 * pass to its parent (the kernel moves the charges, object.h).
 */
import type { TraceTable } from "../trace/types";
import { nameOf, type Events } from "./events";
import type { SpanList } from "./span_list";
import type { CapEntry, FrameUse, Mapping, Snapshot, ThreadState } from "./types";

/** Bytes of a page (x86 small pages; the trace's vaddr may point inside one). */
export const PAGE_SIZE = 4096;
const PAGE_MASK = ~(PAGE_SIZE - 1);

/** What apply() needs from the model besides the record. */
export interface StateContext {
  table: TraceTable;
  ev: Events;
  /** The type of object `id` ("endpoint"...), "unknown" if no record said. */
  objectType(id: number): string;
  /** The records that made the mapping of page_map record `row` (mapping chain), [] if none. */
  chainOf(row: number): number[];
  /** The parent of task `task` (task_create), 0 if none or unknown. */
  parentOf(task: number): number;
}

export class KernelState {
  index = -1;
  caps = new Map<number, Map<number, CapEntry>>();
  mappings = new Map<number, Map<number, Mapping>>();
  frames = new Map<number, FrameUse>();
  children = new Map<number, number[]>();
  /** Live capabilities by id. */
  live = new Map<number, CapEntry>();
  /** The capability cap_source describes (the last one installed), and the last one removed. */
  private installed: CapEntry | undefined;
  private removed: CapEntry | undefined;

  constructor(private readonly context: StateContext) {}

  /** Entries held: what a clone costs. */
  size(): number {
    return this.live.size + this.frames.size + this.mappingCount() + this.children.size;
  }

  private mappingCount(): number {
    let n = 0;
    for (const m of this.mappings.values()) n += m.size;
    return n;
  }

  clone(): KernelState {
    const copy = new KernelState(this.context);
    copy.index = this.index;
    for (const [task, slots] of this.caps) copy.caps.set(task, new Map(slots));
    for (const [task, pages] of this.mappings) copy.mappings.set(task, new Map(pages));
    copy.frames = new Map(this.frames);
    copy.children = new Map(this.children);
    copy.live = new Map(this.live);
    copy.installed = this.installed;
    copy.removed = this.removed;
    return copy;
  }

  /** A snapshot for callers: its own maps, so later applies never change it. */
  snapshot(threads: Map<number, { state: ThreadState; on?: number }>): Snapshot {
    const caps = new Map<number, Map<number, CapEntry>>();
    for (const [task, slots] of this.caps) if (slots.size) caps.set(task, new Map(slots));
    const mappings = new Map<number, Map<number, Mapping>>();
    for (const [task, pages] of this.mappings) if (pages.size) mappings.set(task, new Map(pages));
    return { index: this.index, threads, caps, mappings, frames: new Map(this.frames), children: new Map(this.children) };
  }

  /** Move the state over record `row` (which must be this.index + 1). */
  apply(row: number): void {
    this.index = row;
    const { table, ev } = this.context;
    const type = table.type[row];
    const a = row * 4;
    const args = table.args;
    if (type === ev.cap_install.id) {
      const task = args[a + ev.cap_install.task];
      const slot = args[a + ev.cap_install.slot];
      const object = args[a + ev.cap_install.object];
      const old = this.caps.get(task)?.get(slot);
      if (old) this.remove(old);
      const entry: CapEntry = {
        id: row, task, slot, object, objectType: this.context.objectType(object),
        rights: args[a + ev.cap_install.rights], badge: 0, op: "", madeAt: row,
      };
      this.put(entry);
      this.installed = entry;
    } else if (type === ev.cap_source.id) {
      const entry = this.installed;
      this.installed = undefined;
      if (!entry || this.live.get(entry.id) !== entry) return;
      const fromTask = args[a + ev.cap_source.from_task];
      const fromSlot = args[a + ev.cap_source.from_slot];
      const updated: CapEntry = { ...entry, op: nameOf(ev, type, ev.cap_source.op_name, args[a + ev.cap_source.op_name]), badge: args[a + ev.cap_source.badge] };
      if (fromTask !== 0) {
        let source = this.caps.get(fromTask)?.get(fromSlot);
        const gone = this.removed;
        if (!source && gone && gone.task === fromTask && gone.slot === fromSlot) source = gone;
        if (source && source.id !== entry.id) updated.parent = source.id;
      }
      this.put(updated);
      if (updated.parent !== undefined && this.live.has(updated.parent)) {
        this.children.set(updated.parent, [...(this.children.get(updated.parent) ?? []), updated.id]);
      }
    } else if (type === ev.cap_remove.id) {
      const entry = this.caps.get(args[a + ev.cap_remove.task])?.get(args[a + ev.cap_remove.slot]);
      if (entry) this.remove(entry);
    } else if (type === ev.page_map.id) {
      const task = args[a + ev.page_map.task];
      const vaddr = (args[a + ev.page_map.vaddr] & PAGE_MASK) >>> 0;
      let pages = this.mappings.get(task);
      if (!pages) this.mappings.set(task, (pages = new Map()));
      pages.set(vaddr, {
        task, vaddr, paddr: args[a + ev.page_map.paddr], writable: args[a + ev.page_map.writable] !== 0,
        madeAt: row, chain: this.context.chainOf(row),
      });
    } else if (type === ev.page_unmap.id) {
      this.mappings.get(args[a + ev.page_unmap.task])?.delete((args[a + ev.page_unmap.vaddr] & PAGE_MASK) >>> 0);
    } else if (type === ev.frame_alloc.id) {
      const paddr = args[a + ev.frame_alloc.paddr];
      let use = "unknown";
      if (ev.frame_alloc.use_name >= 0) {
        use = nameOf(ev, type, ev.frame_alloc.use_name, args[a + ev.frame_alloc.use_name]);
      }
      const task = ev.frame_alloc.task >= 0 ? args[a + ev.frame_alloc.task] : 0;
      this.frames.set(paddr, { paddr, use, task, since: row });
    } else if (type === ev.frame_free.id) {
      this.frames.delete(args[a + ev.frame_free.paddr]);
    } else if (type === ev.task_destroy.id) {
      const task = args[a + ev.task_destroy.task];
      for (const entry of [...(this.caps.get(task)?.values() ?? [])]) this.remove(entry);
      this.caps.delete(task);
      this.mappings.delete(task);
      // The frames still charged to it pass to its parent, as the kernel moves the charges.
      const parent = this.context.parentOf(task);
      for (const [paddr, frame] of this.frames) {
        if (frame.task === task) this.frames.set(paddr, { ...frame, task: parent });
      }
    }
  }

  private put(entry: CapEntry): void {
    let slots = this.caps.get(entry.task);
    if (!slots) this.caps.set(entry.task, (slots = new Map()));
    slots.set(entry.slot, entry);
    this.live.set(entry.id, entry);
  }

  private remove(entry: CapEntry): void {
    this.caps.get(entry.task)?.delete(entry.slot);
    this.live.delete(entry.id);
    this.children.delete(entry.id);
    if (entry.parent !== undefined) {
      const siblings = this.children.get(entry.parent);
      if (siblings) {
        const rest = siblings.filter((id) => id !== entry.id);
        if (rest.length) this.children.set(entry.parent, rest);
        else this.children.delete(entry.parent);
      }
    }
    this.removed = entry;
    if (this.installed === entry) this.installed = undefined;
  }
}

/** Thread states for a snapshot at `index`, from the spans (the one place states are decided). */
export function threadStatesAt(spans: Map<number, SpanList>, index: number): Map<number, { state: ThreadState; on?: number }> {
  const out = new Map<number, { state: ThreadState; on?: number }>();
  for (const [thread, list] of spans) {
    const i = list.indexAt(index);
    if (i < 0) continue;
    const on = list.onOf(i);
    out.set(thread, on === undefined ? { state: list.stateOf(i) } : { state: list.stateOf(i), on });
  }
  return out;
}
