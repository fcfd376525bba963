"""Turn decoded Orrery trace records into Chrome / Perfetto trace-event JSON.

Open the output in ui.perfetto.dev or chrome://tracing. The TSC counts guest
instructions (-icount shift=0), so one instruction is treated as 1 ns: ts_us = tsc / 1000.
To show a new event, add a function to INSTANTS (the kernel's track), THREAD_INSTANTS (the
track of the thread the record names) or a field to COUNTERS; an event left out on purpose
is in NOT_DRAWN, with the reason (a test checks that every event is in one of them).

Threads get a track each (tid = 1000 + thread id, named from thread_name records): a
"running" slice for every stretch between the context_switch that gave it the CPU and
the one that took it away, and instants for its system calls, faults, saved and stale
replies, bound notifications, signals, state changes (blocked on what) and time slices.
Every IPC message is an arrow (a flow) from the sender's track to the receiver's; its send
slice carries the message's words and transferred capabilities (ipc_words, ipc_cap) as
arguments. Objects, tasks, capabilities and mappings made or removed are instants on the
kernel track.
"""

from .kernel_headers import header_enum
from .messages import RECEIVE_EVENT, SEND_EVENTS

PID = 1
TID = 1
THREAD_TID_BASE = 1000
#: context_switch reason -> name: enum switch_reason of kernel/sched.h (SWITCH_YIELD -> "yield").
SWITCH_REASONS = {value: name.removeprefix("SWITCH_").lower()
                  for name, value in header_enum("sched.h", "switch_reason").items()}


def _boot_phase(r):
    return str(r.get("phase")), "boot", {}


def _exception(r):
    args = {k: f"{r[k]:#x}" for k in ("vector", "error_code", "eip", "cr2") if k in r}
    return f"exception {r.get('vector')}", "exception", args


def _lost(r):
    return f"lost {r.get('count')} records", "trace", {}


def _quota_transfer(r):
    args = {k: r[k] for k in ("from_task", "to_task", "bytes", "child_limit") if k in r}
    return (f"quota: {r.get('bytes')} bytes from task {r.get('from_task')} to task "
            f"{r.get('to_task')}"), "quota", args


def _fields(r, *keys):
    return {k: r[k] for k in keys if k in r}


def _object_create(r):
    return (f"create {r.get('arg_type')} {r.get('object')}", "object", _fields(r, "object", "arg_type", "task"))


def _object_destroy(r):
    return f"destroy {r.get('arg_type')} {r.get('object')}", "object", _fields(r, "object", "arg_type")


def _task_create(r):
    return (f"task {r.get('task')} created by task {r.get('parent')}", "task",
            _fields(r, "task", "parent", "quota"))


def _task_destroy(r):
    return f"task {r.get('task')} destroyed", "task", _fields(r, "task")


def _cap_install(r):
    return (f"cap: task {r.get('task')} slot {r.get('slot')} <- object {r.get('object')}", "cap",
            _fields(r, "task", "slot", "object", "rights"))


def _cap_source(r):
    return (f"cap made by {r.get('op')} from task {r.get('from_task')} slot {r.get('from_slot')}",
            "cap", _fields(r, "op", "badge", "from_task", "from_slot"))


def _cap_remove(r):
    return (f"cap: task {r.get('task')} slot {r.get('slot')} emptied ({r.get('remove')})", "cap",
            _fields(r, "task", "slot", "object", "remove"))


def _cap_revoke(r):
    return (f"revoke task {r.get('task')} slot {r.get('slot')}: {r.get('removed')} removed", "cap",
            _fields(r, "task", "slot", "removed"))


def _page_map(r):
    args = {"task": r.get("task"), "vaddr": f"{r.get('vaddr', 0):#x}", "paddr": f"{r.get('paddr', 0):#x}",
            "writable": r.get("writable")}
    return f"map task {r.get('task')} {r.get('vaddr', 0):#x}", "vm", args


