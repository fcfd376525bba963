/**
 * One record's fields by name, for the event inspector and for labels in views, following
 * the Python decoder's naming rule (viz/orrery_trace/events.py): a "_name" field shows the
 * name from its names table (the table named after its prefix, or ending in _PREFIX), and
 * consecutive "name_text" fields are joined into one "name".
 */
import type { Schema, TraceTable } from "../trace/types";

export interface RecordFields {
  /** The event's name ("ipc_send"), or "event N" for an id the schema does not know. */
  event: string;
  /** [field name, shown value] in header order. */
  fields: [string, string][];
  /** The same, raw numbers (a "_name" field keeps its table index; "name" its text). */
  values: Record<string, number | string>;
}

const TEXT_FIELD = "name_text";

/** The table for a "_name" field: TABLE == PREFIX, or TABLE ends in _PREFIX. */
function tableFor(schema: Schema, prefix: string): Record<string, string> | undefined {
  const want = prefix.toUpperCase();
  const key = Object.keys(schema.tables).find((t) => t === want || t.endsWith("_" + want));
  return key === undefined ? undefined : schema.tables[key];
}

/** Four little-endian bytes of a name_text field, up to the first NUL. */
function textOf(value: number): string {
  let out = "";
  for (let b = 0; b < 4; b++) {
    const c = (value >>> (8 * b)) & 0xff;
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

/** Show a number the way the kernel's source would: addresses and big values in hex. */
export function showNumber(key: string, value: number): string {
  const hexish = /addr|address|eip|cr2|base|start|end|paddr|vaddr|tag|bits/.test(key);
  return hexish || value > 0xffff ? "0x" + value.toString(16) : String(value);
}

/** The fields of record `index` of `table`. */
export function recordFields(table: TraceTable, index: number): RecordFields {
  const schema = table.schema;
  const type = table.type[index];
  const event = schema.events[String(type)];
  const fields: [string, string][] = [];
  const values: Record<string, number | string> = {};
  if (!event) return { event: `event ${type}`, fields, values };
  let name = "";
  event.fields.forEach((field, a) => {
    if (!field) return;
    const value = table.args[index * 4 + a];
    if (field === TEXT_FIELD) {
      name += textOf(value);
      values.name = name;
      return;
    }
    if (field.endsWith("_name")) {
      const prefix = field.slice(0, -"_name".length);
      const shown = tableFor(schema, prefix)?.[String(value)] ?? `${value} (not in its table)`;
      fields.push([prefix, shown]);
      values[prefix] = value;
      return;
    }
    fields.push([field, showNumber(field, value)]);
    values[field] = value;
  });
  if (name) fields.push(["name", JSON.stringify(name)]);
  return { event: event.name, fields, values };
}

/** Event id by name (undefined when the schema has no such event). */
export function eventId(schema: Schema, name: string): number | undefined {
  const key = Object.keys(schema.events).find((id) => schema.events[id].name === name);
  return key === undefined ? undefined : Number(key);
}

/** Index of the raw field `field` of event `name` (0..3), or -1. */
export function fieldIndex(schema: Schema, name: string, field: string): number {
  const id = eventId(schema, name);
  return id === undefined ? -1 : schema.events[String(id)].fields.indexOf(field);
}
