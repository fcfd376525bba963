"""Why the CPU reset: a triple fault, explained from QEMU's own log.

A kernel that faults while it cannot even deliver the fault (its code, stack, IDT or the
double-fault task unmapped) gets no chance to print a panic: the CPU raises a triple fault
and resets, and with ``-no-reboot`` QEMU just exits. QEMU can say what the CPU saw:
``-d cpu_reset`` logs "Triple fault", and ``-d int`` logs every exception with the
instruction pointer and, for a page fault, CR2:

    check_exception old: 0xffffffff new 0xe
         0: v=0e e=0000 i=0 cpl=0 IP=0008:c010aa9d pc=c010aa9d SP=0010:c0130f18 CR2=c010aa9d
    check_exception old: 0xe new 0xe
         1: v=08 e=0000 i=0 cpl=0 IP=0008:c010aa9d pc=c010aa9d SP=0010:c0130f18 ...
    check_exception old: 0x8 new 0xe
    Triple fault

grading.harness.qemu reads the first log of every run (``triple_fault_logged``) and, after a
triple fault, boots again with ``-d int`` and turns the second log into one paragraph
(``explain_triple_fault``). The exception names come from kernel/exception.c, the function names
from the kernel ELF's symbols (``nm``).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TRIPLE_FAULT = "Triple fault"
#: QEMU's -d options for each run, and for the run that looks for the last exception.
RESET_LOG_OPTIONS = "cpu_reset"
INTERRUPT_LOG_OPTIONS = "int,cpu_reset"
LOG_TAIL_BYTES = 256 * 1024  # the chain of faults is at the end of the log
NO_PREVIOUS_EXCEPTION = 0xFFFFFFFF

_CHECK = re.compile(r"^check_exception old: (0x[0-9a-f]+) new (0x[0-9a-f]+)$")
_DELIVERY = re.compile(r"^\s*\d+: v=([0-9a-f]+) e=([0-9a-f]+) i=(\d) cpl=(\d) IP=[0-9a-f]+:([0-9a-f]+)"
                       r".*?(?:CR2=([0-9a-f]+))?$")
_NAME = re.compile(r'^\s*\[(\d+)\] = "([^"]+)",')


@dataclass
class Delivery:
    """One exception the CPU raised, as QEMU logged it."""

    vector: int
    error_code: int
    cpl: int
    eip: int
    cr2: int | None = None


def triple_fault_logged(log_text: str) -> bool:
    """True if QEMU's -d cpu_reset log says the CPU reset on a triple fault."""
    return any(line.strip() == TRIPLE_FAULT for line in log_text.splitlines())


def read_log_tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    """The last @p limit bytes of a QEMU log ("" when there is none)."""
    try:
        with open(path, "rb") as log:
            log.seek(0, 2)
            log.seek(max(0, log.tell() - limit))
            return log.read().decode("utf-8", "replace")
    except OSError:
        return ""


def last_fault_chain(log_text: str) -> list[Delivery]:
    """The exceptions of the final chain before the reset: the first one raised while no
    exception was being delivered, then each raised while delivering the one before."""
    chain: list[Delivery] = []
    for line in log_text.splitlines():
        if match := _CHECK.match(line):
            if int(match.group(1), 16) == NO_PREVIOUS_EXCEPTION:
                chain = []
            chain.append(Delivery(vector=int(match.group(2), 16), error_code=0, cpl=-1, eip=-1))
        elif (match := _DELIVERY.match(line)) and chain and chain[-1].eip == -1:
            # what the CPU delivers: the exception raised, or a double fault for it
            vector, code, _, cpl, eip, cr2 = match.groups()
            chain[-1] = Delivery(int(vector, 16), int(code, 16), int(cpl), int(eip, 16),
                                 int(cr2, 16) if cr2 else None)
    return chain


@lru_cache(maxsize=None)
def exception_names() -> dict[int, str]:
    """Vector -> "#PF page fault", from the kernel's own table (kernel/exception.c)."""
    try:
        text = (REPO / "kernel" / "exception.c").read_text()
    except OSError:
        return {}
    return {int(m.group(1)): m.group(2) for m in map(_NAME.match, text.splitlines()) if m}


def exception_name(vector: int) -> str:
    return exception_names().get(vector, f"vector {vector}")


def symbolize(kernel: Path | str, address: int) -> str:
    """``function+0xoffset`` for a kernel address, from the ELF's symbols; "" if unknown."""
    try:
        nm = subprocess.run(["nm", "-n", str(kernel)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    best = None
    for line in nm.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            value = int(parts[0], 16)
            if value > address:
                break
            best = (value, parts[2])
    return f"{best[1]}+{address - best[0]:#x}" if best else ""


def explain_triple_fault(log_text: str, kernel: Path | str, boot_phase: str | None) -> str:
    """One paragraph for a student: where the CPU was and what it could not deliver."""
    after = f"after boot phase {boot_phase}" if boot_phase else "before the trace's first boot phase"
    head = f"the CPU reset (triple fault) {after}"
    chain = [d for d in last_fault_chain(log_text) if d.eip != -1]
    if not chain:
        return (f"{head}; a second run with QEMU's interrupt log on did not show the exception "
                "(run QEMU with -d int,cpu_reset yourself: docs/04-debugging.md)")
    first = chain[0]
    where = "in user mode" if first.cpl == 3 else symbolize(kernel, first.eip)
    text = f"{head}; the last exception was {exception_name(first.vector)} (vector {first.vector})"
    text += f" at eip {first.eip:#010x}" + (f" ({where})" if where else "")
    if first.cr2 is not None:
        text += f", address (cr2) {first.cr2:#010x}"
    if first.vector == 14:
        text += f", error code {first.error_code:#x}" + ("" if first.error_code & 1 else
                                                         ": the page was not present")
    if len(chain) > 1:
        text += ("; delivering it raised " + ", then ".join(exception_name(d.vector) for d in chain[1:])
                 + ", and delivering that failed too")
    return text + (". The kernel could not print a panic: the CPU could not deliver the exception "
                   "to it (its handlers, stack, IDT or double-fault task unreachable, e.g. not mapped).")
