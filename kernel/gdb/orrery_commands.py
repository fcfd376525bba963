"""Orrery's GDB commands: kernel state shown the way the kernel's own code names it.

Each command reads kernel variables through GDB's symbol information (the constants come
from the build, never from copies here). Loaded by kernel/gdb/orrery.gdb.

    orrery-frames   physical memory: usable, free and in-use frames
    orrery-trace    the trace ring buffer: records waiting, next sequence number
    orrery-boot     what the boot loader told the kernel: command line and modules
"""

import gdb


def _value(expression):
    return gdb.parse_and_eval(expression)


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
                  f"(bitmap covers {covered} frames = {covered * 4} KiB)\n")


class OrreryTrace(gdb.Command):
    """Show the trace ring buffer: records waiting to drain and the next sequence number."""

    def __init__(self):
        super().__init__("orrery-trace", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        ring = _value("ring")
        waiting = (int(ring["head"]) - int(ring["tail"])) & 0xFFFFFFFF
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


OrreryFrames()
OrreryTrace()
OrreryBoot()
