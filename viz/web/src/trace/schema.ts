/**
 * Lookups over the Schema JSON that `orrery-trace schema` writes (types.ts): events by id or
 * name, the argument index of a field, names tables, the "name_text" join, kernel constants.
 *
 * Field naming follows the Python decoder (viz/orrery_trace/events.py): a field ending in
 * "_name" is an index into the names table named after its prefix (upper case, either the
 * table's whole name or its last words: "state_name" -> THREAD_STATE) and is shown under the
 * prefix ("state"); consecutive "name_text" fields hold four characters each and are joined
 * into one field "name"; a field named like a record key of its own (seq, ts, type, line)
 * is shown as "arg_<field>".
 * The record's flags field is its trace point's source line, shown as "line".
 */
import type { EventType, Schema, TraceTable } from "./types";

/** A field holding four characters of a name (little-endian, NUL-padded). */
export const TEXT_FIELD = "name_text";
/** The key the joined "name_text" fields get. */
export const TEXT_KEY = "name";
/** Keys a decoded record has of its own; a field of the same name becomes arg_<field>. */
export const RESERVED_KEYS = ["seq", "ts", "type", "line"];
const NAME_SUFFIX = "_name";

/** Everything the lookups need, built once per schema object. */
interface SchemaIndex {
  byId: (EventType | undefined)[];
  byName: Map<string, EventType>;
  /** event id -> field (raw or decoded key) -> argument index. */
  args: Map<string, number>[];
  /** group -> value -> constant name, and group -> name -> value. */
  constantNames: Map<string, Map<number, string>>;
  constantValues: Map<string, Map<string, number>>;
}

const indexes = new WeakMap<Schema, SchemaIndex>();

function indexOf(schema: Schema): SchemaIndex {
  let index = indexes.get(schema);
  if (index) return index;
  index = { byId: [], byName: new Map(), args: [], constantNames: new Map(), constantValues: new Map() };
  for (const [key, event] of Object.entries(schema.events)) {
    const id = Number(key);
    const type: EventType = { id, name: event.name, fields: event.fields };
    index.byId[id] = type;
    index.byName.set(event.name, type);
    const args = new Map<string, number>();
    event.fields.forEach((field, i) => {
      if (!field) return;
      if (!args.has(field)) args.set(field, i);
      if (field !== TEXT_FIELD && !args.has(fieldKey(field))) args.set(fieldKey(field), i);
    });
    index.args[id] = args;
  }
  for (const [group, entries] of Object.entries(schema.constants ?? {})) {
    const names = new Map<number, string>();
    const values = new Map<string, number>();
    for (const [key, value] of Object.entries(entries)) {
      // Either "NAME": number, or "number": "name" (syscalls: 22 -> "call").
      if (typeof value === "number") {
        values.set(key, value);
        if (!names.has(value)) names.set(value, key);
      } else if (/^-?\d+$/.test(key)) {
        names.set(Number(key), value);
        values.set(value, Number(key));
      }
    }
    index.constantNames.set(group, names);
    index.constantValues.set(group, values);
  }
  indexes.set(schema, index);
  return index;
}

/** The key a field is shown under ("phase_name" -> "phase", "type" -> "arg_type"). */
export function fieldKey(field: string): string {
  const key = field.endsWith(NAME_SUFFIX) ? field.slice(0, -NAME_SUFFIX.length) : field;
  return RESERVED_KEYS.includes(key) ? "arg_" + key : key;
}

/** The names table of a "_name" field (the Python rule); throws if not exactly one fits. */
export function namesTableFor(schema: Schema, field: string): string {
  const want = field.slice(0, -NAME_SUFFIX.length).toUpperCase();
  const found = Object.keys(schema.tables).filter((t) => t === want || t.endsWith("_" + want));
  if (found.length !== 1) {
    throw new Error(`field ${field} needs exactly one names table named ${want} or *_${want}, ` +
      `found ${found.length ? found.join(", ") : "none"}`);
  }
  return found[0];
}

/** The event type with this id, if the schema has it. */
export function eventById(schema: Schema, id: number): EventType | undefined {
  return indexOf(schema).byId[id];
}

/** The event type with this name, if the schema has it. */
export function eventByName(schema: Schema, name: string): EventType | undefined {
  return indexOf(schema).byName.get(name);
}

