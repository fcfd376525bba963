/**
 * Where the page's trace comes from. loadTrace() looks, in this order, for
 *
 *   1. data inside the page, as `orrery-trace html` writes it (viz/orrery_trace/html.py):
 *      <script type="application/json" id="orrery-schema">, <script type="application/
 *      octet-stream" id="orrery-trace" data-name=...> (base64; data-lenient="1" when the
 *      capture was known to be damaged) and, for the diff view, id="orrery-trace-diff";
 *   2. ?live=1: the running kernel's trace, streamed by `make run VIZ=1` at ./live (the
 *      server keeps the whole capture and sends what it has, then new bytes as they come;
 *      loadTrace resolves once the first bytes are in, or after LIVE_FIRST_WAIT_MS);
 *   3. ?trace=URL (&schema=URL, &diff=URL): a capture anywhere the page may fetch;
 *   4. ./trace.bin and ./schema.json beside the page (`make viz`);
 *   5. a capture dropped on the page (with its schema.json, unless the page has one):
 *      the page says so and waits.
 *
 * The schema comes from the page, else ?schema=URL, else ./schema.json. Recorded traces
 * are decoded strictly (a damaged one is an error naming the byte offset; ?lenient=1 or
 * data-lenient skips damaged frames with warnings); a live stream leniently, since a
 * running system must keep going. Every failure is an Error whose message is meant for
 * the page: what was tried and what went wrong.
 */
import { FRAME_LEN, TraceDecoder, decodeTrace } from "./decode";
import { TraceError, type Schema, type TraceTable } from "./types";

/** Ids of the data tags `orrery-trace html` writes. */
export const SCHEMA_TAG = "orrery-schema";
export const TRACE_TAG = "orrery-trace";
export const DIFF_TAG = "orrery-trace-diff";
/** Where `make viz` serves things, relative to the page. */
export const TRACE_URL = "./trace.bin";
export const SCHEMA_URL = "./schema.json";
export const LIVE_URL = "./live";
/** How long live mode waits for the server's first bytes (all it has so far) before showing the page anyway (ms). */
export const LIVE_FIRST_WAIT_MS = 2000;

/** A trace being streamed from a running kernel (?live=1). */
export interface LiveFeed {
  /**
   * Call `listener(added)` each time new rows were decoded into the table (table.count
   * grew by `added`): then call model.extend() and redraw. Rows decoded before a listener
   * subscribed are not lost: extend() takes every row since its last call. Returns a
   * function that unsubscribes.
   */
  subscribe(listener: (added: number) => void): () => void;
  /** Settles when the stream ends (the kernel stopped, or the server went away: rejects with the reason). */
  readonly done: Promise<void>;
}

export interface LoadedTrace {
  table: TraceTable;
  schema: Schema;
  /** What to call the trace in the page: its file name or URL. */
  name: string;
  /** A second run to compare with (the diff view), when one was given. */
  diff?: { table: TraceTable; name: string };
  /** Set in live mode: the table keeps growing. */
  live?: LiveFeed;
}

/** What loadTrace may do while a trace is still arriving. */
export interface LoadOptions {
  /**
   * Called each time more rows of a fetched trace (3. and 4. above, not the diff) were
   * decoded into `table`, the table loadTrace will resolve with: the page builds its model
   * while the rest of the capture is still on its way (model.extend() takes the new rows).
   */
  onRows?: (table: TraceTable) => void;
}

/** Find the trace (see the file comment), decode it, or reject with a message for the page. */
export async function loadTrace(doc: Document = document, href: string = location.href, options: LoadOptions = {}): Promise<LoadedTrace> {
  const params = new URL(href).searchParams;
  const lenient = params.get("lenient") === "1";
  const embedded = embeddedSchema(doc);
  const traceTag = doc.getElementById(TRACE_TAG);
  if (traceTag) {
    if (!embedded) throw new Error(`this page has a trace inside but no schema (no #${SCHEMA_TAG} tag)`);
    const loaded = fromTag(traceTag, embedded, lenient);
    const diffTag = doc.getElementById(DIFF_TAG);
    return diffTag ? { ...loaded, diff: fromTag(diffTag, embedded, lenient) } : loaded;
  }
  const schemaUrl = params.get("schema") ?? SCHEMA_URL;
  const schema = async () => embedded ?? (await fetchSchema(new URL(schemaUrl, href).href, schemaUrl));
  if (params.get("live") === "1") return openLive(await schema(), new URL(LIVE_URL, href).href);
  const traceUrl = params.get("trace");
  if (traceUrl !== null || !href.startsWith("file:")) {
    const url = traceUrl ?? TRACE_URL;
    const s = await schema();
    const loaded: LoadedTrace = {
      schema: s,
      name: url,
      table: await fetchTable(new URL(url, href).href, url, s, lenient, options.onRows),
    };
    const diffUrl = params.get("diff");
    if (diffUrl !== null)
      loaded.diff = { name: diffUrl, table: await fetchTable(new URL(diffUrl, href).href, diffUrl, s, lenient) };
    return loaded;
  }
  return waitForDrop(doc, embedded, lenient);
}

