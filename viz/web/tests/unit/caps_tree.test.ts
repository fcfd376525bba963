import { describe, expect, it } from "vitest";
import { buildCapHistory, capsReport, changedSlots, rightsLetters, treeAt } from "../../src/views/caps_tree";
import { cap, emptySnapshot, fakeModel, fakeSchema, fakeTable, task } from "./fake_model";

// CAP_OP: 0 boot 3 copy 4 mint 5 transfer; CAP_REMOVE: 0 delete 1 revoke.
const records: [string, number[]][] = [
  ["cap_install", [1, 0, 50, 15]], // 0: task 1 slot 0, endpoint 50, RWCG
  ["cap_source", [0, 0, 0, 0]], //    1: boot
  ["cap_install", [1, 1, 50, 9]], //  2: task 1 slot 1, copy of 1:0
  ["cap_source", [3, 0, 1, 0]], //    3
  ["cap_install", [2, 4, 50, 1]], //  4: task 2 slot 4, mint of 1:1, badge 7
  ["cap_source", [4, 7, 1, 1]], //    5
  ["cap_revoke", [1, 0, 2, 0]], //    6: revoke 1:0's children
  ["cap_remove", [2, 4, 50, 1]], //   7: 2:4 by revoke
  ["cap_remove", [1, 1, 50, 1]], //   8: 1:1 by revoke
  ["cap_install", [3, 2, 50, 15]], // 9: transfer from 1:0 into 3:2
  ["cap_remove", [1, 0, 50, 0]], //  10: 1:0 deleted before the source record
  ["cap_source", [5, 0, 1, 0]], //   11: its source names the slot just emptied
];

describe("buildCapHistory", () => {
  const history = buildCapHistory(fakeTable(records));

  it("links each capability to the one it came from", () => {
    expect(history.roots).toEqual([0]);
    expect(history.nodes.get(0)!.children).toEqual([2, 9]);
    expect(history.nodes.get(2)!.children).toEqual([4]);
    const minted = history.nodes.get(4)!;
    expect(minted).toMatchObject({ task: 2, slot: 4, op: "mint", badge: 7, parent: 2, sourceAt: 5 });
  });

  it("records who removed what, and the revoke behind it", () => {
    expect(history.nodes.get(4)).toMatchObject({ removedAt: 7, removedWhy: "revoke", revokedBy: 6 });
    expect(history.nodes.get(0)).toMatchObject({ removedAt: 10, removedWhy: "delete", revokes: [6] });
    expect(history.nodes.get(9)).toMatchObject({ op: "transfer", parent: 0 });
  });

  it("gives the tree at a cursor, removed capabilities marked", () => {
    const at5 = treeAt(history, 5).items.map((i) => [i.node.id, i.depth, i.status]);
    expect(at5).toEqual([
      [0, 0, "live"],
      [2, 1, "live"],
      [4, 2, "live"],
    ]);
    const at8 = treeAt(history, 8).items;
    expect(at8.map((i) => i.status)).toEqual(["live", "removed", "removed"]);
    expect(at8.find((i) => i.node.id === 2)!.changedNow).toBe(true); // removed by record 8
    expect(treeAt(history, -1).items).toEqual([]);
  });

  it("filters whole trees and caps the count", () => {
    expect(treeAt(history, 11, (n) => n.task === 3).items.map((i) => i.node.id)).toEqual([0, 2, 4, 9]);
    expect(treeAt(history, 11, (n) => n.task === 99).items).toEqual([]);
    const capped = treeAt(history, 11, undefined, 2);
    expect(capped.items).toHaveLength(2);
    expect(capped.more).toBe(2);
  });

  it("replaces a capability installed over, and drops a destroyed task's", () => {
    const h = buildCapHistory(
      fakeTable([
        ["cap_install", [1, 0, 50, 15]], // 0
        ["cap_source", [1, 0, 0, 0]], //    1
        ["cap_install", [1, 0, 51, 15]], // 2: over 1:0
        ["cap_install", [2, 0, 52, 15]], // 3: no cap_source: op stays "?"
        ["task_destroy", [2, 0, 0, 0]], //  4
        ["cap_source", [3, 0, 1, 0]], //    5: belongs to nothing (install 3 is gone)
      ]),
    );
    expect(h.nodes.get(0)).toMatchObject({ removedAt: 2, removedWhy: "replaced" });
    expect(h.nodes.get(3)).toMatchObject({ removedAt: 4, removedWhy: "task_destroyed", op: "?" });
    expect(h.nodes.get(3)!.sourceAt).toBeUndefined();
    expect(h.nodes.get(2)!.removedAt).toBeUndefined();
  });

  it("is empty for a trace without capability records", () => {
    expect(buildCapHistory(fakeTable([["ipc_send", [1, 2, 3, 4]]])).roots).toEqual([]);
  });
});

describe("rightsLetters", () => {
  const schema = fakeSchema();
  it("spells rights in bit order from the schema's constants", () => {
    expect(rightsLetters(schema, 15)).toBe("RWCG");
    expect(rightsLetters(schema, 9)).toBe("R--G");
    expect(rightsLetters(schema, 0)).toBe("----");
    expect(rightsLetters(schema, 0x21)).toBe("R---+0x20");
  });
  it("falls back to hex without the constants", () => {
    expect(rightsLetters({ ...schema, constants: {} }, 5)).toBe("0x5");
  });
});

describe("capsReport and changedSlots", () => {
  it("writes slots in the kernel report's format and finds what changed", () => {
    const before = emptySnapshot(3);
    before.caps.set(1, new Map([[0, cap(0, 1, 0, 50)]]));
    const after = emptySnapshot(4);
    after.caps.set(1, new Map([[2, cap(4, 1, 2, 51, { objectType: "notification", rights: 1, badge: 3 })]]));
    const model = fakeModel({ tasks: [task(1, "init")] });
    expect(capsReport(model, after)).toEqual({
      "1": { name: "init", caps: { "2": { object: 51, type: "notification", rights: 1, badge: 3 } } },
    });
    expect(changedSlots(before, after)).toEqual([
      { task: 1, slot: 2, what: "made" },
      { task: 1, slot: 0, what: "removed" },
    ]);
  });
});