/** The id of the event named `name`, or -1 (a trace of an older kernel lacks it). */
export function eventId(schema: Schema, name: string): number {
  return indexOf(schema).byName.get(name)?.id ?? -1;
}

/**
 * The argument index (0-3) of a field of an event, by raw name ("state_name") or shown key
 * ("state"); -1 if the event or the field is missing. For "name_text", the first one.
 */
export function argIndex(schema: Schema, event: string | number, field: string): number {
  const index = indexOf(schema);
  const type = typeof event === "number" ? index.byId[event] : index.byName.get(event);
  return type ? (index.args[type.id].get(field) ?? -1) : -1;
}

/** The name of entry `value` of names table `table` (e.g. "THREAD_STATE"), if it has one. */
export function tableName(schema: Schema, table: string, value: number): string | undefined {
  return schema.tables[table]?.[String(value)];
}

/** The value of the entry called `name` in names table `table`, or -1. */
export function tableValue(schema: Schema, table: string, name: string): number {
  const entries = schema.tables[table];
  if (entries) for (const [key, entry] of Object.entries(entries)) if (entry === name) return Number(key);
  return -1;
}

/** A constants group as the schema gives it (object_type, switch_reason, rights, ipc_tag, syscalls...). */
export function constants(schema: Schema, group: string): Record<string, number | string> {
  return schema.constants?.[group] ?? {};
}

/** The name of the constant of `group` with this value ("syscalls", 22 -> "call"), if any. */
export function constantName(schema: Schema, group: string, value: number): string | undefined {
  return indexOf(schema).constantNames.get(group)?.get(value);
}

/** The value of the constant `name` of `group` ("rights", "RIGHT_GRANT" -> 8), if any. */
export function constantValue(schema: Schema, group: string, name: string): number | undefined {
  return indexOf(schema).constantValues.get(group)?.get(name);
}

/** Four little-endian characters of a "name_text" argument, up to the first NUL. */
export function textOfWord(word: number): string {
  let out = "";
  for (let i = 0; i < 4; i++) {
    const c = (word >>> (8 * i)) & 0xff;
    if (c === 0) break;
    out += c < 0x80 ? String.fromCharCode(c) : "\ufffd";
  }
  return out;
}

/** The joined "name_text" fields of row `row` ("" if its event has none). */
export function recordText(table: TraceTable, row: number): string {
  const type = eventById(table.schema, table.type[row]);
  if (!type) return "";
  let out = "";
  // Like the decoder: each field is cut at its first NUL, and the pieces are joined.
  type.fields.forEach((field, i) => {
    if (field === TEXT_FIELD) out += textOfWord(table.args[row * 4 + i]);
  });
  return out;
}

/** A decoded field value: a "_name" field's table entry (or the number if not in it), else the number. */
export function fieldValue(table: TraceTable, row: number, field: string): number | string | undefined {
  const schema = table.schema;
  const type = eventById(schema, table.type[row]);
  if (!type) return undefined;
  if (field === TEXT_KEY && type.fields.includes(TEXT_FIELD)) return recordText(table, row);
  const i = argIndex(schema, type.id, field);
  if (i < 0) return undefined;
  const value = table.args[row * 4 + i];
  const raw = type.fields[i];
  if (raw.endsWith(NAME_SUFFIX) && raw !== TEXT_FIELD) {
    return tableName(schema, namesTableFor(schema, raw), value) ?? value;
  }
  return value;
}

/** Row `row` as the Python decoder's record dict: seq, ts, type, line, the fields. */
export function recordObject(table: TraceTable, row: number): Record<string, number | string> {
  const schema = table.schema;
  const type = eventById(schema, table.type[row]);
  const record: Record<string, number | string> = {
    seq: table.seq[row],
    ts: table.ts[row],
    type: type?.name ?? String(table.type[row]),
    line: table.line[row],
  };
  if (!type) return record;
  type.fields.forEach((field, i) => {
    if (!field) return;
    if (field === TEXT_FIELD) {
      record[TEXT_KEY] = ((record[TEXT_KEY] as string | undefined) ?? "") + textOfWord(table.args[row * 4 + i]);
      return;
    }
    record[fieldKey(field)] = fieldValue(table, row, field)!;
  });
  return record;
}