/**
 * Load every capture dropped on the page later on (a new trace replaces the one shown):
 * `onLoaded` gets it, `onError` the message when it cannot be read. Returns a function
 * that stops listening.
 */
export function listenForDrops(
  doc: Document,
  schema: Schema | undefined,
  onLoaded: (loaded: LoadedTrace) => void,
  onError: (message: string) => void,
  lenient = false,
): () => void {
  const over = (event: DragEvent) => event.preventDefault();
  const drop = (event: DragEvent) => {
    event.preventDefault();
    fromFiles([...(event.dataTransfer?.files ?? [])], schema ?? embeddedSchema(doc), lenient).then(onLoaded, (error) =>
      onError((error as Error).message),
    );
  };
  doc.addEventListener("dragover", over);
  doc.addEventListener("drop", drop);
  return () => {
    doc.removeEventListener("dragover", over);
    doc.removeEventListener("drop", drop);
  };
}

/** Decode the capture and schema among dropped files (a .json file is taken as the schema). */
export async function fromFiles(files: File[], schema: Schema | undefined, lenient: boolean): Promise<LoadedTrace> {
  const schemaFile = files.find((f) => f.name.endsWith(".json"));
  const traceFile = files.find((f) => f !== schemaFile);
  if (!traceFile) throw new Error("drop a trace capture (the .bin file `make run` writes), with its schema.json if the page has none");
  if (schemaFile) schema = parseSchema(await schemaFile.text(), schemaFile.name);
  if (!schema) throw new Error(`no schema for ${traceFile.name}: drop its schema.json too (viz/orrery-trace schema -o schema.json)`);
  const bytes = new Uint8Array(await traceFile.arrayBuffer());
  return { schema, name: traceFile.name, table: decodeNamed(bytes, schema, traceFile.name, lenient) };
}

/** Check and decode one whole capture; errors name it and, for damage, the byte offset. */
export function decodeNamed(bytes: Uint8Array, schema: Schema, name: string, lenient = false): TraceTable {
  if (bytes.length === 0) throw new Error(`the trace ${name} is empty: no records`);
  let table: TraceTable;
  try {
    table = decodeTrace(bytes, schema, { strict: !lenient });
  } catch (error) {
    throw damaged(name, error);
  }
  return withRecords(table, name, bytes.length);
}

/** A TraceError as the page says it (naming the trace and the byte offset); other errors as they are. */
function damaged(name: string, error: unknown): unknown {
  return error instanceof TraceError ? new Error(`the trace ${name} is damaged at byte ${error.offset}: ${error.problem}`) : error;
}

/** `table`, unless the capture (of `bytes` bytes) held no record at all. */
function withRecords(table: TraceTable, name: string, bytes: number): TraceTable {
  if (table.count === 0) throw new Error(`the trace ${name} has no trace records in its ${bytes} bytes: is it an Orrery trace capture?`);
  return table;
}