def _page_unmap(r):
    args = {"task": r.get("task"), "vaddr": f"{r.get('vaddr', 0):#x}", "paddr": f"{r.get('paddr', 0):#x}"}
    return f"unmap task {r.get('task')} {r.get('vaddr', 0):#x}", "vm", args


def _page_protect(r):
    args = {"task": r.get("task"), "vaddr": f"{r.get('vaddr', 0):#x}", "paddr": f"{r.get('paddr', 0):#x}",
            "writable": r.get("writable")}
    mode = "writable" if r.get("writable") else "read-only"
    return f"protect task {r.get('task')} {r.get('vaddr', 0):#x} {mode}", "vm", args


def _page_bits(r):
    args = {"task": r.get("task"), "vaddr": f"{r.get('vaddr', 0):#x}", "bits": f"{r.get('bits', 0):#x}",
            "cleared": f"{r.get('cleared', 0):#x}"}
    return f"bits task {r.get('task')} {r.get('vaddr', 0):#x}", "vm", args


def _frame_copy(r):
    args = {"to_paddr": f"{r.get('to_paddr', 0):#x}", "from_paddr": f"{r.get('from_paddr', 0):#x}",
            "to_frame": r.get("to_frame"), "from_frame": r.get("from_frame")}
    return f"copy frame {r.get('from_paddr', 0):#x} to {r.get('to_paddr', 0):#x}", "vm", args


def _frame_access(verb):
    def draw(r):
        args = {"paddr": f"{r.get('paddr', 0):#x}", "offset": r.get("offset"), "length": r.get("length"),
                "frame": r.get("frame")}
        return f"{verb} frame {r.get('paddr', 0):#x}", "vm", args
    return draw


def _irq_signal(r):
    return (f"irq signals notification {r.get('notification')}", "irq",
            {"notification": r.get("notification"), "bits": f"{r.get('bits', 0):#x}"})


#: event type -> function(record) giving (name, category, args) of an instant event.
INSTANTS = {"boot_phase": _boot_phase, "exception": _exception, "lost": _lost,
            "quota_transfer": _quota_transfer, "object_create": _object_create,
            "object_destroy": _object_destroy, "task_create": _task_create,
            "task_destroy": _task_destroy, "cap_install": _cap_install, "cap_source": _cap_source,
            "cap_remove": _cap_remove, "cap_revoke": _cap_revoke, "page_map": _page_map,
            "page_unmap": _page_unmap, "page_protect": _page_protect, "page_bits": _page_bits,
            "frame_copy": _frame_copy, "frame_read": _frame_access("read"),
            "frame_write": _frame_access("write")}

#: Instants on the kernel track only when a field says so (an IRQ's notification_signal).
KERNEL_INSTANTS_WHEN = {"notification_signal": (lambda r: r.get("thread") == 0, _irq_signal)}


def _syscall(r):
    return f"syscall {r['number']}", "syscall", {}


def _user_fault(r):
    return f"fault {r['vector']}", "fault", {"eip": f"{r['eip']:#x}", "address": f"{r['address']:#x}"}


def _reply_saved(r):
    return f"reply saved for thread {r['caller']}", "ipc", {"caller": r["caller"], "reply": r["reply"]}


def _reply_stale(r):
    return f"reply {r['reply']} stale", "ipc", {"reply": r["reply"]}


def _notification_bind(r):
    verb = "bound" if r["bound"] else "unbound"
    return f"{verb} notification {r['notification']}", "ipc", {"notification": r["notification"]}


def _notification_recv(r):
    return (f"notification {r['notification']}: bits {r['bits']:#x}", "ipc",
            {"notification": r["notification"], "bits": f"{r['bits']:#x}"})


def _time_slice(r):
    return f"time slice {r['ticks']} ticks", "sched", {"ticks": r["ticks"]}


