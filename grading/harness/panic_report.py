"""Reading the kernel's console output: panic reports, boot errors and in-kernel test checks.

The formats are fixed by docs/test-protocol.md; this module is the host side of that contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PANIC_BEGIN = "======== KERNEL PANIC ========"
PANIC_END = "======== END OF PANIC ========"
BOOT_ERROR_PREFIX = "BOOT ERROR: "

_BACKTRACE_LINE = re.compile(r"^\s*#(\d+) 0x([0-9a-f]{8}) (\S+?)(?:\+0x([0-9a-f]+))?$")
_REGISTER = re.compile(r"\b([a-z]{2,6})=([0-9a-f]{4,8})\b")
_FAULT_ADDRESS = re.compile(r"^faulting address \(cr2\): 0x([0-9a-f]{8})$")
_CHECK_FAILED = re.compile(r"^ktest: check (\d+) FAILED: (.*): expected (0x[0-9a-f]+), seen (0x[0-9a-f]+)$")


@dataclass
class BacktraceFrame:
    """One line of a panic backtrace."""

    index: int
    address: int
    function: str  # "??" when the kernel had no symbol for the address
    offset: int


@dataclass
class PanicReport:
    """A kernel panic, parsed from the serial console."""

    message: str
    exception: str | None = None
    fault_address: int | None = None
    registers: dict[str, int] = field(default_factory=dict)
    backtrace: list[BacktraceFrame] = field(default_factory=list)
    text: str = ""
    complete: bool = True  # False if the report was cut off before its end marker

    def functions(self) -> list[str]:
        """The backtrace's function names, innermost first."""
        return [frame.function for frame in self.backtrace]

    def summary(self) -> str:
        """A few lines for a test report: the message, the exception and the backtrace."""
        lines = [f"kernel panic: {self.message}"]
        if self.exception:
            lines.append(self.exception)
        if self.fault_address is not None:
            lines.append(f"faulting address: 0x{self.fault_address:08x}")
        lines += [f"  #{f.index} 0x{f.address:08x} {f.function}+0x{f.offset:x}" for f in self.backtrace]
        return "\n".join(lines)


def parse_panic(serial: str) -> PanicReport | None:
    """Find the first panic report in *serial*, or return None if there is none."""
    start = serial.find(PANIC_BEGIN)
    if start < 0:
        return None
    end = serial.find(PANIC_END, start)
    body = serial[start + len(PANIC_BEGIN): end if end >= 0 else len(serial)]
    report = PanicReport(message="", text=body.strip(), complete=end >= 0)
    for raw in body.replace("\r", "").splitlines():
        line = raw.strip()
        if line.startswith("panic: "):
            report.message = line[len("panic: "):]
        elif line.startswith("exception: "):
            report.exception = line[len("exception: "):]
        elif match := _FAULT_ADDRESS.match(line):
            report.fault_address = int(match.group(1), 16)
        elif match := _BACKTRACE_LINE.match(line):
            report.backtrace.append(BacktraceFrame(int(match.group(1)), int(match.group(2), 16),
                                                   match.group(3), int(match.group(4) or "0", 16)))
        elif "=" in line and not line.startswith("backtrace"):
            report.registers.update({name: int(value, 16) for name, value in _REGISTER.findall(line)})
    return report


#: Kernel console lines that explain why a user program failed: the kernel stopped one of
#: its threads (kernel/fault.c, kernel/ipc.c) or ignored an interrupt it did not expect.
KERNEL_EXPLANATION_PREFIXES = ("orrery: user fault: ", "orrery: unexpected interrupt vector ")


def kernel_explanations(serial: str) -> list[str]:
    """The kernel's lines in *serial* that explain a user program's failure (a user fault
    that killed a thread, an unexpected interrupt), in order."""
    return [line.strip() for line in serial.replace("\r", "").splitlines()
            if line.startswith(KERNEL_EXPLANATION_PREFIXES)]


KERNEL_LINES_SHOWN = 4  # kernel lines (user faults) shown in a failure message
KERNEL_FAULT_NOTE = ("the kernel killed a thread of the test program, which makes no such fault "
                     "on a working kernel: check your earlier labs too (Lab 1's vm_map_page: is every "
                     "entry on a user page's path present and PTE_USER?)")


def kernel_explanations_shown(serial: str) -> list[str]:
    """The first few of *serial*'s ``kernel_explanations``, and how many more there were."""
    lines = kernel_explanations(serial)
    return lines[:KERNEL_LINES_SHOWN] + ([f"(and {len(lines) - KERNEL_LINES_SHOWN} more such lines)"]
                                         if len(lines) > KERNEL_LINES_SHOWN else [])


def with_kernel_explanations(serial: str, said: str) -> str:
    """A user program's failure message *said*, after the kernel's lines in *serial* that
    explain it (with a note on where such a fault comes from), when there are any."""
    kernel = kernel_explanations_shown(serial)
    return "\n".join(([KERNEL_FAULT_NOTE] if kernel else []) + kernel + [said])


def parse_boot_error(serial: str) -> str | None:
    """The message of the first "BOOT ERROR:" line, or None."""
    for line in serial.replace("\r", "").splitlines():
        if line.startswith(BOOT_ERROR_PREFIX):
            return line[len(BOOT_ERROR_PREFIX):]
    return None


@dataclass
class FailedCheck:
    """A failed in-kernel test check, as printed by kernel/ktest/ktest.c."""

    number: int
    description: str
    expected: int
    seen: int


def parse_failed_checks(serial: str) -> list[FailedCheck]:
    """Every "ktest: check N FAILED" line in *serial*."""
    checks = []
    for line in serial.replace("\r", "").splitlines():
        if match := _CHECK_FAILED.match(line):
            checks.append(FailedCheck(int(match.group(1)), match.group(2),
                                      int(match.group(3), 16), int(match.group(4), 16)))
    return checks
