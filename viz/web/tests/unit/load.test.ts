/**
 * Tests for src/trace/load.ts: every place a trace can come from, and the messages the page
 * shows when it cannot be had. A small fake document stands in for the page (no DOM here).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { fromBase64, loadTrace, parseSchema } from "../../src/trace/load";
import type { Schema } from "../../src/trace/types";

const SCHEMA: Schema = {
  format: "orrery-trace-schema",
  version: 1,
  events: {
    "1": { name: "lost", fields: ["count", "", "", ""] },
    "5": { name: "frame_alloc", fields: ["paddr", "frames_in_use", "", ""] },
  },
  tables: {},
  constants: {},
  sites: [],
};

/** One frame exactly as the kernel writes it (viz/orrery_trace/decode.py encode_record). */
function frame(type: number, seq: number, ts: number, args: number[], line = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(37);
  const view = new DataView(out.buffer);
  out[0] = 0xa5;
  out[1] = 0x5a;
  out[2] = 32;
  view.setUint16(3, type, true);
  view.setUint16(5, line, true);
  view.setUint32(7, seq, true);
  view.setUint32(11, ts, true);
  view.setUint32(15, 0, true);
  for (let i = 0; i < 4; i++) view.setUint32(19 + 4 * i, args[i] ?? 0, true);
  let s1 = 0;
  let s2 = 0;
  for (let i = 2; i < 35; i++) {
    s1 = (s1 + out[i]) % 255;
    s2 = (s2 + s1) % 255;
  }
  out[35] = s1;
  out[36] = s2;
  return out;
}

function trace(count: number, first = 0): Uint8Array<ArrayBuffer> {
  const parts = Array.from({ length: count }, (_, i) => frame(5, first + i, 100 * (first + i), [0x200000 + 4096 * i, i + 1]));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

interface FakeTag {
  textContent: string;
  dataset: Record<string, string>;
}

/** Just enough of a Document for load.ts: tags by id, an #app, drag and drop listeners. */
function fakeDocument(tags: Record<string, FakeTag> = {}) {
  const app = { textContent: "" };
  const listeners: Record<string, ((event: unknown) => void)[]> = {};
  const doc = {
    getElementById: (id: string) => (id === "app" ? app : (tags[id] ?? null)),
    addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] ??= []).push(fn),
    removeEventListener: (type: string, fn: (event: unknown) => void) => {
      listeners[type] = (listeners[type] ?? []).filter((f) => f !== fn);
    },
  };
  const drop = (files: File[]) => {
    for (const fn of listeners.drop ?? []) fn({ preventDefault() {}, dataTransfer: { files } });
  };
  return { doc: doc as unknown as Document, app, drop, listeners };
}

function stubFetch(routes: Record<string, () => Response>) {
  const seen: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    seen.push(url);
    const route = routes[url];
    if (!route) return new Response("no", { status: 404, statusText: "Not Found" });
    return route();
  });
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

describe("the trace inside the page (orrery-trace html)", () => {
  it("decodes the embedded trace and the diff", async () => {
    const { doc } = fakeDocument({
      "orrery-schema": { textContent: JSON.stringify(SCHEMA), dataset: {} },
      "orrery-trace": { textContent: base64(trace(3)), dataset: { name: "run.bin" } },
      "orrery-trace-diff": { textContent: base64(trace(5)), dataset: { name: "ref.bin" } },
    });
    const loaded = await loadTrace(doc, "file:///tmp/x.html");
    expect(loaded.name).toBe("run.bin");
    expect(loaded.table.count).toBe(3);
    expect(loaded.table.args[4 * 2 + 1]).toBe(3);
    expect(loaded.diff?.name).toBe("ref.bin");
    expect(loaded.diff?.table.count).toBe(5);
    expect(loaded.live).toBeUndefined();
  });

  it("names a damaged trace's byte offset, unless it is marked lenient", async () => {
    const damaged = trace(3).slice(0, 37 * 3 - 2);
    const tags = {
      "orrery-schema": { textContent: JSON.stringify(SCHEMA), dataset: {} },
      "orrery-trace": { textContent: base64(damaged), dataset: { name: "bad.bin" } as Record<string, string> },
    };
    await expect(loadTrace(fakeDocument(tags).doc, "file:///x.html")).rejects.toThrow(/the trace bad\.bin is damaged at byte 74: truncated/);
    tags["orrery-trace"].dataset.lenient = "1";
    const loaded = await loadTrace(fakeDocument(tags).doc, "file:///x.html");
    expect(loaded.table.count).toBe(2);
    expect(loaded.table.warnings.length).toBe(1);
  });

  it("refuses junk and a missing schema with plain messages", async () => {
    const junk = { textContent: base64(new TextEncoder().encode("not a trace at all")), dataset: { name: "junk.bin" } };
    const schemaTag = { textContent: JSON.stringify(SCHEMA), dataset: {} };
    await expect(loadTrace(fakeDocument({ "orrery-schema": schemaTag, "orrery-trace": junk }).doc, "file:///x")).rejects.toThrow(
      /junk\.bin has no trace records/,
    );
    await expect(loadTrace(fakeDocument({ "orrery-trace": junk }).doc, "file:///x")).rejects.toThrow(/no schema/);
    const badSchema = { textContent: '{"format": "something else"}', dataset: {} };
    await expect(loadTrace(fakeDocument({ "orrery-schema": badSchema, "orrery-trace": junk }).doc, "file:///x")).rejects.toThrow(
      /not an Orrery trace schema/,
    );
  });
});

