/**
 * A minimal trace loader for the app shell, used until src/trace/load.ts (helper "tools")
 * and src/trace/decode.ts (helper "model") land; the lead then points main.ts at those and
 * deletes this file. Same entry point: loadTrace() -> { table, schema, name, diff? }.
 *
 * Sources, first found wins:
 *   1. <script type="application/json" id="orrery-schema"> and
 *      <script type="application/octet-stream" id="orrery-trace" data-name="..."> (base64),
 *      as `orrery-trace html` inlines them;
 *   2. ?trace=URL (and &schema=URL, default ./schema.json);
 *   3. ./trace.bin and ./schema.json beside the page (`make viz`).
 *
 * The decoder is strict: the first damaged frame stops it with a TraceError naming the byte
 * offset (frame format: docs/test-protocol.md, "The trace stream").
 */
import { TraceError, type Schema, type TraceTable } from "../trace/types";

export interface LoadedTrace {
  table: TraceTable;
  schema: Schema;
  /** What to call the trace in the page: its file name or URL. */
  name: string;
  /** A second run to compare with (the diff view), when one was given. */
  diff?: { table: TraceTable; name: string };
}

/** Sync bytes, payload length and whole frame length of one trace record. */
export const FRAME_SYNC0 = 0xa5;
export const FRAME_SYNC1 = 0x5a;
export const FRAME_PAYLOAD_LEN = 32;
export const FRAME_LEN = 2 + 1 + FRAME_PAYLOAD_LEN + 2;

/** Fletcher-16 over bytes[start, end): [sum1, sum2], each mod 255. */
export function fletcher16(bytes: Uint8Array, start: number, end: number): [number, number] {
  let sum1 = 0;
  let sum2 = 0;
  for (let i = start; i < end; i++) {
    sum1 = (sum1 + bytes[i]) % 255;
    sum2 = (sum2 + sum1) % 255;
  }
  return [sum1, sum2];
}

/** Decode a whole raw capture strictly; throws TraceError at the first problem. */
export function decodeStrict(bytes: Uint8Array, schema: Schema): TraceTable {
  const cap = Math.max(16, Math.floor(bytes.length / FRAME_LEN));
  const table: TraceTable = {
    schema,
    count: 0,
    type: new Uint16Array(cap),
    line: new Uint16Array(cap),
    seq: new Uint32Array(cap),
    ts: new Float64Array(cap),
    args: new Uint32Array(cap * 4),
    text: "",
    warnings: [],
    lost: 0,
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lostId = Number(Object.keys(schema.events).find((id) => schema.events[id].name === "lost") ?? -1);
  let text = "";
  let expected = 0;
  let allowedJump = 0;
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] !== FRAME_SYNC0 || bytes[pos + 1] !== FRAME_SYNC1) {
      text += String.fromCharCode(bytes[pos++]);
      continue;
    }
    if (pos + 3 > bytes.length)
      throw new TraceError(pos, `truncated frame: stream ends ${bytes.length - pos} bytes after the sync`);
    const length = bytes[pos + 2];
    if (length !== FRAME_PAYLOAD_LEN)
      throw new TraceError(pos, `bad frame length ${length} (expected ${FRAME_PAYLOAD_LEN})`);
    if (pos + FRAME_LEN > bytes.length)
      throw new TraceError(pos, `truncated frame: need ${FRAME_LEN} bytes, stream has ${bytes.length - pos}`);
    const [s1, s2] = fletcher16(bytes, pos + 2, pos + 3 + length);
    if (bytes[pos + 3 + length] !== s1 || bytes[pos + 4 + length] !== s2)
      throw new TraceError(pos, "bad checksum");
    const p = pos + 3;
    const type = view.getUint16(p, true);
    const seq = view.getUint32(p + 4, true);
    if (!schema.events[String(type)]) throw new TraceError(pos, `unknown event type ${type} (seq ${seq})`);
    if (seq !== expected && !(allowedJump && seq === expected + allowedJump))
      throw new TraceError(pos, `sequence gap: seq ${seq}, expected ${expected}`);
    const row = table.count++;
    table.type[row] = type;
    table.line[row] = view.getUint16(p + 2, true);
    table.seq[row] = seq;
    table.ts[row] = view.getUint32(p + 8, true) + view.getUint32(p + 12, true) * 2 ** 32;
    for (let a = 0; a < 4; a++) table.args[row * 4 + a] = view.getUint32(p + 16 + 4 * a, true);
    allowedJump = type === lostId ? table.args[row * 4] : 0;
    if (type === lostId) table.lost += allowedJump;
    expected = seq + 1;
    pos += FRAME_LEN;
  }
  table.text = text;
  return table;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`cannot fetch ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

function checkSchema(schema: unknown, where: string): Schema {
  const s = schema as Schema;
  if (!s || s.format !== "orrery-trace-schema" || typeof s.events !== "object")
    throw new Error(`${where} is not an Orrery trace schema (format "orrery-trace-schema" expected)`);
  return s;
}

function decodeNamed(bytes: Uint8Array, schema: Schema, name: string): TraceTable {
  if (bytes.length === 0) throw new Error(`the trace ${name} is empty: no records`);
  try {
    return decodeStrict(bytes, schema);
  } catch (error) {
    if (error instanceof TraceError) throw new Error(`the trace ${name} is damaged at byte ${error.offset}: ${error.problem}`);
    throw error;
  }
}

/** Find the trace and its schema (see the file comment), decode them, or throw a plain message. */
export async function loadTrace(): Promise<LoadedTrace> {
  const embeddedSchema = document.getElementById("orrery-schema");
  const embeddedTrace = document.getElementById("orrery-trace");
  if (embeddedSchema && embeddedTrace) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(embeddedSchema.textContent ?? "");
    } catch (error) {
      throw new Error(`the schema inside this page is not JSON: ${(error as Error).message}`);
    }
    const schema = checkSchema(parsed, "the schema inside this page");
    const name = embeddedTrace.dataset.name ?? "embedded trace";
    return { schema, name, table: decodeNamed(fromBase64(embeddedTrace.textContent ?? ""), schema, name) };
  }
  const params = new URLSearchParams(location.search);
  const traceUrl = params.get("trace") ?? "./trace.bin";
  const schemaUrl = params.get("schema") ?? "./schema.json";
  let parsed: unknown;
  const schemaText = await (await fetchOk(schemaUrl)).text();
  try {
    parsed = JSON.parse(schemaText);
  } catch (error) {
    throw new Error(`${schemaUrl} is not JSON: ${(error as Error).message}`);
  }
  const schema = checkSchema(parsed, schemaUrl);
  const bytes = new Uint8Array(await (await fetchOk(traceUrl)).arrayBuffer());
  return { schema, name: traceUrl, table: decodeNamed(bytes, schema, traceUrl) };
}
