"""A big synthetic trace for `make bench-viz`: what a busy Orrery system writes, a million times.

The records are framed by viz/orrery_trace/decode.py's encode_record, in the kernel's own
record shapes (the fields of kernel/trace_events.h, looked up by name), so the page and the
host decoder read it exactly as they read a real capture. The story it tells is a system's:
a boot, then tasks with several threads each; clients call servers (syscall entry, send,
scheduler pick, context switch, receive, reply, the caller's receive, syscall exit), threads
fault and a pager maps frames for them, IRQs become notifications, time slices run out,
and capabilities are made, copied, transferred and deleted. Events the header does not
have (a kernel without issue 10's trace points) are left out, so the generator follows the
header. Random choices come from a fixed seed: the same header gives the same bytes.

    /usr/bin/python3 viz/bench/synth_trace.py -o build/viz/bench/trace-1M.bin [--records N]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

VIZ = Path(__file__).resolve().parent.parent
if str(VIZ) not in sys.path:
    sys.path.insert(0, str(VIZ))

from orrery_trace.decode import encode_record  # noqa: E402
from orrery_trace.events import load_events  # noqa: E402
from orrery_trace.kernel_headers import header_enum  # noqa: E402

#: How big the simulated system is.
TASKS = 24
THREADS_PER_TASK = 4
SERVERS = 6  # the first SERVERS tasks serve; each has one endpoint
#: Guest instructions between two records, at most (the gaps are random, 40 to this).
MAX_GAP = 900
PAGE = 4096
USER_BASE = 0x40000000
SEED = 1


class Synth:
    """Writes records one by one, numbering them and advancing the clock."""

    def __init__(self, events):
        self.events = events
        self.frames: list[bytes] = []
        self.seq = 0
        self.ts = 1000
        self.msg = 0
        self.random = random.Random(SEED)
        self.reverse = {table: {name: i for i, name in names.items()}
                        for table, names in events.tables.items()}

    def emit(self, event, **fields):
        """One record of `event` (skipped if the header has no such event); fields by
        their record key, "_name" fields by their table name ("send", not 3); missing: 0."""
        type_id = self.events.ids.get(event)
        if type_id is None:
            return
        args = [0, 0, 0, 0]
        for index, field in self.events.slots[type_id]:
            if field == "name_text":
                text = fields.get("name", "").encode("ascii")
                chunk = [i for i, (_, f) in enumerate(self.events.slots[type_id]) if f == "name_text"]
                part = chunk.index(index)
                args[index] = int.from_bytes(text[4 * part:4 * part + 4].ljust(4, b"\0"), "little")
                continue
            key, table = self.events.table_for(field)
            value = fields.get(key, 0)
            if table is not None:
                names = self.reverse[table]
                value = names.get(value, min(self.events.tables[table]))
            args[index] = value & 0xFFFFFFFF
        self.ts += self.random.randint(40, MAX_GAP)
        self.frames.append(encode_record(type_id, self.seq, self.ts, args, flags=100 + type_id))
        self.seq += 1

    def new_msg(self):
        self.msg += 1
        return self.msg


def build(records: int, events=None) -> bytes:
    """The bytes of a synthetic trace of at least `records` records."""
    events = events or load_events()
    s = Synth(events)
    syscalls = {name.lower(): n for name, n in _syscalls().items()}
    call, reply_recv = syscalls.get("call", 3), syscalls.get("reply_recv", 4)
    reasons = header_enum("sched.h", "switch_reason")
    block, preempt = reasons["SWITCH_BLOCK"], reasons["SWITCH_PREEMPT"]
    for phase in sorted(events.phases):
        s.emit("boot_phase", phase=events.phases[phase])
    next_id = 100
    threads, endpoint_of, slot_of = {}, {}, {}
    for task in range(1, TASKS + 1):
        task_id = next_id
        next_id += 1
        s.emit("task_create", task=task_id, parent=0 if task == 1 else 100, quota=1 << 20)
        s.emit("object_create", object=task_id, arg_type="task", task=task_id)
        s.emit("task_name", task=task_id, name=f"tsk{task}")
        slot_of[task_id] = 1
        for n in range(THREADS_PER_TASK):
            thread = next_id
            next_id += 1
            threads[thread] = task_id
            s.emit("object_create", object=thread, arg_type="thread", task=task_id)
            s.emit("thread_create", thread=thread, task=task_id, priority=5 + (n % 3))
            s.emit("thread_name", thread=thread, name=f"t{task}.{n}")
        if task <= SERVERS:
            endpoint = next_id
            next_id += 1
            endpoint_of[task_id] = endpoint
            s.emit("object_create", object=endpoint, arg_type="endpoint", task=task_id)
            _install(s, task_id, slot_of, endpoint, "create", 0)
    all_threads = list(threads)
    servers = {t: [th for th in all_threads if threads[th] == t] for t in endpoint_of}
    pager = servers[next(iter(servers))][0]
    running = all_threads[0]
    next_page = {t: USER_BASE for t in set(threads.values())}
    frames_in_use = 1000

    def switch(to, reason):
        nonlocal running
        s.emit("sched_pick", thread=to, priority=5)
        s.emit("context_switch", from_thread=running, to_thread=to, reason=reason)
        running = to

    while s.seq < records:
        roll = s.random.random()
        client = s.random.choice(all_threads)
        server_task = s.random.choice(list(servers))
        server = s.random.choice(servers[server_task])
        endpoint = endpoint_of[server_task]
        if roll < 0.70:  # a call and its reply
            s.emit("syscall_entry", thread=client, number=call, arg0=1, arg1=0x10)
            msg = s.new_msg()
            s.emit("ipc_send", thread=client, endpoint=endpoint, msg=msg, tag=0x10)
            s.emit("ipc_words", msg=msg, word0=s.random.getrandbits(32), word1=1, word2=2)
            s.emit("thread_state", thread=client, state="blocked_reply", object=server)
            switch(server, block)
            s.emit("ipc_recv", thread=server, from_thread=client, msg=msg, badge=threads[client])
            s.emit("thread_state", thread=server, state="running", object=0)
            s.emit("syscall_exit", thread=server, number=reply_recv, result=0)
            s.emit("syscall_entry", thread=server, number=reply_recv, arg0=1, arg1=0)
            answer = s.new_msg()
            s.emit("ipc_reply", thread=server, to_thread=client, msg=answer, tag=0)
            s.emit("ipc_recv", thread=client, from_thread=server, msg=answer, badge=0)
            s.emit("thread_state", thread=server, state="blocked_recv", object=endpoint)
            switch(client, block)
            s.emit("syscall_exit", thread=client, number=call, result=0)
        elif roll < 0.82:  # a page fault served by the pager
            task = threads[client]
            vaddr = next_page[task]
            next_page[task] += PAGE
            s.emit("page_fault", thread=client, address=vaddr, eip=0x1000, access=2)
            msg = s.new_msg()
            s.emit("fault_delivered", thread=client, endpoint=endpoint_of[threads[pager]], msg=msg, address=vaddr)
            s.emit("thread_state", thread=client, state="blocked_reply", object=pager)
            switch(pager, block)
            s.emit("ipc_recv", thread=pager, from_thread=client, msg=msg, badge=0)
            frames_in_use += 1
            paddr = 0x400000 + PAGE * frames_in_use
            s.emit("frame_alloc", paddr=paddr, frames_in_use=frames_in_use, use="frame_object", task=task)
            s.emit("page_map", task=task, vaddr=vaddr, paddr=paddr, writable=1)
            answer = s.new_msg()
            s.emit("ipc_reply", thread=pager, to_thread=client, msg=answer, tag=0)
            s.emit("ipc_recv", thread=client, from_thread=pager, msg=answer, badge=0)
            switch(client, block)
        elif roll < 0.88:  # an IRQ becomes a notification
            s.emit("irq_raised", irq=s.random.choice((0, 1, 4, 8)))
            s.emit("irq_delivered", irq=8, notification=endpoint, bits=1)
            s.emit("notification_signal", thread=0, notification=endpoint, bits=1, bits_now=1)
            s.emit("notification_recv", thread=server, notification=endpoint, bits=1)
        elif roll < 0.96:  # a time slice runs out
            s.emit("thread_time_slice", thread=running, ticks=10)
            s.emit("thread_state", thread=running, state="ready", object=0)
            switch(client, preempt)
        else:  # a capability copied to a client and later deleted
            task = threads[client]
            slot = _install(s, task, slot_of, endpoint, "copy", threads[server])
            s.emit("cap_remove", task=task, slot=slot, object=endpoint, why="delete")
    return b"".join(s.frames)


def _install(s, task, slot_of, obj, op, from_task):
    slot = slot_of[task]
    slot_of[task] += 1
    s.emit("cap_install", task=task, slot=slot, object=obj, rights=7)
    s.emit("cap_source", op=op, badge=0, from_task=from_task, from_slot=1 if from_task else 0)
    return slot


def _syscalls():
    """SYSCALL_LIST of kernel/abi/syscalls.h: name -> number (empty if it cannot be read)."""
    import re
    text = (VIZ.parent / "kernel" / "abi" / "syscalls.h").read_text()
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"SYSCALL\((\w+),\s*(\d+)", text)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    data = build(args.records)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"bench-viz: wrote {args.output} ({len(data) // 37:,} records, {len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