def _trace_mark(r):
    return f"mark {r['value']}", "trace", {"value": r["value"]}


def _trace_paused(r):
    return "trace paused", "trace", {}


def _trace_resumed(r):
    return f"trace resumed ({r['skipped']} records skipped)", "trace", {"skipped": r["skipped"]}


def _thread_state(r):
    state, on = r["state"], r.get("object", 0)
    return (f"{state} on {on}" if on else str(state)), "sched", {"state": state, "object": on}


def _notification_signal(r):
    return (f"signal notification {r['notification']}: bits {r['bits']:#x}", "ipc",
            {"notification": r["notification"], "bits": f"{r['bits']:#x}",
             "bits_now": f"{r['bits_now']:#x}"})


#: event type -> (the field naming the thread whose track it goes on, function(record)
#: giving (name, category, args) of an instant there). Drawn only when the trace has
#: context switches (and so thread tracks).
THREAD_INSTANTS = {
    "syscall_entry": ("thread", _syscall),
    "user_fault": ("thread", _user_fault),
    "reply_saved": ("thread", _reply_saved),
    "reply_stale": ("caller", _reply_stale),
    "notification_bind": ("thread", _notification_bind),
    "notification_recv": ("thread", _notification_recv),
    "thread_time_slice": ("thread", _time_slice),
    "trace_mark": ("thread", _trace_mark),
    "trace_paused": ("thread", _trace_paused),
    "trace_resumed": ("thread", _trace_resumed),
    "thread_state": ("thread", _thread_state),
    "notification_signal": ("thread", _notification_signal),
}

#: THREAD_INSTANTS left out for a record (an IRQ's signal, thread 0, goes on the kernel track).
THREAD_INSTANT_SKIP = {"notification_signal": lambda r: r["thread"] == 0}

#: event type -> record field plotted as a counter track of the same name.
COUNTERS = {
    "frame_alloc": "frames_in_use",
    "frame_free": "frames_in_use",
    "pmem_ready": "frames_in_use",
}

#: Events the export leaves out on purpose, and why.
NOT_DRAWN = {
    "mmap_entry": "boot-time facts, not events in time (orrery-trace decode lists them)",
    "module": "boot-time facts, not events in time",
    "kernel_image": "a boot-time fact, not an event in time",
    "ktest_begin": "in-kernel test results: the ktest runner reports them",
    "ktest_check": "in-kernel test results: the ktest runner reports them",
    "ktest_end": "in-kernel test results: the ktest runner reports them",
    "syscall_exit": "the call's instant is at its entry; its end is the next record on the track",
    "sched_pick": "the context_switch that follows draws the same choice",
    "thread_create": "the thread's track appears with its thread_name",
    "thread_exit": "its last running slice ends there",
    "thread_name": "names the thread tracks (metadata, not an event)",
    "task_name": "tasks have no track of their own",
    "page_fault": "the same fault is drawn as its fault message (fault_delivered) or, with no\n"
                  "handler, as its user_fault",
    "irq_raised": "interrupts are not drawn yet (no interrupt track)",
    "irq_delivered": "interrupts are not drawn yet (no interrupt track)",
    "ipc_words": "drawn as the words argument of its message's send slice",
    "ipc_cap": "drawn as the cap argument of its message's send slice",
}


def _never(record):
    return False


def ts_us(record):
    """The record's timestamp in microseconds (1 guest instruction = 1 ns)."""
    return record["ts"] / 1000


def _message_details(records):
    """{msg: {"words": [...], "caps": [...]}} from ipc_words and ipc_cap records."""
    details = {}
    for r in records:
        if r["type"] == "ipc_words":
            details.setdefault(r["msg"], {})["words"] = [r["word0"], r["word1"], r["word2"]]
        elif r["type"] == "ipc_cap":
            details.setdefault(r["msg"], {}).setdefault("caps", []).append(
                {"object": r["object"], "to_task": r["task"], "slot": r["slot"]})
    return details


