"""The kernel's objects rebuilt from a decoded trace: tasks with their capability spaces and
address spaces, kernel objects, threads and physical frames, at the end of a run or after
any record.

    state = replay(records)                # after the last record
    state = replay(records, upto=120)      # after records[0..120] (record index 120 included)
    state.tasks[5].caps[7]                 # Cap(object=12, type="endpoint", rights=15, badge=0, ...)
    state.tasks[5].mappings[0x400000]      # Mapping(paddr=0x1a3000, writable=True)
    state.frames[0x1a3000]                 # Frame(use="user_page", task=5)
    kernel_report(state)                   # the "orrery-kernel-report" JSON the kernel's own
                                           # report (grading/harness/kernel_report.py) has

The records are what orrery_trace.decode gives (field names as kernel/trace_events.h
names them, "_name" fields already turned into names). What each record does is written
down in docs/test-protocol.md ("What the records mean"); in short: object_create and
object_destroy bring objects and take them away; task_create / task_name / task_destroy
the tasks; cap_install fills a slot and the cap_source right after it says how (its badge,
its source slot); cap_remove empties one; page_map, page_unmap and page_protect change an address space;
frame_alloc and frame_free the frames in use, with what each is for and whom it serves; and
thread_create / thread_state / thread_exit the threads.

A record that does not fit the state built so far (a capability removed from an empty slot,
a page unmapped that was never mapped...) is noted in state.problems, never raised: the
trace may begin mid-run (tracing paused) or lose records (a `lost` record).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .events import TEXT_FIELD, load_events

#: The value of a "_name" field whose object type the trace never said.
UNKNOWN = "unknown"
#: What the JSON report calls itself, and its version (docs/test-protocol.md).
REPORT_FORMAT = "orrery-kernel-report"
REPORT_VERSION = 1


@dataclass
class Cap:
    """A capability in a slot: the object it names, that object's type, rights, badge; how
    it was made (cap_source: op, from_task, from_slot) and the index of its cap_install."""

    object: int
    type: str
    rights: int
    badge: int = 0
    op: str | None = None
    from_task: int = 0
    from_slot: int = 0
    index: int = -1


@dataclass
class Mapping:
    """A user page of an address space: the frame behind it, and whether it is writable."""

    paddr: int
    writable: bool
    index: int = -1


@dataclass
class Frame:
    """A physical frame in use: what it is for (FRAME_USE) and the task it serves (0: the
    kernel). When a task goes, the frames still charged to it pass to its parent, as the
    kernel moves the charges (object.h)."""

    use: str
    task: int
    index: int = -1


@dataclass
class Task:
    """A task: its name, parent (0: none), quota, capability space and address space."""

    id: int
    parent: int = 0
    quota: int = 0
    name: str = ""
    caps: dict[int, Cap] = field(default_factory=dict)
    mappings: dict[int, Mapping] = field(default_factory=dict)


@dataclass
class Thread:
    """A thread: its task, its state (THREAD_STATE name) and what it waits on (0: nothing)."""

    id: int
    task: int = 0
    state: str = "suspended"
    waits_on: int = 0


@dataclass
class State:
    """Everything replay() rebuilt. objects: id -> (type name, task charged)."""

    tasks: dict[int, Task] = field(default_factory=dict)
    objects: dict[int, tuple[str, int]] = field(default_factory=dict)
    threads: dict[int, Thread] = field(default_factory=dict)
    frames: dict[int, Frame] = field(default_factory=dict)
    destroyed_tasks: dict[int, Task] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    records_applied: int = 0
    #: The capability of the last record if it was a cap_install (its cap_source may follow).
    last_install: Cap | None = None

    def frames_by_owner(self) -> dict[int, dict[str, int]]:
        """{task id (0: kernel): {use: frames}}."""
        owners: dict[int, dict[str, int]] = {}
        for frame in self.frames.values():
            uses = owners.setdefault(frame.task, {})
            uses[frame.use] = uses.get(frame.use, 0) + 1
        return owners


class _Replayer:
    def __init__(self, state: State):
        self.state = state

    def note(self, index, record, problem):
        self.state.problems.append(f"record {index} (seq {record.get('seq')}, {record['type']}): {problem}")

    def task(self, index, record, task_id) -> Task | None:
        task = self.state.tasks.get(task_id)
        if task is None:
            self.note(index, record, f"task {task_id} is not known (no task_create)")
        return task

    def apply(self, index, r):
        kind = r["type"]
        if kind != "cap_source":  # a cap_source belongs to the cap_install just before it
            self.state.last_install = None
        handler = getattr(self, "on_" + kind, None)
        if handler:
            handler(index, r)

    # -- objects and tasks ----------------------------------------------------------------

    def on_object_create(self, index, r):
        self.state.objects[r["object"]] = (str(r["arg_type"]), r["task"])

    def on_object_destroy(self, index, r):
        if self.state.objects.pop(r["object"], None) is None:
            self.note(index, r, f"object {r['object']} destroyed but never created")

    def on_task_create(self, index, r):
        self.state.tasks[r["task"]] = Task(id=r["task"], parent=r["parent"], quota=r["quota"])

    def on_task_name(self, index, r):
        task = self.task(index, r, r["task"])
        if task:
            task.name = r.get("name", "")

    def on_task_destroy(self, index, r):
        task = self.state.tasks.pop(r["task"], None)
        if task is None:
            self.note(index, r, f"task {r['task']} destroyed but never created")
            return
        if task.caps or task.mappings:
            self.note(index, r, f"task {task.id} destroyed with {len(task.caps)} capabilities and "
                                f"{len(task.mappings)} mappings left")
        self.state.destroyed_tasks[task.id] = task
        for frame in self.state.frames.values():  # its charges pass to its parent
            if frame.task == task.id:
                frame.task = task.parent

    # -- capabilities -----------------------------------------------------------------------

    def on_cap_install(self, index, r):
        task = self.task(index, r, r["task"])
        if not task:
            return
        if r["slot"] in task.caps:
            self.note(index, r, f"slot {r['slot']} of task {task.id} is not empty")
        kind = self.state.objects.get(r["object"], (UNKNOWN, 0))[0]
        cap = Cap(object=r["object"], type=kind, rights=r["rights"], index=index)
        task.caps[r["slot"]] = cap
        self.state.last_install = cap

    def on_cap_source(self, index, r):
        cap, self.state.last_install = self.state.last_install, None
        if cap is None:
            self.note(index, r, "cap_source without a cap_install just before it")
            return
        cap.op, cap.badge = str(r["op"]), r["badge"]
        cap.from_task, cap.from_slot = r["from_task"], r["from_slot"]

    def on_cap_remove(self, index, r):
        task = self.task(index, r, r["task"])
        if not task:
            return
        cap = task.caps.pop(r["slot"], None)
        if cap is None:
            self.note(index, r, f"slot {r['slot']} of task {task.id} removed but empty")
        elif cap.object != r["object"]:
            self.note(index, r, f"slot {r['slot']} of task {task.id} held object {cap.object}, "
                                f"the record says {r['object']}")

    # -- address spaces and frames ----------------------------------------------------------

    def on_page_map(self, index, r):
        task = self.task(index, r, r["task"])
        if not task:
            return
        if r["vaddr"] in task.mappings:
            self.note(index, r, f"{r['vaddr']:#x} of task {task.id} is mapped already")
        task.mappings[r["vaddr"]] = Mapping(paddr=r["paddr"], writable=bool(r["writable"]), index=index)

    def on_page_unmap(self, index, r):
        task = self.task(index, r, r["task"])
        if not task:
            return
        mapping = task.mappings.pop(r["vaddr"], None)
        if mapping is None:
            self.note(index, r, f"{r['vaddr']:#x} of task {task.id} unmapped but not mapped")
        elif mapping.paddr != r["paddr"]:
            self.note(index, r, f"{r['vaddr']:#x} of task {task.id} mapped {mapping.paddr:#x}, "
                                f"the record says {r['paddr']:#x}")

    def on_page_protect(self, index, r):
        task = self.task(index, r, r["task"])
        if not task:
            return
        mapping = task.mappings.get(r["vaddr"])
        if mapping is None:
            self.note(index, r, f"{r['vaddr']:#x} of task {task.id} protected but not mapped")
        elif mapping.paddr != r["paddr"]:
            self.note(index, r, f"{r['vaddr']:#x} of task {task.id} maps {mapping.paddr:#x}, "
                                f"the record says {r['paddr']:#x}")
        else:
            task.mappings[r["vaddr"]] = Mapping(paddr=mapping.paddr, writable=bool(r["writable"]),
                                                index=mapping.index)

    def on_frame_alloc(self, index, r):
        self.state.frames[r["paddr"]] = Frame(use=str(r.get("use", "kernel")), task=r.get("task", 0),
                                              index=index)

    def on_frame_free(self, index, r):
        if self.state.frames.pop(r["paddr"], None) is None:
            self.note(index, r, f"frame {r['paddr']:#x} freed but not allocated")

    # -- threads ----------------------------------------------------------------------------

    def on_thread_create(self, index, r):
        self.state.threads[r["thread"]] = Thread(id=r["thread"], task=r["task"])

    def on_context_switch(self, index, r):
        # The thread switched to runs (thread_state never says "running": trace_events.h).
        thread = self.state.threads.setdefault(r["to_thread"], Thread(id=r["to_thread"]))
        thread.state, thread.waits_on = "running", 0

    def on_thread_state(self, index, r):
        thread = self.state.threads.setdefault(r["thread"], Thread(id=r["thread"]))
        thread.state, thread.waits_on = str(r["state"]), r["object"]


def replay(records, upto: int | None = None, state: State | None = None) -> State:
    """Apply records[0..upto] (upto included; None: all) to *state* (default: a new one, the
    state before the first record) and return it. Replaying in steps gives the same state
    as replaying at once: replay(records[k:], state=replay(records[:k]))."""
    state = state or State()
    replayer = _Replayer(state)
    end = len(records) if upto is None else min(upto + 1, len(records))
    base = state.records_applied
    for index in range(end):
        replayer.apply(base + index, records[index])
    state.records_applied = base + end
    return state


def task_name_chars(events=None) -> int:
    """How many characters of a task's name its task_name record carries (4 per name_text field)."""
    events = events or load_events()
    _, fields = events.events[events.ids["task_name"]]
    return 4 * fields.count(TEXT_FIELD)


