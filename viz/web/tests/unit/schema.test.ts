import { describe, expect, it } from "vitest";
import {
  argIndex, constantName, constants, constantValue, eventById, eventByName, eventId, fieldKey, fieldValue,
  namesTableFor, recordObject, recordText, tableName, tableValue, textOfWord,
} from "../../src/trace/schema";
import type { Schema } from "../../src/trace/types";
import { TraceBuilder } from "./helpers/encode";
import { kernelSchema } from "./helpers/schema";

const schema = kernelSchema();

describe("schema lookups", () => {
  it("finds events by id and name", () => {
    const id = eventId(schema, "ipc_send");
    expect(id).toBeGreaterThan(0);
    expect(eventById(schema, id)).toEqual({ id, name: "ipc_send", fields: ["thread", "endpoint", "msg", "tag"] });
    expect(eventByName(schema, "ipc_send")!.id).toBe(id);
    expect(eventId(schema, "no_such_event")).toBe(-1);
    expect(eventById(schema, 65535)).toBeUndefined();
  });

  it("gives a field's argument index by raw name or by shown key", () => {
    expect(argIndex(schema, "ipc_recv", "badge")).toBe(3);
    expect(argIndex(schema, "boot_phase", "phase_name")).toBe(0);
    expect(argIndex(schema, "boot_phase", "phase")).toBe(0);
    expect(argIndex(schema, "thread_name", "name_text")).toBe(1);
    expect(argIndex(schema, "ipc_recv", "nothing")).toBe(-1);
    expect(argIndex(schema, "no_such_event", "thread")).toBe(-1);
  });

  it("names fields and tables as the Python decoder does", () => {
    expect(fieldKey("phase_name")).toBe("phase");
    expect(fieldKey("type")).toBe("arg_type");
    expect(fieldKey("line")).toBe("arg_line");
    expect(fieldKey("mem_type")).toBe("mem_type");
    expect(namesTableFor(schema, "phase_name")).toBe("BOOT_PHASE");
    expect(namesTableFor(schema, "state_name")).toBe("THREAD_STATE");
    expect(() => namesTableFor(schema, "nothing_name")).toThrow(/exactly one names table/);
    const twice: Schema = { ...schema, tables: { A_STATE: {}, B_STATE: {} } };
    expect(() => namesTableFor(twice, "state_name")).toThrow(/A_STATE, B_STATE/);
    expect(tableName(schema, "BOOT_PHASE", 0)).toBe("entered_kmain");
    expect(tableName(schema, "BOOT_PHASE", 999)).toBeUndefined();
    expect(tableValue(schema, "THREAD_STATE", "blocked_reply")).toBe(6);
    expect(tableValue(schema, "THREAD_STATE", "nope")).toBe(-1);
  });

  it("reads constants in either direction and either format", () => {
    expect(constantName(schema, "syscalls", 22)).toBe("call");
    expect(constantValue(schema, "syscalls", "call")).toBe(22);
    expect(constantValue(schema, "rights", "RIGHT_GRANT")).toBe(8);
    expect(constantName(schema, "switch_reason", 3)).toBe("SWITCH_BLOCK");
    expect(constantName(schema, "no_group", 1)).toBeUndefined();
    expect(constants(schema, "no_group")).toEqual({});
    const other: Schema = { ...schema, constants: { object_type: { "3": "endpoint" } } };
    expect(constantName(other, "object_type", 3)).toBe("endpoint");
    expect(constantValue(other, "object_type", "endpoint")).toBe(3);
  });

  it("joins name_text fields and decodes a row as the Python record", () => {
    const b = new TraceBuilder(schema);
    b.rec("thread_name", { thread: 4, name: "console_i" }, { line: 52 });
    b.rec("boot_phase", { phase_name: "boot_complete" });
    b.rec("mmap_entry", { base: 0, length: 4096, mem_type: 1 });
    const table = b.table();
    expect(recordText(table, 0)).toBe("console_i");
    expect(recordText(table, 1)).toBe("");
    expect(fieldValue(table, 0, "name")).toBe("console_i");
    expect(fieldValue(table, 1, "phase")).toBe("boot_complete");
    expect(fieldValue(table, 1, "phase_name")).toBe("boot_complete");
    expect(fieldValue(table, 2, "length")).toBe(4096);
    expect(fieldValue(table, 2, "nothing")).toBeUndefined();
    expect(recordObject(table, 0)).toEqual({ seq: 0, ts: table.ts[0], type: "thread_name", line: 52, thread: 4, name: "console_i" });
    expect(textOfWord(0x00636261)).toBe("abc");
    expect(textOfWord(0xff)).toBe("\ufffd");
  });
});
