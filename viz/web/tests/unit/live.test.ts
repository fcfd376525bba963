import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/model";
import { decodeTrace, TraceDecoder } from "../../src/trace/decode";
import { testSchema } from "./helpers/schema";
import { syntheticTrace } from "./helpers/synthetic";

const schema = testSchema();

describe("extend (live mode)", () => {
  it("grows to the same model as one built at once, whatever the chunks", () => {
    const { bytes } = syntheticTrace(schema, 6_000, 4);
    const whole = buildModel(decodeTrace(bytes, schema));
    const decoder = new TraceDecoder(schema, { strict: true }, 16);
    const live = buildModel(decoder.table);
    expect(live.messages).toHaveLength(0);
    let at = 0;
    for (const size of [1, 36, 500, 37 * 100 + 5, 3, 20_000, 1 << 20]) {
      decoder.push(bytes.subarray(at, at + size));
      at += size;
      live.extend();
      // What is seen so far is exactly the prefix's model.
      const prefix = buildModel(decodeTrace(bytes.subarray(0, Math.min(at, bytes.length) - (Math.min(at, bytes.length) % 37)), schema));
      expect(live.table.count).toBe(prefix.table.count); // every whole frame is shown at once
      expect(live.messages.length).toBe(prefix.messages.length);
      expect(live.switches).toEqual(prefix.switches);
    }
    decoder.finish();
    live.extend();
    expect(live.table.count).toBe(whole.table.count);
    expect(live.messages).toEqual(whole.messages);
    expect([...live.spans].map(([thread, spans]) => [thread, spans.toArray()])).toEqual([...whole.spans].map(([thread, spans]) => [thread, spans.toArray()]));
    expect(live.capEvents).toEqual(whole.capEvents);
    for (const i of [0, 1000, 3001, whole.table.count - 1]) {
      const a = live.stateAt(i);
      const b = whole.stateAt(i);
      expect([...a.caps.entries()].map(([t, s]) => [t, [...s.entries()]])).toEqual([...b.caps.entries()].map(([t, s]) => [t, [...s.entries()]]));
      expect([...a.frames.entries()]).toEqual([...b.frames.entries()]);
      expect([...a.threads.entries()]).toEqual([...b.threads.entries()]);
    }
  }, 60_000);
});

describe("size", () => {
  it("builds the model of a 1,000,000-record trace", () => {
    const { bytes, records } = syntheticTrace(schema, 1_000_000, 16);
    let t0 = performance.now();
    const table = decodeTrace(bytes, schema);
    const decodeMs = performance.now() - t0;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const model = buildModel(table);
    const buildMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const buildCpuMs = (cpu.user + cpu.system) / 1000;
    t0 = performance.now();
    const end = model.stateAt(records - 1);
    model.stateAt(records - 2);
    const back = model.stateAt(records / 2);
    const stateMs = performance.now() - t0;
    console.log(`1M records: decode ${decodeMs.toFixed(0)} ms, buildModel ${buildMs.toFixed(0)} ms (CPU ${buildCpuMs.toFixed(0)} ms), ` +
      `3 stateAt ${stateMs.toFixed(1)} ms; ${model.messages.length} messages, ${model.threads.size} threads, ` +
      `${end.frames.size} frames, ${[...end.caps.values()].reduce((n, s) => n + s.size, 0)} caps`);
    expect(table.count).toBe(records);
    expect(model.messages.length).toBeGreaterThan(50_000);
    expect(model.messages.every((m) => m.to !== undefined || m.sentAt > records - 40)).toBe(true);
    expect(back.index).toBe(records / 2);
  }, 120_000);
});
