/**
 * The decoded trace as the page holds it: one row per kernel trace record, in columns
 * (typed arrays), so a million records cost tens of megabytes, not a million objects.
 * Built by decode.ts from the raw stream the kernel writes to port 0xE9
 * (docs/test-protocol.md, "The trace stream"), using the schema that `orrery-trace schema`
 * reads from kernel/trace_events.h and the kernel headers.
 */

/** One event type of kernel/trace_events.h. */
export interface EventType {
  id: number;
  name: string;
  /** The four raw field names exactly as the header gives them ("" for an unused argument). */
  fields: [string, string, string, string];
}

/** Where one trace point sits in the kernel's source (the record's `line` says which). */
export interface Site {
  event: string;
  line: number;
  file: string; // relative to the repository, e.g. "kernel/sys_ipc.c"
  function: string;
}

/** What `orrery-trace schema` writes (format "orrery-trace-schema", version 1). */
export interface Schema {
  format: "orrery-trace-schema";
  version: 1;
  /** Keyed by event id, as a decimal string. */
  events: Record<string, { name: string; fields: [string, string, string, string] }>;
  /** Names tables of trace_events.h (BOOT_PHASE, THREAD_STATE, CAP_OP, ...): id -> name. */
  tables: Record<string, Record<string, string>>;
  /** Kernel constants the model needs, by group: object_type, switch_reason, rights, ipc_tag, syscalls... */
  constants: Record<string, Record<string, number | string>>;
  sites: Site[];
}

/** The decoded records, in trace order. Row i is record i; args has 4 entries per row. */
export interface TraceTable {
  schema: Schema;
  /** Number of rows in use (the arrays may be longer: live traces grow). */
  count: number;
  type: Uint16Array;
  /** Source line of the trace point (the frame's flags field). */
  line: Uint16Array;
  seq: Uint32Array;
  /** rdtsc at the record; under -icount shift=0 this counts guest instructions. */
  ts: Float64Array;
  args: Uint32Array;
  /** Bytes between frames (Bochs's or QEMU's own messages), as text. */
  text: string;
  /** Problems met while decoding leniently, each naming its byte offset. */
  warnings: string[];
  /** Records the kernel reported lost (sum of `lost` records' counts). */
  lost: number;
}

/** A damaged stream in strict mode: names the byte offset and the problem. */
export class TraceError extends Error {
  constructor(
    public readonly offset: number,
    public readonly problem: string,
  ) {
    super(`offset ${offset}: ${problem}`);
    this.name = "TraceError";
  }
}
