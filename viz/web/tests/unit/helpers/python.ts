/**
 * The Python decoder (viz/orrery_trace/decode.py) as an oracle: decode many streams in one
 * /usr/bin/python3 run and return, for each, what it found (records, text, lost, warnings)
 * or the TraceError it raised.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { PYTHON, REPO } from "./schema";

export interface PythonResult {
  records?: Record<string, number | string>[];
  text?: string;
  lost?: number;
  warnings?: string[];
  error?: { offset: number; problem: string };
}

const PROGRAM = String.raw`
import json, sys
from orrery_trace.decode import TraceError, decode_stream
out = []
job = json.load(sys.stdin)
for hexdata in job["streams"]:
    try:
        r = decode_stream(bytes.fromhex(hexdata), strict=job["strict"])
        out.append({"records": r.records, "text": r.text, "lost": r.lost, "warnings": r.warnings})
    except TraceError as e:
        out.append({"error": {"offset": e.offset, "problem": e.problem}})
json.dump(out, sys.stdout)
`;

/** Where the Python package comes from: ORRERY_VIZ_PYTHONPATH (another checkout's viz/), else this one's. */
export function oraclePath(): string {
  return process.env.ORRERY_VIZ_PYTHONPATH ?? resolve(REPO, "viz");
}

const hex = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.length).toString("hex");

export function pythonDecode(streams: Uint8Array[], strict: boolean): PythonResult[] {
  const input = JSON.stringify({ strict, streams: streams.map(hex) });
  const env = { ...process.env, PYTHONPATH: oraclePath() };
  const output = execFileSync(PYTHON, ["-c", PROGRAM], { input, env, maxBuffer: 1 << 30 });
  return JSON.parse(output.toString()) as PythonResult[];
}

/** The unknown-type message names the header's path in Python, the header's name in TypeScript. */
export function samePath(message: string): string {
  return message.replace(/not in \S*kernel\/trace_events\.h/, "not in kernel/trace_events.h");
}