/** Parse and check schema JSON (`where`: what to call it in an error). */
export function parseSchema(text: string, where: string): Schema {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`);
  }
  const schema = value as Schema;
  if (!schema || schema.format !== "orrery-trace-schema" || typeof schema.events !== "object")
    throw new Error(`${where} is not an Orrery trace schema (format "orrery-trace-schema" expected; viz/orrery-trace schema writes one)`);
  if (schema.version !== 1) throw new Error(`${where} is schema version ${schema.version}; this page reads version 1`);
  return schema;
}

/** Base64 text (whitespace allowed) to bytes. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function embeddedSchema(doc: Document): Schema | undefined {
  const tag = doc.getElementById(SCHEMA_TAG);
  return tag ? parseSchema(tag.textContent ?? "", "the schema inside this page") : undefined;
}

function fromTag(tag: HTMLElement, schema: Schema, lenient: boolean): LoadedTrace {
  const name = tag.dataset.name || "the trace inside this page";
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(tag.textContent ?? "");
  } catch {
    throw new Error(`the trace ${name} inside this page is not base64`);
  }
  return { schema, name, table: decodeNamed(bytes, schema, name, lenient || tag.dataset.lenient === "1") };
}

async function fetchOk(url: string, shown: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store" });
  } catch (error) {
    throw new Error(`cannot fetch ${shown}: ${(error as Error).message} (is \`make viz\` still running?)`);
  }
  if (!response.ok) throw new Error(`cannot fetch ${shown}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  return response;
}

/** Bytes a fetch asks for at a time when it reads into one buffer. */
const READ_BYTES = 1 << 20;

/**
 * Fetch a capture and decode it as its bytes arrive (a million records are 37 MB: decoding
 * while the rest is on its way hides most of the decode), with decodeNamed's checks and
 * messages; `onRows(table)` after each chunk that added rows. When the server gives the
 * length, the bytes are read into one buffer of that size (a BYOB reader: no buffer per
 * chunk to make, join and collect) and decoded in place.
 */
async function fetchTable(url: string, shown: string, schema: Schema, lenient: boolean, onRows?: (table: TraceTable) => void): Promise<TraceTable> {
  const response = await fetchOk(url, shown);
  if (!response.body) return decodeNamed(new Uint8Array(await response.arrayBuffer()), schema, shown, lenient);
  const size = Number(response.headers.get("Content-Length")) || 0;
  const decoder = new TraceDecoder(schema, { strict: !lenient }, Math.max(16, Math.ceil(size / FRAME_LEN)));
  const fail = (error: Error) => {
    throw new Error(`cannot fetch ${shown}: ${error.message} (is \`make viz\` still running?)`);
  };
  let received = 0;
  let table: TraceTable;
  const whole = size > 0 ? byobReader(response.body) : undefined;
  const reader = whole ?? response.body.getReader();
  try {
    if (whole) {
      let buffer = new Uint8Array(size);
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        if (received < buffer.length) {
          chunk = await whole.read(new Uint8Array(buffer.buffer, received, Math.min(READ_BYTES, buffer.length - received))).catch(fail);
          if (chunk.done) break;
          buffer = new Uint8Array(chunk.value.buffer as ArrayBuffer); // the same bytes, handed back
        } else {
          // Full: the end, or more than Content-Length said (a compressed response gives
          // the compressed length). Read on and make room when there is more.
          chunk = await whole.read(new Uint8Array(READ_BYTES)).catch(fail);
          if (chunk.done) break;
          const bigger = new Uint8Array(Math.max(buffer.length * 2, received + chunk.value.length));
          bigger.set(buffer.subarray(0, received));
          bigger.set(chunk.value, received);
          buffer = bigger;
        }
        received += chunk.value.length;
        if (decoder.pushWhole(buffer, received) > 0) onRows?.(decoder.table);
      }
    } else {
      const plain = reader as ReadableStreamDefaultReader<Uint8Array>;
      for (;;) {
        const chunk = await plain.read().catch(fail);
        if (chunk.done) break;
        received += chunk.value.length;
        if (decoder.push(chunk.value) > 0) onRows?.(decoder.table);
      }
    }
    table = decoder.finish();
  } catch (error) {
    void reader.cancel().catch(() => undefined); // a damaged trace: the rest is not needed
    throw damaged(shown, error);
  }
  if (received === 0) throw new Error(`the trace ${shown} is empty: no records`);
  return withRecords(table, shown, received);
}

/** A BYOB reader of `body`, or undefined where the browser has none for fetched bodies. */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return body.getReader({ mode: "byob" });
  } catch {
    return undefined;
  }
}

async function fetchSchema(url: string, shown: string): Promise<Schema> {
  return parseSchema(await (await fetchOk(url, shown)).text(), shown);
}

/** ?live=1: read the server's chunked /live response into an incremental decoder. */
async function openLive(schema: Schema, url: string): Promise<LoadedTrace> {
  const response = await fetchOk(url, LIVE_URL);
  if (!response.body) throw new Error(`${LIVE_URL} gave no stream (this browser cannot read one)`);
  const reader = response.body.getReader();
  const decoder = new TraceDecoder(schema, { strict: false });
  const listeners = new Set<(added: number) => void>();
  let firstBytes!: () => void;
  const arrived = new Promise<void>((resolve) => (firstBytes = resolve));
  const tell = (added: number) => {
    firstBytes();
    if (added > 0) for (const listener of listeners) listener(added);
  };
  const done = (async () => {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new Error(`the live trace stopped: ${(error as Error).message}`);
      }
      if (chunk.done) break;
      tell(decoder.push(chunk.value));
    }
    const before = decoder.table.count;
    decoder.finish();
    tell(decoder.table.count - before);
  })();
  done.catch(() => undefined); // the caller sees it through `live.done`
  // Start from what the server already has (the capture so far), if it comes soon.
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([arrived, done.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, LIVE_FIRST_WAIT_MS)))]);
  clearTimeout(timer);
  return {
    schema,
    name: "live trace",
    table: decoder.table,
    live: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      done,
    },
  };
}

/** Nothing to load from: say so in the page and wait for a dropped capture. */
function waitForDrop(doc: Document, schema: Schema | undefined, lenient: boolean): Promise<LoadedTrace> {
  const app = doc.getElementById("app");
  const prompt =
    "No trace here: drop a trace capture (build/run-trace.bin) on this page" +
    (schema ? "" : " together with its schema.json (viz/orrery-trace schema -o schema.json)") +
    ", or open it with `make viz`, or write a page with the trace inside: viz/orrery-trace html TRACE -o FILE.html";
  if (app) app.textContent = prompt;
  return new Promise((resolve) => {
    const stop = listenForDrops(
      doc,
      schema,
      (loaded) => {
        stop();
        resolve(loaded);
      },
      (message) => {
        if (app) app.textContent = `${message}. ${prompt}`;
      },
      lenient,
    );
  });
}
