import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/model";
import { TraceBuilder } from "./helpers/encode";
import { testSchema } from "./helpers/schema";

const schema = testSchema();

/** Tasks 1..4 with one thread each (thread = 10 * task); endpoints 50, 51; notification 60. */
function world() {
  const b = new TraceBuilder(schema);
  for (const task of [1, 2, 3, 4]) {
    b.rec("task_create", { task, parent: 0, quota: 0 });
    b.rec("thread_create", { thread: 10 * task, task, priority: 5 });
    b.rec("thread_state", { thread: 10 * task, state_name: "ready", object: 0 });
  }
  b.rec("object_create", { object: 50, type_name: "endpoint", task: 1 });
  b.rec("object_create", { object: 51, type_name: "endpoint", task: 2 });
  b.rec("object_create", { object: 60, type_name: "notification", task: 3 });
  const cap = (task: number, slot: number, object: number, rights: number) => {
    b.rec("cap_install", { task, slot, object, rights });
    b.rec("cap_source", { op_name: "create", badge: 0, from_task: 0, from_slot: 0 });
  };
  return { b, cap };
}

describe("whyBlocked", () => {
  it("follows a send to a receiver that waits on a reply, to the thread that can act", () => {
    const { b, cap } = world();
    cap(1, 4, 50, 2); // thread 10 may send on 50
    cap(2, 4, 50, 1); // thread 20 receives on 50 ...
    cap(2, 5, 51, 2); // ... and calls 51
    cap(3, 4, 51, 1); // thread 30 receives on 51
    b.rec("thread_state", { thread: 20, state_name: "blocked_reply", object: 30 });
    const since = b.rec("thread_state", { thread: 10, state_name: "blocked_send", object: 50 });
    const m = buildModel(b.table());
    const chain = m.whyBlocked(10, since);
    expect(chain.map((l) => [l.thread, l.state, l.on])).toEqual([
      [10, "blocked_send", 50],
      [20, "blocked_reply", 30],
      [30, "ready", undefined],
    ]);
    expect(chain[0]).toMatchObject({ onType: "endpoint", since, candidates: [20] });
    expect(chain[0].reason).toContain("endpoint 50");
    expect(chain[2].canAct).toBe(true);
    expect(chain.some((l) => l.cycle)).toBe(false);
  });

  it("reports a cycle (two threads calling each other)", () => {
    const { b, cap } = world();
    cap(1, 4, 50, 3);
    cap(2, 4, 51, 3);
    cap(1, 5, 51, 2);
    cap(2, 5, 50, 2);
    b.rec("thread_state", { thread: 10, state_name: "blocked_send", object: 51 });
    const at = b.rec("thread_state", { thread: 20, state_name: "blocked_send", object: 50 });
    const chain = buildModel(b.table()).whyBlocked(10, at);
    expect(chain.map((l) => l.thread)).toEqual([10, 20]);
    expect(chain[1].cycle).toBe(true);
    expect(chain[1].reason).toContain("cycle");
  });

  it("finds who could signal a notification, and stops at an IRQ or a dead end", () => {
    const { b, cap } = world();
    cap(3, 4, 60, 1);
    cap(4, 4, 60, 2); // thread 40 may signal
    const at = b.rec("thread_state", { thread: 30, state_name: "blocked_notify", object: 60 });
    let chain = buildModel(b.table()).whyBlocked(30, at);
    expect(chain.map((l) => [l.thread, l.state])).toEqual([[30, "blocked_notify"], [40, "ready"]]);
    b.rec("irq_delivered", { irq: 8, notification: 60, bits: 1 });
    const later = b.rec("thread_state", { thread: 30, state_name: "blocked_notify", object: 60 });
    chain = buildModel(b.table()).whyBlocked(30, later);
    expect(chain).toHaveLength(1);
    expect(chain[0].canAct).toBe(true);
    expect(chain[0].reason).toContain("IRQ 8");
    const alone = world();
    const at2 = alone.b.rec("thread_state", { thread: 10, state_name: "blocked_recv", object: 50 });
    chain = buildModel(alone.b.table()).whyBlocked(10, at2);
    expect(chain).toHaveLength(1);
    expect(chain[0].reason).toContain("no thread can end this wait");
  });

  it("follows a saved reply to the task that holds it", () => {
    const { b, cap } = world();
    b.rec("thread_state", { thread: 10, state_name: "blocked_reply", object: 20 });
    b.rec("reply_saved", { thread: 20, caller: 10, reply: 70 });
    b.rec("object_create", { object: 70, type_name: "reply", task: 2 });
    cap(4, 9, 70, 15); // handed to task 4
    const at = b.rec("thread_state", { thread: 20, state_name: "blocked_recv", object: 51 });
    const chain = buildModel(b.table()).whyBlocked(10, at);
    expect(chain.map((l) => l.thread)).toEqual([10, 40]);
  });

  it("answers for a running thread with one link that can act", () => {
    const { b } = world();
    const at = b.rec("context_switch", { from_thread: 0, to_thread: 10, reason: 1 });
    expect(buildModel(b.table()).whyBlocked(10, at)).toEqual([
      expect.objectContaining({ thread: 10, state: "running", canAct: true }),
    ]);
    expect(buildModel(b.table()).whyBlocked(999, at)).toEqual([]);
  });
});

describe("whyBlocked ranks who could act", () => {
  it("puts the thread that received on the endpoint before other holders", () => {
    const { b, cap } = world();
    cap(1, 4, 50, 15); // task 1 (thread 10) holds the endpoint with every right, first
    cap(2, 4, 50, 1); // the server, thread 20, receives on it
    cap(3, 4, 50, 2);
    b.rec("ipc_send", { thread: 30, endpoint: 50, msg: 1, tag: 0 });
    b.rec("ipc_recv", { thread: 20, from_thread: 30, msg: 1, badge: 0 });
    b.rec("thread_state", { thread: 10, state_name: "sleeping", object: 0 });
    b.rec("thread_state", { thread: 20, state_name: "sleeping", object: 0 });
    const at = b.rec("thread_state", { thread: 30, state_name: "blocked_send", object: 50 });
    const chain = buildModel(b.table()).whyBlocked(30, at);
    expect(chain[0].candidates).toEqual([20, 10]);
    expect(chain.map((l) => l.thread)).toEqual([30, 20]);
  });
});
