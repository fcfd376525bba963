/**
 * Kernel constants from the schema, turned around for labels: a number -> a short name.
 * The schema may give a group either way round ({"SWITCH_YIELD": 1} or {"1": "yield"}).
 */
import type { Schema } from "../trace/types";

/** number -> short lower-case name for constant group `group` ("switch_reason" -> {1: "yield"}). */
export function constantNames(schema: Schema, group: string, prefix = ""): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, value] of Object.entries(schema.constants?.[group] ?? {})) {
    if (/^\d+$/.test(key) && typeof value === "string") out.set(Number(key), value);
    else if (typeof value === "number") out.set(value, key.toLowerCase().replace(prefix.toLowerCase(), ""));
  }
  return out;
}
