import { describe, expect, it } from "vitest";
import { chainEnd, isBlocked, reasonWords, stateWords } from "../../src/views/blocked";
import type { WaitLink } from "../../src/model/types";

const link = (thread: number, state: WaitLink["state"], on?: number, onType?: string): WaitLink => ({
  thread,
  state,
  on,
  onType,
  reason: "",
  since: 0,
});

describe("chainEnd", () => {
  it("ends at the thread that can act", () => {
    const end = chainEnd(1, [link(1, "blocked_reply", 2, "thread"), link(2, "blocked_send", 30, "endpoint"), link(3, "ready")]);
    expect(end).toEqual({ kind: "acts", thread: 3, state: "ready" });
  });

  it("says so when the thread is not blocked", () => {
    expect(chainEnd(4, [link(4, "running")])).toEqual({ kind: "not_blocked", thread: 4, state: "running" });
    expect(chainEnd(4, [], "ready")).toEqual({ kind: "not_blocked", thread: 4, state: "ready" });
  });

  it("finds a cycle when a thread comes back", () => {
    const end = chainEnd(1, [link(1, "blocked_reply", 2), link(2, "blocked_reply", 3), link(3, "blocked_reply", 2), link(2, "blocked_reply", 3)]);
    expect(end).toEqual({ kind: "cycle", thread: 2, from: 1, shown: 3 });
  });

  it("finds a cycle when the last thread waits on one already in the chain", () => {
    const end = chainEnd(1, [link(1, "blocked_reply", 2, "thread"), link(2, "blocked_reply", 1, "thread")]);
    expect(end).toEqual({ kind: "cycle", thread: 1, from: 0, shown: 2 });
  });

  it("calls a chain stuck when its last wait has nobody to end it", () => {
    const end = chainEnd(1, [link(1, "blocked_recv", 40, "endpoint")]);
    expect(end).toEqual({ kind: "stuck", thread: 1, state: "blocked_recv" });
  });
});

describe("chainEnd with the model's marks", () => {
  const mark = (l: WaitLink, flags: object) => Object.assign(l, flags);
  it("ends where the model says a thread can act (a sleeper, an IRQ)", () => {
    const end = chainEnd(1, [link(1, "blocked_recv", 30), mark(link(2, "blocked_notify", 40), { canAct: true })]);
    expect(end).toEqual({ kind: "acts", thread: 2, state: "blocked_notify" });
  });
  it("starts a marked cycle at the first candidate already in the chain", () => {
    const end = chainEnd(1, [link(1, "blocked_send", 30), link(2, "blocked_reply", 3), mark(link(3, "blocked_send", 31), { cycle: true, candidates: [2, 1] })]);
    expect(end).toEqual({ kind: "cycle", thread: 1, from: 0, shown: 3 });
  });
  it("calls a dead end stuck", () => {
    expect(chainEnd(1, [link(1, "blocked_reply", 2), link(2, "dead")]).kind).toBe("stuck");
  });
  it("drops the model's leading thread name from a reason", () => {
    expect(reasonWords({ ...link(1, "blocked_send"), reason: "thread 12 waits for a receiver on endpoint 5" })).toBe("waits for a receiver on endpoint 5");
  });
});

describe("state words", () => {
  it("knows which states are blocked and words every state", () => {
    expect(isBlocked("blocked_notify")).toBe(true);
    expect(isBlocked("sleeping")).toBe(false);
    expect(stateWords("blocked_reply")).toBe("waits for a reply");
    expect(stateWords(undefined)).toMatch(/not known/);
  });
});