def _ipc_flow(r, details):
    """A flow arrow: starts where a message is sent, ends at the ipc_recv with the same msg."""
    start = r["type"] != RECEIVE_EVENT
    name = {"ipc_send": "send", "ipc_reply": "reply", "fault_delivered": "fault message",
            "ipc_recv": "receive"}[r["type"]]
    args = dict({"msg": r["msg"]}, **(details.get(r["msg"], {}) if start else {}))
    slice_event = {"name": name, "cat": "ipc", "ph": "X", "ts": ts_us(r), "dur": 0.01, "pid": PID,
                   "tid": THREAD_TID_BASE + r["thread"], "args": args}
    flow = {"name": "message", "cat": "ipc", "ph": "s" if start else "f", "id": r["msg"],
            "ts": ts_us(r), "pid": PID, "tid": THREAD_TID_BASE + r["thread"]}
    if not start:
        flow["bp"] = "e"
    return [slice_event, flow]


def _thread_tracks(records):
    """Per-thread metadata, running slices and system-call instants."""
    events = []
    names = {0: "idle"}
    for r in records:
        if r["type"] == "thread_name":
            names[r["thread"]] = f"{r.get('name', '?')} (thread {r['thread']})"
    for thread, name in names.items():
        events.append({"name": "thread_name", "ph": "M", "pid": PID, "tid": THREAD_TID_BASE + thread,
                       "args": {"name": name}})
    running, since = None, None
    details = _message_details(records)
    for r in records:
        if r["type"] == "context_switch":
            if running is not None and since is not None:
                events.append({"name": "running", "cat": "sched", "ph": "X", "ts": since,
                               "dur": max(ts_us(r) - since, 0), "pid": PID,
                               "tid": THREAD_TID_BASE + running,
                               "args": {"left_because": SWITCH_REASONS.get(r["reason"], r["reason"])}})
            running, since = r["to_thread"], ts_us(r)
        elif r["type"] in SEND_EVENTS or r["type"] == RECEIVE_EVENT:
            events += _ipc_flow(r, details)
        elif r["type"] in THREAD_INSTANTS and not THREAD_INSTANT_SKIP.get(r["type"], _never)(r):
            thread_field, describe = THREAD_INSTANTS[r["type"]]
            name, cat, args = describe(r)
            events.append({"name": name, "cat": cat, "ph": "i", "s": "t", "ts": ts_us(r),
                           "pid": PID, "tid": THREAD_TID_BASE + r[thread_field],
                           "args": dict(args, seq=r["seq"])})
    return events


def to_chrome_trace(records):
    """Return a Chrome trace-event dict ({"traceEvents": [...], "displayTimeUnit": "ns"})."""
    events = [
        {"name": "process_name", "ph": "M", "pid": PID, "args": {"name": "Orrery kernel"}},
        {"name": "thread_name", "ph": "M", "pid": PID, "tid": TID, "args": {"name": "kernel"}},
    ]
    if any(r["type"] == "context_switch" for r in records):
        events += _thread_tracks(records)
    for r in records:
        kind = r["type"]
        describe = INSTANTS.get(kind)
        if kind in KERNEL_INSTANTS_WHEN and KERNEL_INSTANTS_WHEN[kind][0](r):
            describe = KERNEL_INSTANTS_WHEN[kind][1]
        if describe:
            name, cat, args = describe(r)
            events.append({"name": name, "cat": cat, "ph": "i", "s": "t", "ts": ts_us(r),
                           "pid": PID, "tid": TID, "args": dict(args, seq=r["seq"])})
        if kind in COUNTERS and COUNTERS[kind] in r:
            counter = COUNTERS[kind]
            events.append({"name": counter, "ph": "C", "ts": ts_us(r), "pid": PID,
                           "args": {counter: r[counter]}})
    return {"traceEvents": events, "displayTimeUnit": "ns"}
