"""Read the guest's state from outside: QEMU's gdbstub, driven by a GDB the harness runs.

Student code runs in the kernel, so it can write any trace record it likes. What it cannot
change is the machine as QEMU sees it: the page tables the MMU walks, the frame bitmap in
physical memory, the thread the CPU really switched to, the instructions a function really
took. This module boots a kernel paused, with QEMU's gdbstub on a private socket, and lets a
grader stop the guest at kernel functions and read (or write) that state itself:

    def inspect(guest):
        facts = guest.boot_facts()                    # the Multiboot info, before any kernel code
        stop = guest.run_to("ktest_checkpoint", args=3)
        mapping = guest.translate(0xF0000000)         # walks the page tables from CR3
        ...
    result, evidence = run_guest(kernel, modules, inspect, cmdline="test=lab1_vm_map")

The GDB half is grading/harness/guest_state_gdb.py. Kernel #define constants come from the
build (BUILD/gdb/orrery_constants.py, made from kernel/gdb/orrery_constants.py.in).
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from grading.harness.qemu import DEFAULT_WALL_TIMEOUT, RunResult, run_qemu

GDB = "gdb"
GDB_SIDE = Path(__file__).with_name("guest_state_gdb.py")
SOCKET_WAIT_SECONDS = 10.0
REQUEST_TIMEOUT = 120.0
PAGE = 4096
PT_ENTRIES = 1024

# Multiboot v1 information (the Multiboot specification, section 3.3): field offsets.
MULTIBOOT_INFO_MODS_COUNT = 20
MULTIBOOT_INFO_MODS_ADDR = 24
MULTIBOOT_INFO_MMAP_LENGTH = 44
MULTIBOOT_INFO_MMAP_ADDR = 48
MULTIBOOT_INFO_FLAG_MODS = 1 << 3
MULTIBOOT_INFO_FLAG_MMAP = 1 << 6
MULTIBOOT_MODULE_SIZE = 16
MULTIBOOT_MEMORY_AVAILABLE = 1

T = TypeVar("T")


class GuestError(Exception):
    """The harness could not inspect the guest (not the student's fault)."""


class GuestMemoryError(GuestError):
    """An address the guest's page tables do not map (the guest's doing, not the harness's)."""


@dataclass
class Stop:
    """Where run_to() stopped the guest: the location asked for and its stack arguments."""

    location: str
    args: list[int]


@dataclass
class BootFacts:
    """What the boot loader gave the kernel, read before the kernel ran an instruction.

    usable: (start, end) physical ranges the memory map calls available RAM;
    modules: (start, end) of each boot module; kernel: (start, end) of the kernel image,
    physical, from the ELF's own symbols.
    """

    usable: list[tuple[int, int]]
    modules: list[tuple[int, int]]
    kernel: tuple[int, int]


@dataclass
class Translation:
    """One virtual address as the MMU would translate it: the entries it read."""

    pde: int
    pte: int
    physical: int

    def allows(self, bit: int) -> bool:
        """True if both levels grant *bit* (PTE_WRITABLE or PTE_USER): x86 ANDs them."""
        return bool(self.pde & self.pte & bit)


class Guest:
    """A paused QEMU under a GDB: stop it at functions, read its registers and memory."""

    def __init__(self, gdb_process: subprocess.Popen, replies, kernel: Path):
        self._gdb = gdb_process
        self._replies = replies
        self.kernel = kernel
        self.exited = False
        self._symbols: dict[str, int] | None = None
        self._recorded: dict[str, str] = {}
        constants = kernel.parent / "gdb" / "orrery_constants.py"
        if not constants.exists():
            raise GuestError(f"{constants} is missing: `make` builds it")
        self._constants = runpy.run_path(str(constants))["EXPRESSIONS"]

    # -- the protocol ---------------------------------------------------------------------

    def _ask(self, op: str, **fields) -> dict:
        if self._gdb.poll() is not None:
            raise GuestError(f"GDB ended (status {self._gdb.returncode})")
        self._gdb.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self._gdb.stdin.flush()
        line = self._replies.readline()
        if not line:
            raise GuestError(f"GDB stopped answering (request {op})")
        answer = json.loads(line)
        if "error" in answer:
            kind = GuestMemoryError if "Cannot access memory" in answer["error"] else GuestError
            raise kind(f"GDB could not {op}: {answer['error']}")
        if answer.get("exited"):
            self.exited = True
        return answer

    # -- running --------------------------------------------------------------------------

    def _entry(self, function: str) -> str:
        """The GDB location of *function*'s first instruction, from the ELF's symbol table:
        the linked definition (a lab hole's weak stub has debugging information too, so a
        name alone could mean it), and before its prologue (where its arguments are)."""
        if self._symbols is None:
            listing = subprocess.run(["nm", str(self.kernel)], capture_output=True, text=True,
                                     check=True).stdout
            self._symbols = {parts[2]: int(parts[0], 16) for parts in map(str.split, listing.splitlines())
                             if len(parts) == 3 and parts[1] in "Tt"}
        if function not in self._symbols:
            raise GuestError(f"the kernel has no function {function}")
        return f"*{self._symbols[function]:#x}"

    def run_to(self, *functions: str, args: int = 0) -> Stop | None:
        """Let the guest run until it enters one of *functions*; None if the machine stopped
        first (e.g. it halted some other way). *args* stack words (cdecl arguments) are read
        at the stop."""
        where = {self._entry(f): f for f in functions}
        answer = self._ask("run", stops=list(where), args=args)
        if answer.get("exited") or answer.get("stopped") is None:
            return None
        return Stop(where[answer["stopped"]], answer.get("args", []))

    def record_at(self, function: str, *expressions: str) -> None:
        """From now on, each time the guest enters *function*, record *expressions* (C, in
        the kernel's symbols) and let it go on; see records()."""
        self._ask("record", location=self._entry(function), expressions=list(expressions))
        self._recorded[self._entry(function)] = function

    def records(self, *functions: str) -> list[tuple[str, list[int]]]:
        """Every (function, values) record_at() collected at *functions* (default: all), in
        the order the guest reached them."""
        rows = [(self._recorded[row[0]], row[1:]) for row in self._ask("records")["records"]]
        return [row for row in rows if not functions or row[0] in functions]

    def steps_to_return(self) -> int:
        """Instructions the function the guest is stopped at the entry of takes to return."""
        return self._ask("steps_to_return")["steps"]

    def finish(self) -> None:
        """Remove every breakpoint and let the guest run to its own end."""
        self._ask("finish")

    def kill(self) -> None:
        """End QEMU now."""
        self._ask("kill")

    # -- reading state --------------------------------------------------------------------

    def eval(self, expression: str) -> int:
        """The value of a C expression over the kernel's symbols (unsigned 32-bit)."""
        return self._ask("eval", expression=expression)["value"]

    def constant(self, name: str) -> int:
        """A kernel #define, as this build defines it (orrery_constants.py.in lists them)."""
        if name not in self._constants:
            raise GuestError(f"{name} is not in orrery_constants.py: add it to "
                             "kernel/gdb/orrery_constants.py.in")
        return self.eval(self._constants[name])

    def read(self, address: int, size: int, physical: bool = True) -> bytes:
        """*size* bytes at *address*: physical, or virtual through the current CR3 (then
        GuestMemoryError if the page tables do not map it)."""
        return bytes.fromhex(self._ask("read", address=address, size=size, physical=physical)["data"])

    def read_u32(self, address: int, physical: bool = True) -> int:
        """One little-endian 32-bit word."""
        return int.from_bytes(self.read(address, 4, physical), "little")

    def read_words(self, address: int, count: int, physical: bool = True) -> list[int]:
        """*count* consecutive 32-bit words."""
        data = self.read(address, 4 * count, physical)
        return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]

    def follow_chain(self, address: int, limit: int) -> list[int]:
        """The pages of a chain in physical memory, from *address*: each page's first word is
        the next page's address, 0 (or an unaligned word) ends it; at most *limit* pages."""
        return self._ask("follow", address=address, limit=limit)["chain"]

    def write(self, address: int, data: bytes, physical: bool = True) -> None:
        """Write *data* at *address* (physical by default)."""
        self._ask("write", address=address, data=data.hex(), physical=physical)

    def cr3(self) -> int:
        """The physical address of the page directory the CPU is using."""
        return self.eval("$cr3") & ~(PAGE - 1)

    def translate(self, va: int, cr3: int | None = None) -> Translation | None:
        """Walk the two-level page tables from *cr3* (default: the CPU's) the way the MMU
        does, reading physical memory; None if *va* is not mapped."""
        present = self.constant("PTE_PRESENT")
        directory = self.cr3() if cr3 is None else cr3
        pde = self.read_u32(directory + 4 * (va >> 22))
        if not pde & present:
            return None
        pte = self.read_u32((pde & ~(PAGE - 1)) + 4 * ((va >> 12) & (PT_ENTRIES - 1)))
        if not pte & present:
            return None
        return Translation(pde=pde, pte=pte, physical=(pte & ~(PAGE - 1)) | (va & (PAGE - 1)))

    def page_tables(self, cr3: int | None = None) -> dict[int, int]:
        """Directory index -> physical address of each present page table under *cr3*."""
        present = self.constant("PTE_PRESENT")
        directory = self.cr3() if cr3 is None else cr3
        entries = self.read_words(directory, PT_ENTRIES)
        return {i: e & ~(PAGE - 1) for i, e in enumerate(entries) if e & present}

    def boot_facts(self) -> BootFacts:
        """Stop at the kernel's first instruction and read the Multiboot information QEMU
        built (EBX points at it), before any kernel code could change it."""
        if self.run_to("boot_entry") is None:
            raise GuestError("the guest never reached boot_entry")
        info = self.eval("$ebx")
        flags = self.read_u32(info)
        usable, modules = [], []
        if flags & MULTIBOOT_INFO_FLAG_MMAP:
            length = self.read_u32(info + MULTIBOOT_INFO_MMAP_LENGTH)
            address = self.read_u32(info + MULTIBOOT_INFO_MMAP_ADDR)
            data, offset = self.read(address, length), 0
            while offset + 24 <= length:
                size = int.from_bytes(data[offset:offset + 4], "little")
                base = int.from_bytes(data[offset + 4:offset + 12], "little")
                span = int.from_bytes(data[offset + 12:offset + 20], "little")
                kind = int.from_bytes(data[offset + 20:offset + 24], "little")
                if kind == MULTIBOOT_MEMORY_AVAILABLE:
                    usable.append((base, base + span))
                offset += size + 4
        if flags & MULTIBOOT_INFO_FLAG_MODS:
            count = self.read_u32(info + MULTIBOOT_INFO_MODS_COUNT)
            table = self.read_u32(info + MULTIBOOT_INFO_MODS_ADDR)
            for i in range(count):
                start, end = self.read_words(table + i * MULTIBOOT_MODULE_SIZE, 2)
                modules.append((start, end))
        base = self.constant("KERNEL_BASE")
        kernel = (self.eval("&_kernel_start") - base, self.eval("&_kernel_end") - base)
        return BootFacts(usable=usable, modules=modules, kernel=kernel)


