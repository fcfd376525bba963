/**
 * One record's fields as the inspector shows them: by name (src/trace/schema.ts's
 * recordObject, the Python decoder's naming rule), numbers the way the kernel's source
 * writes them (addresses and big values in hex).
 */
import { constantName, eventById, recordObject } from "../trace/schema";
import type { Schema, TraceTable } from "../trace/types";

export interface RecordFields {
  /** The event's name ("ipc_send"), or "event N" for an id the schema does not know. */
  event: string;
  /** [field name, shown value] in header order. */
  fields: [string, string][];
}

/** Keys recordObject gives every record; the inspector shows them apart. */
const OWN_KEYS = new Set(["seq", "ts", "type", "line"]);

/** Show a number the way the kernel's source would: addresses, tags, bits and big values in hex. */
export function showNumber(key: string, value: number): string {
  const hexish = /addr|address|eip|cr2|base|start|end|tag|bits/.test(key);
  return hexish || value > 0xffff ? "0x" + value.toString(16) : String(value);
}

/** IPC tag bits (kernel/abi/message.h): words in bits 0..6, a capability bit 7, the label from bit 16. */
const TAG_LENGTH_MASK = 0x7f;
const TAG_CAP = 0x80;
const TAG_LABEL_SHIFT = 16;

/** Words for a raw value the kernel's constants name: a system call's number, a switch's reason, an IPC tag. */
export function explain(schema: Schema, event: string, key: string, value: number): string | undefined {
  if (key === "number" && event.startsWith("syscall")) return constantName(schema, "syscalls", value);
  if (key === "reason" && event === "context_switch") return constantName(schema, "switch_reason", value);
  if (key === "reason" && event === "thread_exit") return constantName(schema, "thread_exit_reason", value);
  if (key === "tag") {
    const words = value & TAG_LENGTH_MASK;
    return `label ${value >>> TAG_LABEL_SHIFT}, ${words} word${words === 1 ? "" : "s"}${value & TAG_CAP ? ", a capability" : ""}`;
  }
  return undefined;
}

/** The fields of record `index` of `table`. */
export function recordFields(table: TraceTable, index: number): RecordFields {
  const type = eventById(table.schema, table.type[index]);
  if (!type) return { event: `event ${table.type[index]}`, fields: [] };
  const fields: [string, string][] = [];
  for (const [key, value] of Object.entries(recordObject(table, index))) {
    if (OWN_KEYS.has(key)) continue;
    if (typeof value !== "number") {
      fields.push([key, key === "name" ? JSON.stringify(value) : value]);
      continue;
    }
    const words = explain(table.schema, type.name, key, value);
    fields.push([key, showNumber(key, value) + (words ? ` (${words})` : "")]);
  }
  return { event: type.name, fields };
}
