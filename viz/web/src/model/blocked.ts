/**
 * "Why is this thread blocked?": the chain of waits behind a thread at a record.
 *
 * Each link is a thread and what it waits on; the next link is a thread that could end that
 * wait:
 *   blocked_send on endpoint E   -> a thread that could receive on E (its task holds a
 *                                   capability to E with RIGHT_READ)
 *   blocked_recv on endpoint E   -> a thread that could send on E (RIGHT_WRITE)
 *   blocked_reply                -> the thread that holds the caller's reply: the server
 *                                   that took the call, or, once the reply was saved
 *                                   (reply_saved), a thread of a task holding that reply
 *   blocked_notify on N          -> a thread that could signal N (RIGHT_WRITE); an IRQ
 *                                   delivered to N ends the chain (the hardware can act)
 *   suspended                    -> a thread that could resume it (RIGHT_CONTROL on it)
 * Among the candidates the first that can act (running or ready) is followed, else the first
 * not yet in the chain. The chain stops at a thread that can act (running, ready, sleeping:
 * the timer wakes it), at a dead thread, at a wait nobody can end, or at a cycle (every
 * candidate is already in the chain: a deadlock), which the last link reports.
 * Traces without capability records (older kernels) use the message history instead: who
 * received from, or sent to, the endpoint before.
 */
import { constantValue } from "../trace/schema";
import type { TraceModel } from "./build";
import type { Snapshot, ThreadState, WaitLink } from "./types";

const RIGHT_READ_DEFAULT = 1;
const RIGHT_WRITE_DEFAULT = 2;
const RIGHT_CONTROL_DEFAULT = 4;
/** Longest chain followed (a guard; a cycle stops a chain long before). */
const MAX_LINKS = 64;

const ACTIVE: ThreadState[] = ["running", "ready"];

export function whyBlocked(model: TraceModel, thread: number, index: number): WaitLink[] {
  const schema = model.table.schema;
  const right = (name: string, fallback: number) => constantValue(schema, "rights", name) ?? fallback;
  const READ = right("RIGHT_READ", RIGHT_READ_DEFAULT);
  const WRITE = right("RIGHT_WRITE", RIGHT_WRITE_DEFAULT);
  const CONTROL = right("RIGHT_CONTROL", RIGHT_CONTROL_DEFAULT);
  const snapshot = model.stateAt(index);
  const links: WaitLink[] = [];
  const seen = new Set<number>();
  let current: number | undefined = thread;
  while (current !== undefined && links.length < MAX_LINKS) {
    const span = model.threadStateAt(current, index);
    if (!span) break;
    seen.add(current);
    const on = span.on;
    const link: WaitLink = { thread: current, state: span.state, reason: "", since: span.start };
    if (on !== undefined) {
      link.on = on;
      link.onType = span.state === "blocked_reply" ? "thread" : (model.objects.get(on)?.type ?? undefined);
      if (link.onType === undefined) delete link.onType;
    }
    links.push(link);
    let candidates: number[] = [];
    const name = `thread ${current}`;
    switch (span.state) {
      case "running":
        link.reason = `${name} is running: it can act`;
        link.canAct = true;
        break;
      case "ready":
        link.reason = `${name} is ready to run: it can act`;
        link.canAct = true;
        break;
      case "sleeping":
        link.reason = `${name} sleeps until a timer tick wakes it`;
        link.canAct = true;
        break;
      case "dead":
        link.reason = `${name} has exited: it will never act`;
        break;
      case "suspended":
        candidates = holders(model, snapshot, current, CONTROL, index, current);
        link.reason = `${name} is suspended until a thread holding its capability resumes it`;
        break;
      case "blocked_send":
        candidates = on === undefined ? [] : endpointPartners(model, snapshot, on, READ, index, current, "receivers");
        link.reason = `${name} waits for a receiver on ${on === undefined ? "an endpoint" : "endpoint " + on}`;
        break;
      case "blocked_recv":
        candidates = on === undefined ? pastSenders(model, current, index) : endpointPartners(model, snapshot, on, WRITE, index, current, "senders");
        link.reason = `${name} waits for a message on ${on === undefined ? "an endpoint" : "endpoint " + on}`;
        break;
      case "blocked_reply": {
        candidates = replyHolders(model, snapshot, current, on, span.start, index);
        link.reason = `${name} waits for the reply to its call` + (candidates.length ? ` (held by thread ${candidates.join(", ")})` : "");
        break;
      }
      case "blocked_notify": {
        const irqs = on === undefined ? undefined : model.irqsOf.get(on);
        link.reason = `${name} waits for a signal on ${on === undefined ? "a notification" : "notification " + on}`;
        if (irqs && irqs.size) {
          link.reason += `, which IRQ ${[...irqs].join(", ")} signals`;
          link.canAct = true;
          break;
        }
        candidates = on === undefined ? [] : holders(model, snapshot, on, WRITE, index, current);
        break;
      }
    }
    if (link.canAct || span.state === "running" || span.state === "ready" || span.state === "dead") break;
    if (candidates.length) link.candidates = candidates;
    const next = pickNext(model, candidates, seen, index);
    if (next === undefined) {
      if (candidates.length) {
        link.cycle = true;
        link.reason += `; every thread that could end it waits in this chain already (a cycle)`;
      } else {
        link.reason += `; no thread can end this wait`;
      }
      break;
    }
    current = next;
  }
  return links;
}