def hex_address(value: int) -> str:
    """An address as the report writes it: 0x and eight lowercase hex digits."""
    return f"{value:#010x}"


def kernel_report(state: State) -> dict:
    """The state's live tasks in the report format of docs/test-protocol.md ("The kernel
    report"), which grading/harness/kernel_report.py reads from the halted guest."""
    tasks = {}
    for task in sorted(state.tasks.values(), key=lambda t: t.id):
        tasks[str(task.id)] = {
            "name": task.name,
            "caps": {str(slot): {"object": cap.object, "type": cap.type, "rights": cap.rights,
                                 "badge": cap.badge}
                     for slot, cap in sorted(task.caps.items())},
            "mappings": {hex_address(va): {"paddr": hex_address(m.paddr), "writable": m.writable}
                         for va, m in sorted(task.mappings.items())},
        }
    return {"format": REPORT_FORMAT, "version": REPORT_VERSION, "tasks": tasks}


def report_differences(expected: dict, seen: dict, limit: int = 20) -> list[str]:
    """What differs between two reports (e.g. the kernel's and the trace's), one line each,
    at most *limit* lines; [] if they are equal."""
    lines = []
    for key in ("format", "version"):
        if expected.get(key) != seen.get(key):
            lines.append(f"{key}: {expected.get(key)!r} != {seen.get(key)!r}")
    a, b = expected.get("tasks", {}), seen.get("tasks", {})
    for task in sorted(set(a) | set(b), key=int):
        if task not in a or task not in b:
            lines.append(f"task {task} only in the {'first' if task in a else 'second'} report")
            continue
        for part in ("name", "caps", "mappings"):
            x, y = a[task].get(part), b[task].get(part)
            if part == "name":
                if x != y:
                    lines.append(f"task {task}: name {x!r} != {y!r}")
                continue
            for key in sorted(set(x) | set(y)):
                if x.get(key) != y.get(key):
                    lines.append(f"task {task} {part} {key}: {x.get(key)} != {y.get(key)}")
    return lines[:limit] + ([f"... {len(lines) - limit} more"] if len(lines) > limit else [])
