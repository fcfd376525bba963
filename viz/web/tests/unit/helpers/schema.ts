/**
 * The schema the unit tests use, always regenerated from the kernel's headers (never a stale
 * copy): `python3 -m orrery_trace schema` once the tools helper's command exists, else the
 * small Python program below over viz/orrery_trace's own header readers (events.py,
 * kernel_headers.py), which prints the same format (src/trace/types.ts).
 *
 * testSchema() adds the visualizer's new events (docs in /work/notes/viz.md) with ids from
 * SYNTHETIC_BASE when the header does not have them yet, so model tests run before the
 * kernel's trace points are merged; once they are, the header's own ids and fields are used.
 */
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Schema } from "../../../src/trace/types";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
export const PYTHON = "/usr/bin/python3";

/** The fallback generator: events and tables from events.py, a few constants, the sites. */
const GENERATOR = String.raw`
import json, re, pathlib
from orrery_trace.events import load_events
from orrery_trace.kernel_headers import header_enum
e = load_events()
root = pathlib.Path(e.path).parent.parent
events = {str(i): {"name": e.events[i][0], "fields": [dict(e.slots[i]).get(k, "") for k in range(4)]} for i in e.slots}
tables = {t: {str(k): v for k, v in names.items()} for t, names in e.tables.items()}
sys = (root / "kernel/abi/syscalls.h").read_text()
consts = {
  "syscalls": {m[1]: m[0] for m in re.findall(r"SYSCALL\((\w+), (\d+),", sys)},
  "rights": {m[0]: int(m[1], 0) for m in re.findall(r"#define (RIGHTS?_\w+) (0x[0-9a-fA-F]+|\d+)", sys)},
  "object_type": header_enum("abi/syscalls.h", "object_type"),
  "switch_reason": header_enum("sched.h", "switch_reason"),
  "thread_exit_reason": header_enum("thread.h", "thread_exit_reason"),
}
sites = []
for path in sorted((root / "kernel").rglob("*.c")):
  function = ""
  for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
    m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", line)
    if m and not line.rstrip().endswith(";"): function = m[1]
    for ev in re.findall(r"\bTRACE\((\w+),", line):
      sites.append({"event": ev, "line": n, "file": str(path.relative_to(root)), "function": function})
print(json.dumps({"format": "orrery-trace-schema", "version": 1, "events": events, "tables": tables, "constants": consts, "sites": sites}))
`;

let cached: Schema | undefined;

/** The schema of the kernel in this checkout. */
export function kernelSchema(): Schema {
  if (cached) return cached;
  const env = { ...process.env, PYTHONPATH: resolve(REPO, "viz") };
  let text: string;
  try {
    text = execFileSync(PYTHON, ["-m", "orrery_trace", "schema"], { env, cwd: REPO, stdio: ["ignore", "pipe", "ignore"] }).toString();
  } catch {
    text = execFileSync(PYTHON, ["-c", GENERATOR], { env, cwd: REPO }).toString();
  }
  cached = JSON.parse(text) as Schema;
  return cached;
}

/** Where synthetic ids of events the header lacks start. */
export const SYNTHETIC_BASE = 200;

/** The viz.md events, with their final field lists. */
const NEW_EVENTS: [string, [string, string, string, string]][] = [
  ["object_create", ["object", "type_name", "task", ""]],
  ["object_destroy", ["object", "type_name", "", ""]],
  ["task_create", ["task", "parent", "quota", ""]],
  ["task_destroy", ["task", "", "", ""]],
  ["cap_install", ["task", "slot", "object", "rights"]],
  ["cap_source", ["op_name", "badge", "from_task", "from_slot"]],
  ["cap_remove", ["task", "slot", "object", "remove_name"]],
  ["cap_revoke", ["task", "slot", "removed", ""]],
  ["page_map", ["task", "vaddr", "paddr", "writable"]],
  ["page_unmap", ["task", "vaddr", "paddr", ""]],
  ["thread_state", ["thread", "state_name", "object", ""]],
  ["notification_signal", ["thread", "notification", "bits", "bits_now"]],
  ["ipc_words", ["msg", "word0", "word1", "word2"]],
  ["ipc_cap", ["msg", "task", "slot", "object"]],
];

const NEW_TABLES: Record<string, string[]> = {
  OBJECT_TYPE: ["none", "task", "thread", "endpoint", "notification", "frame", "irq_handler", "io_ports", "irq_control", "io_control", "reply"],
  THREAD_STATE: ["suspended", "ready", "running", "sleeping", "blocked_send", "blocked_recv", "blocked_reply", "blocked_notify", "dead"],
  CAP_OP: ["boot", "create", "copy", "mint", "transfer", "reply_save"],
  CAP_REMOVE: ["delete", "revoke", "move", "task_destroyed", "used"],
  FRAME_USE: ["kernel", "page_table", "kmem", "frame_object", "user_page"],
};

let cachedTest: Schema | undefined;

/** kernelSchema() plus whatever of the viz.md events and tables it lacks (see the file comment). */
export function testSchema(): Schema {
  if (cachedTest) return cachedTest;
  const schema: Schema = structuredClone(kernelSchema());
  for (const [table, names] of Object.entries(NEW_TABLES)) {
    if (!schema.tables[table]) schema.tables[table] = Object.fromEntries(names.map((n, i) => [String(i), n]));
  }
  const have = new Set(Object.values(schema.events).map((e) => e.name));
  let id = SYNTHETIC_BASE;
  for (const [name, fields] of NEW_EVENTS) {
    if (have.has(name)) continue;
    while (schema.events[String(id)]) id++;
    schema.events[String(id)] = { name, fields };
  }
  for (const event of Object.values(schema.events)) {
    if (event.name === "frame_alloc" && event.fields[2] === "") event.fields = ["paddr", "frames_in_use", "use_name", "task"];
  }
  cachedTest = schema;
  return schema;
}