describe("from a server", () => {
  it("fetches ./trace.bin and ./schema.json beside the page (make viz)", async () => {
    const seen = stubFetch({
      "http://127.0.0.1:8040/schema.json": () => Response.json(SCHEMA),
      "http://127.0.0.1:8040/trace.bin": () => new Response(trace(4)),
    });
    const loaded = await loadTrace(fakeDocument().doc, "http://127.0.0.1:8040/");
    expect(loaded.table.count).toBe(4);
    expect(loaded.name).toBe("./trace.bin");
    expect(seen).toEqual(["http://127.0.0.1:8040/schema.json", "http://127.0.0.1:8040/trace.bin"]);
  });

  it("reads a body of known length into one buffer, in any chunks, and copes with a wrong length", async () => {
    const bytes = trace(40);
    const chunked = (sizes: number[]) =>
      new ReadableStream({
        type: "bytes",
        start(controller) {
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length];
            controller.enqueue(bytes.slice(at, at + size));
            at += size;
          }
          controller.close();
        },
      });
    for (const [sizes, announced] of [[[bytes.length], bytes.length], [[1, 36, 37, 500], bytes.length], [[100], 50], [[7], 1]] as [number[], number][]) {
      const rows: number[] = [];
      stubFetch({
        "http://h/s.json": () => Response.json(SCHEMA),
        "http://h/t.bin": () => new Response(chunked(sizes), { headers: { "Content-Length": String(announced) } }),
      });
      const loaded = await loadTrace(fakeDocument().doc, "http://h/?trace=/t.bin&schema=/s.json", { onRows: (table) => rows.push(table.count) });
      expect(loaded.table.count, `chunks ${sizes}, Content-Length ${announced}`).toBe(40);
      expect(Array.from(loaded.table.seq.subarray(0, 40))).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it("fetches ?trace=URL&schema=URL&diff=URL", async () => {
    stubFetch({
      "http://h/s/my.json": () => Response.json(SCHEMA),
      "http://h/t/a.bin": () => new Response(trace(2)),
      "http://h/t/b.bin": () => new Response(trace(6)),
    });
    const loaded = await loadTrace(fakeDocument().doc, "http://h/page/?trace=../t/a.bin&schema=/s/my.json&diff=/t/b.bin");
    expect([loaded.name, loaded.table.count, loaded.diff?.table.count]).toEqual(["../t/a.bin", 2, 6]);
  });

  it("says what it could not fetch", async () => {
    stubFetch({ "http://h/schema.json": () => Response.json(SCHEMA) });
    await expect(loadTrace(fakeDocument().doc, "http://h/")).rejects.toThrow("cannot fetch ./trace.bin: HTTP 404 Not Found");
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(loadTrace(fakeDocument().doc, "http://h/")).rejects.toThrow(/cannot fetch \.\/schema\.json: Failed to fetch \(is `make viz` still running\?\)/);
  });
});

describe("live (make run VIZ=1)", () => {
  it("feeds the stream to the decoder and tells subscribers as rows arrive", async () => {
    let control!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (control = c) });
    stubFetch({ "http://h/schema.json": () => Response.json(SCHEMA), "http://h/live": () => new Response(body) });
    const first = trace(1);
    control.enqueue(first);
    const loaded = await loadTrace(fakeDocument().doc, "http://h/?live=1");
    expect(loaded.live).toBeDefined();
    const added: number[] = [];
    const grew = () => new Promise<void>((resolve) => {
      const stop = loaded.live!.subscribe((n) => {
        added.push(n);
        stop();
        resolve();
      });
    });
    expect(loaded.table.count).toBe(1); // what the server had: in the table before the page draws
    const more = trace(2, 1); // two frames, sent split in the middle of the second
    let next = grew();
    control.enqueue(more.slice(0, 50));
    await next;
    expect(loaded.table.count).toBe(2);
    next = grew();
    control.enqueue(more.slice(50));
    await next;
    expect(loaded.table.count).toBe(3);
    expect(Array.from(loaded.table.seq.subarray(0, 3))).toEqual([0, 1, 2]);
    control.close();
    await loaded.live!.done;
    expect(loaded.table.warnings).toEqual([]);
  });

  it("rejects done with the reason when the server goes away", async () => {
    let control!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (control = c) });
    stubFetch({ "http://h/schema.json": () => Response.json(SCHEMA), "http://h/live": () => new Response(body) });
    const loaded = await loadTrace(fakeDocument().doc, "http://h/?live=1");
    control.error(new Error("connection reset"));
    await expect(loaded.live!.done).rejects.toThrow("the live trace stopped: connection reset");
  });
});

describe("a dropped file", () => {
  it("waits for a drop when there is nothing else, and takes a schema dropped with it", async () => {
    const { doc, app, drop } = fakeDocument();
    const pending = loadTrace(doc, "file:///tmp/index.html");
    expect(app.textContent).toMatch(/drop a trace capture/);
    drop([new File([trace(1)], "run-trace.bin")]);
    await new Promise((r) => setTimeout(r, 10));
    expect(app.textContent).toMatch(/no schema for run-trace\.bin/);
    drop([new File([trace(2)], "run-trace.bin"), new File([JSON.stringify(SCHEMA)], "schema.json")]);
    const loaded = await pending;
    expect([loaded.name, loaded.table.count]).toEqual(["run-trace.bin", 2]);
  });
});

describe("helpers", () => {
  it("reads base64 with line breaks and checks schema versions", () => {
    expect(Array.from(fromBase64("AAEC\n/w=="))).toEqual([0, 1, 2, 255]);
    expect(() => parseSchema(JSON.stringify({ ...SCHEMA, version: 2 }), "s.json")).toThrow(/version 2/);
    expect(() => parseSchema("{", "s.json")).toThrow(/s\.json is not JSON/);
  });
});
