import { describe, expect, it } from "vitest";
import { clampIndex, indexAtTime } from "../../src/ui/context";
import { cursorForKey, formatInstructions } from "../../src/ui/cursor_bar";
import { explain, showNumber } from "../../src/ui/record_fields";
import { viewFromHash } from "../../src/ui/shell";
import { nearestRecord } from "../../src/views/timeline";
import { schema } from "../fixtures/pingpong";

describe("the shell's logic", () => {
  it("moves the cursor by key, within the trace", () => {
    expect(cursorForKey("ArrowRight", false, 3, 10)).toBe(4);
    expect(cursorForKey("ArrowRight", false, 9, 10)).toBe(9);
    expect(cursorForKey("ArrowLeft", false, -1, 10)).toBe(-1);
    expect(cursorForKey("ArrowLeft", true, 15, 100)).toBe(5);
    expect(cursorForKey("Home", false, 5, 10)).toBe(-1);
    expect(cursorForKey("End", false, 5, 10)).toBe(9);
    expect(cursorForKey("a", false, 5, 10)).toBeUndefined();
  });

  it("reads the view from the URL's hash", () => {
    expect(viewFromHash("#view=sequence")).toBe("sequence");
    expect(viewFromHash("#x=1&view=caps")).toBe("caps");
    expect(viewFromHash("")).toBeUndefined();
  });

  it("finds records by time", () => {
    const ts = new Float64Array([10, 20, 20, 30]);
    expect(indexAtTime(ts, 4, 5)).toBe(-1);
    expect(indexAtTime(ts, 4, 20)).toBe(2);
    expect(indexAtTime(ts, 4, 29)).toBe(2);
    expect(indexAtTime(ts, 4, 99)).toBe(3);
    expect(nearestRecord(ts, 4, 26)).toBe(3);
    expect(nearestRecord(ts, 4, 24)).toBe(2);
    expect(nearestRecord(ts, 4, 0)).toBe(0);
    expect(clampIndex(17, 4)).toBe(3);
    expect(clampIndex(-5, 4)).toBe(-1);
    expect(clampIndex(NaN, 4)).toBe(-1);
  });

  it("shows numbers and tags the way the kernel's source writes them", () => {
    expect(formatInstructions(1234567.4)).toBe("1,234,567");
    expect(showNumber("vaddr", 4096)).toBe("0x1000");
    expect(showNumber("slot", 12)).toBe("12");
    expect(explain(schema, "ipc_send", "tag", (7 << 16) | 0x80 | 2)).toBe("label 7, 2 words, a capability");
    expect(explain(schema, "ipc_send", "slot", 3)).toBeUndefined();
  });
});
