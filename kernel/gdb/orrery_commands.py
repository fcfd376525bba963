"""Orrery's GDB commands: kernel state shown the way the kernel's own code names it.

Each command reads kernel variables, and enum constants, through GDB's symbol information;
the kernel's #define constants come from the build too: BUILD/gdb/orrery_constants.py,
which the Makefile makes from kernel/gdb/orrery_constants.py.in and the kernel headers, beside
the kernel ELF GDB has loaded (as Linux's scripts/gdb does). No value is copied in here.
Loaded by kernel/gdb/orrery.gdb.

    orrery-frames   physical memory: usable, free and in-use frames
    orrery-trace    the trace ring buffer: records waiting, next sequence number
    orrery-boot     what the boot loader told the kernel: command line and modules
    orrery-tasks    every task with its quota, and its threads with state, priority and IPC waits
"""

import runpy
from pathlib import Path

import gdb

#: Where the build puts the generated constants, relative to the kernel ELF's directory.
CONSTANTS_FILE = Path("gdb") / "orrery_constants.py"

_constants = {}  # kernel ELF path -> {name: int}


def _value(expression):
    return gdb.parse_and_eval(expression)


def constant(name):
    """The value the kernel build gives the #define *name* (listed in orrery_constants.py.in).

    Raises gdb.GdbError, saying what to do, if no kernel is loaded, the build has not made the
    constants file, or the file does not list *name*."""
    kernel = gdb.current_progspace().filename
    if not kernel:
        raise gdb.GdbError("no kernel loaded: file build/kernel.elf first")
    if kernel not in _constants:
        path = Path(kernel).parent / CONSTANTS_FILE
        if not path.exists():
            raise gdb.GdbError(f"{path} is missing: `make` builds it beside {kernel}")
        expressions = runpy.run_path(str(path))["EXPRESSIONS"]
        _constants[kernel] = {key: int(_value(text)) for key, text in expressions.items()}
    if name not in _constants[kernel]:
        raise gdb.GdbError(f"{name} is not in {CONSTANTS_FILE}: add ORRERY_CONSTANT({name}) "
                           "to kernel/gdb/orrery_constants.py.in")
    return _constants[kernel][name]


def _enum(name):
    """The value of an enumerator of the kernel (from its debug information)."""
    return int(_value(name))


def _unsigned_mask(value):
    """All ones in the width of *value*'s type (the wrap-around of a counter of that type)."""
    return (1 << (8 * value.type.sizeof)) - 1


class OrreryFrames(gdb.Command):
    """Show the physical frame allocator: usable, free and in-use frames."""

    def __init__(self):
        super().__init__("orrery-frames", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        allocator = _value("allocator")
        usable = int(_value("frames_usable"))
        in_use = int(_value("frames_in_use"))
        free = int(allocator["free_count"])
        covered = int(allocator["frame_count"])
        gdb.write(f"frames: {usable} usable, {free} free, {in_use} in use "
                  f"(bitmap covers {covered} frames = {covered * constant('PAGE_SIZE') // 1024} KiB)\n")


class OrreryTrace(gdb.Command):
    """Show the trace ring buffer: records waiting to drain and the next sequence number."""

    def __init__(self):
        super().__init__("orrery-trace", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        ring = _value("ring")
        waiting = (int(ring["head"]) - int(ring["tail"])) & _unsigned_mask(ring["head"])
        gdb.write(f"trace ring: {waiting} of {int(ring['capacity'])} records waiting, "
                  f"next seq {int(_value('next_seq'))}, auto drain "
                  f"{'on' if bool(_value('auto_drain')) else 'off'}\n")


class OrreryBoot(gdb.Command):
    """Show the boot information: kernel command line and boot modules."""

    def __init__(self):
        super().__init__("orrery-boot", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        info = _value("boot_info")
        gdb.write(f"command line: {info['cmdline'].string()}\n")
        for i in range(int(info["module_count"])):
            module = info["modules"][i]
            start, end = int(module["start"]), int(module["end"])
            gdb.write(f"module {i}: {module['name'].string()} {end - start} bytes at {start:#010x}\n")


def _ipc_detail(thread):
    """What a thread waits for in IPC, and where its faults go: " on endpoint 3", ..."""
    state = int(thread["state"])
    blocked_on = thread["blocked_on"]
    detail = ""
    if state in (_enum("THREAD_BLOCKED_SEND"), _enum("THREAD_BLOCKED_RECV")) and int(blocked_on):
        endpoint = blocked_on.cast(gdb.lookup_type("struct endpoint").pointer())
        detail = f" on endpoint {int(endpoint['object']['id'])}"
    elif state == _enum("THREAD_BLOCKED_NOTIFY") and int(blocked_on):
        notification = blocked_on.cast(gdb.lookup_type("struct notification").pointer())
        detail = f" on notification {int(notification['object']['id'])}"
    elif state == _enum("THREAD_BLOCKED_REPLY") and int(thread["reply_from"]):
        detail = f" for the reply of thread {int(thread['reply_from']['object']['id'])}"
    if int(thread["reply_to"]):
        detail += f", owes thread {int(thread['reply_to']['object']['id'])} a reply"
    if int(thread["fault_endpoint"]):
        detail += f", faults go to endpoint {int(thread['fault_endpoint']['object']['id'])}"
    return detail


class OrreryTasks(gdb.Command):
    """List every task (id, name, quota) and its threads (id, state, priority, and what they
    wait for in IPC); * = running."""

    def __init__(self):
        super().__init__("orrery-tasks", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        current = _value("current_thread")
        task = _value("task_list")
        if int(task) == 0:
            gdb.write("no tasks yet\n")
        while int(task) != 0:
            gdb.write(f"task {int(task['object']['id'])} {task['name'].string()}: quota "
                      f"{int(task['quota_used'])}/{int(task['quota_limit'])} bytes\n")
            thread = task["threads"]
            while int(thread) != 0:
                mark = "*" if int(thread) == int(current) else " "
                state = str(thread["state"]).replace("THREAD_", "").lower()
                gdb.write(f"  {mark} thread {int(thread['object']['id'])} {state} priority "
                          f"{int(thread['priority'])}{_ipc_detail(thread)}\n")
                thread = thread["task_next"]
            task = task["next"]


OrreryFrames()
OrreryTasks()
OrreryTrace()
OrreryBoot()
