"""Turn decoded Orrery trace records into Chrome / Perfetto trace-event JSON.

Open the output in ui.perfetto.dev or chrome://tracing. The TSC counts guest
instructions (-icount shift=0), so one instruction is treated as 1 ns: ts_us = tsc / 1000.
To show a new event, add a function to INSTANTS or a field to COUNTERS.
"""

PID = 1
TID = 1


def _boot_phase(r):
    return str(r.get("phase")), "boot", {}


def _exception(r):
    args = {k: f"{r[k]:#x}" for k in ("vector", "error_code", "eip", "cr2") if k in r}
    return f"exception {r.get('vector')}", "exception", args


def _lost(r):
    return f"lost {r.get('count')} records", "trace", {}


#: event type -> function(record) giving (name, category, args) of an instant event.
INSTANTS = {"boot_phase": _boot_phase, "exception": _exception, "lost": _lost}

#: event type -> record field plotted as a counter track of the same name.
COUNTERS = {
    "frame_alloc": "frames_in_use",
    "frame_free": "frames_in_use",
    "pmem_ready": "frames_in_use",
}


def ts_us(record):
    """The record's timestamp in microseconds (1 guest instruction = 1 ns)."""
    return record["ts"] / 1000


def to_chrome_trace(records):
    """Return a Chrome trace-event dict ({"traceEvents": [...], "displayTimeUnit": "ns"})."""
    events = [
        {"name": "process_name", "ph": "M", "pid": PID, "args": {"name": "Orrery kernel"}},
        {"name": "thread_name", "ph": "M", "pid": PID, "tid": TID, "args": {"name": "kernel"}},
    ]
    for r in records:
        kind = r["type"]
        if kind in INSTANTS:
            name, cat, args = INSTANTS[kind](r)
            events.append({"name": name, "cat": cat, "ph": "i", "s": "t", "ts": ts_us(r),
                           "pid": PID, "tid": TID, "args": dict(args, seq=r["seq"])})
        if kind in COUNTERS and COUNTERS[kind] in r:
            counter = COUNTERS[kind]
            events.append({"name": counter, "ph": "C", "ts": ts_us(r), "pid": PID,
                           "args": {counter: r[counter]}})
    return {"traceEvents": events, "displayTimeUnit": "ns"}