def allocatable_frames(facts: BootFacts, frame_count: int, low_memory_end: int) -> set[int]:
    """The frames a correct allocator hands out: wholly inside usable RAM, above
    *low_memory_end*, below frame *frame_count*, and touching neither the kernel nor a module."""
    frames = set()
    for start, end in facts.usable:
        first, stop = -(-start // PAGE) * PAGE, min(end // PAGE, frame_count) * PAGE
        frames.update(range(max(first, low_memory_end), stop, PAGE))

    def touches(frame, span):
        return frame < span[1] and span[0] < frame + PAGE
    return {f for f in frames if not touches(f, facts.kernel)
            and not any(touches(f, m) for m in facts.modules)}


def run_guest(kernel: Path | str, modules: list[Path | str], inspect: Callable[[Guest], T], *,
              cmdline: str = "", memory_mb: int = 32, wall_timeout: float = DEFAULT_WALL_TIMEOUT,
              workdir: Path | str | None = None) -> tuple[RunResult, T | None]:
    """Boot like run_qemu(), but paused under GDB, and call *inspect(guest)* to drive it.

    When *inspect* returns, the guest runs on to its own end (its breakpoints removed); its
    value comes back with the RunResult. If it raises, QEMU is ended and the exception
    propagates. GuestError means the harness itself failed.
    """
    kernel = Path(kernel)
    if shutil.which(GDB) is None:
        raise GuestError("gdb is not installed (Debian package gdb)")
    socket_dir = tempfile.mkdtemp(prefix="orrery-gdb-")  # short: a socket path is < 108 bytes
    socket = Path(socket_dir) / "gdb.sock"
    outcome: dict = {}

    def boot():
        outcome["result"] = run_qemu(kernel, modules, cmdline=cmdline, memory_mb=memory_mb,
                                     wall_timeout=wall_timeout, workdir=workdir,
                                     extra_args=["-S", "-gdb", f"unix:{socket},server=on,wait=off"])
    qemu_thread = threading.Thread(target=boot, daemon=True)
    qemu_thread.start()
    waited = time.monotonic()
    while not socket.exists() and qemu_thread.is_alive():
        if time.monotonic() - waited > SOCKET_WAIT_SECONDS:
            break
        time.sleep(0.02)

    read_end, write_end = os.pipe()
    gdb_process = subprocess.Popen(
        [GDB, "-batch", "-nx", "-q", "-x", str(GDB_SIDE), str(kernel)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        pass_fds=(write_end,), env={**os.environ, "GUEST_STATE_SOCKET": str(socket),
                                    "GUEST_STATE_REPLY_FD": str(write_end)})
    os.close(write_end)
    replies = os.fdopen(read_end)
    value = None
    try:
        ready = replies.readline()
        if not ready:
            raise GuestError(f"GDB could not attach to QEMU's gdbstub at {socket}")
        guest = Guest(gdb_process, replies, kernel)
        try:
            value = inspect(guest)
        except BaseException:
            guest.kill()
            raise
        guest.finish()
    finally:
        try:
            gdb_process.stdin.close()
        except OSError:
            pass
        try:
            gdb_process.wait(timeout=REQUEST_TIMEOUT)
        except subprocess.TimeoutExpired:
            gdb_process.kill()
            gdb_process.wait()
        replies.close()
        qemu_thread.join(wall_timeout + 30)
        shutil.rmtree(socket_dir, ignore_errors=True)
    if "result" not in outcome:
        raise GuestError("QEMU did not finish")
    return outcome["result"], value


__all__ = ["Guest", "GuestError", "GuestMemoryError", "Stop", "BootFacts", "Translation", "run_guest",
           "allocatable_frames"]