function pickNext(model: TraceModel, candidates: number[], seen: Set<number>, index: number): number | undefined {
  const fresh = candidates.filter((t) => !seen.has(t));
  const active = fresh.find((t) => ACTIVE.includes(model.threadStateAt(t, index)?.state as ThreadState));
  return active ?? fresh[0];
}

/** Threads alive at `index` in task `task`. */
function threadsOf(model: TraceModel, task: number, index: number): number[] {
  const out: number[] = [];
  for (const info of model.threads.values()) {
    if (info.task === task && info.createdAt <= index && (info.exitedAt === undefined || info.exitedAt > index)) out.push(info.id);
  }
  return out;
}

/** Threads (other than `self`) of tasks holding a capability to `object` with `rights`. */
function holders(model: TraceModel, snapshot: Snapshot, object: number, rights: number, index: number, self: number): number[] {
  const out: number[] = [];
  for (const [task, slots] of snapshot.caps) {
    let holds = false;
    for (const cap of slots.values()) if (cap.object === object && (cap.rights & rights) === rights) holds = true;
    if (holds) for (const t of threadsOf(model, task, index)) if (t !== self && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Who could partner with a thread waiting on an endpoint: capability holders, else the message history. */
function endpointPartners(model: TraceModel, snapshot: Snapshot, endpoint: number, rights: number, index: number, self: number, want: "receivers" | "senders"): number[] {
  const history = pastPartners(model, endpoint, index, self, want);
  if (!model.capEvents.length) return history;
  // Holders that used the endpoint so before come first: the likeliest to act on it.
  const able = holders(model, snapshot, endpoint, rights, index, self);
  return [...history.filter((t) => able.includes(t)), ...able.filter((t) => !history.includes(t))];
}

/** Threads that received from (or sent to) `endpoint` before `index`, the latest first. */
function pastPartners(model: TraceModel, endpoint: number, index: number, self: number, want: "receivers" | "senders"): number[] {
  const out: number[] = [];
  for (const m of model.messages) {
    if (m.sentAt > index) break;
    if (m.endpoint !== endpoint || m.kind === "notification") continue;
    const t = want === "senders" ? m.from : m.to;
    if (t === undefined || t === self) continue;
    const at = out.indexOf(t);
    if (at >= 0) out.splice(at, 1);
    out.unshift(t);
  }
  return out;
}

/** Who holds `caller`'s reply at `index`: a saved reply's holders, else the server it waits on. */
function replyHolders(model: TraceModel, snapshot: Snapshot, caller: number, server: number | undefined, since: number, index: number): number[] {
  let save;
  for (const s of model.replySaves) {
    if (s.index > index) break;
    if (s.caller === caller && s.index >= since - 1) save = s;
  }
  if (save) {
    const found = holders(model, snapshot, save.reply, 0, index, caller);
    return found.length ? found : [save.server];
  }
  if (server !== undefined) return [server];
  // Older traces: the thread that received the caller's last call.
  const call = [...model.messages].reverse().find((m) => m.from === caller && m.sentAt <= index && (m.kind === "call" || m.kind === "fault"));
  return call?.to !== undefined ? [call.to] : [];
}

/** Older traces, a receive on an unknown endpoint: the threads that sent to `self` before. */
function pastSenders(model: TraceModel, self: number, index: number): number[] {
  const out: number[] = [];
  for (const m of model.messages) {
    if (m.sentAt > index) break;
    if (m.to === self && m.kind !== "reply" && m.kind !== "notification" && !out.includes(m.from)) out.push(m.from);
  }
  return out;
}
