import { describe, expect, it } from "vitest";
import { alignKeys, diffRuns, diffSteps, ipcSteps, threadNames, type IpcStep } from "../../src/model/diff";
import { fakeModel, message, task, thread } from "./fake_model";

/** ipc_pingpong-like run: ping calls pong n times; ids start at `base` (ids differ by run). */
function pingpong(base: number, labels: number[]) {
  const ping = base + 1;
  const pong = base + 2;
  const messages = labels.flatMap((label, i) => [
    message(2 * i, "call", ping, pong, label, 10 * i),
    message(2 * i + 1, "reply", pong, ping, 0, 10 * i + 5),
  ]);
  return fakeModel({
    tasks: [task(base + 10, "pingpong")],
    threads: [thread(ping, base + 10, "ping", 1), thread(pong, base + 10, "pong", 2)],
    messages,
  });
}

function steps(keys: string[]): IpcStep[] {
  return keys.map((key, i) => ({ index: i, msg: i, kind: "send", from: "", to: "", label: 0, badge: 0, words: [], key }));
}

describe("threadNames", () => {
  it("names threads task/thread and numbers repeats in creation order", () => {
    const model = fakeModel({
      tasks: [task(1, "clients"), task(2, "server")],
      threads: [thread(7, 1, "client", 30), thread(5, 1, "client", 20), thread(9, 2, "main", 10)],
    });
    const names = threadNames(model);
    expect(names.get(5)).toBe("clients/client");
    expect(names.get(7)).toBe("clients/client#2");
    expect(names.get(9)).toBe("server/main");
  });
});

describe("diffRuns", () => {
  it("finds no divergence between equal runs whose ids differ", () => {
    const d = diffRuns(pingpong(0, [1, 2, 3]), pingpong(100, [1, 2, 3]));
    expect(d.firstDivergence).toBeUndefined();
    expect(d.rows.every((r) => r.status === "same")).toBe(true);
    expect(d.rows).toHaveLength(6);
  });

  it("names the first message that differs, and resynchronises after it", () => {
    const d = diffRuns(pingpong(0, [1, 2, 3, 4]), pingpong(50, [1, 9, 3, 4]));
    expect(d.firstDivergence).toBe(2);
    const row = d.rows[2];
    expect(row.status).toBe("changed");
    expect(d.a[row.a!].label).toBe(2);
    expect(d.b[row.b!].label).toBe(9);
    expect(d.rows.slice(3).every((r) => r.status === "same")).toBe(true);
  });

  it("shows a message only one run sent as only_a / only_b", () => {
    const d = diffRuns(pingpong(0, [1, 2, 3]), pingpong(0, [1, 3]));
    expect(d.firstDivergence).toBe(2);
    expect(d.rows.filter((r) => r.status === "only_a")).toHaveLength(2); // the call and its reply
    expect(d.rows.filter((r) => r.status === "same")).toHaveLength(4);
  });

  it("compares receivers: a reply to the wrong thread diverges", () => {
    const a = pingpong(0, [1]);
    const b = pingpong(0, [1]);
    b.messages[1] = { ...b.messages[1], to: 2 }; // pong replies to itself
    const d = diffRuns(a, b);
    expect(d.firstDivergence).toBe(1);
    expect(d.b[d.rows[1].b!].to).toBe("pingpong/pong");
  });

  it("keys a step by kind, names and label", () => {
    const [first] = ipcSteps(pingpong(0, [7]));
    expect(first.key).toBe("call pingpong/ping -> pingpong/pong label 7");
  });
});

describe("alignKeys", () => {
  it("gives a shortest edit script", () => {
    const { ops, approximate } = alignKeys(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"]);
    expect(approximate).toBe(false);
    // Myers' paper example: the edit distance is 5.
    expect(ops.filter((o) => o !== "=").length).toBe(5);
    expect(ops.filter((o) => o === "=").length).toBe(4);
  });

  it("replays to b: keeping and inserting gives b, keeping and deleting gives a", () => {
    const a = "the quick brown fox jumps over the lazy dog".split(" ");
    const b = "the quick red fox leaps over a lazy dog today".split(" ");
    const { ops } = alignKeys(a, b);
    let ia = 0;
    let ib = 0;
    const fromA: string[] = [];
    const fromB: string[] = [];
    for (const op of ops) {
      if (op === "=") {
        expect(a[ia]).toBe(b[ib]);
        fromA.push(a[ia++]);
        fromB.push(b[ib++]);
      } else if (op === "-") fromA.push(a[ia++]);
      else fromB.push(b[ib++]);
    }
    expect(fromA).toEqual(a);
    expect(fromB).toEqual(b);
  });

  it("handles empty runs", () => {
    expect(diffSteps(steps([]), steps([])).firstDivergence).toBeUndefined();
    const d = diffSteps(steps(["x"]), steps([]));
    expect(d.firstDivergence).toBe(0);
    expect(d.rows).toEqual([{ a: 0, status: "only_a" }]);
  });

  it("falls back to row-by-row pairing past MAX_EDIT_DISTANCE, keeping the first divergence exact", () => {
    const a = Array.from({ length: 6000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 6000 }, (_, i) => (i < 10 ? `a${i}` : `b${i}`));
    const d = diffSteps(steps(a), steps(b));
    expect(d.approximate).toBe(true);
    expect(d.firstDivergence).toBe(10);
    expect(d.rows).toHaveLength(6000);
  });
});
