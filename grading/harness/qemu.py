"""Boot an Orrery image in QEMU, headless and deterministic, and report what happened.

QEMU runs with ``-icount shift=0,sleep=off``: the guest's TSC counts instructions, so the
kernel's instruction budget (``insn_budget=`` on its command line, see
docs/test-protocol.md) is the real timeout. A wall-clock limit remains as a safety net for a
kernel that hangs with interrupts off. The serial console and the 0xE9 trace stream go to
files; the trace is decoded with viz/orrery_trace.

    result = run_qemu(build / "kernel.elf", [build / "servers/roottask.elf"], cmdline="exit")
    assert result.outcome == "success", result.describe()
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from grading.harness.panic_report import PanicReport, parse_boot_error, parse_panic

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "viz") not in sys.path:
    sys.path.insert(0, str(REPO / "viz"))
from orrery_trace.decode import TraceError, decode_stream  # noqa: E402

QEMU = "qemu-system-i386"
DEFAULT_INSN_BUDGET = 2_000_000_000
DEFAULT_WALL_TIMEOUT = 120.0
DEFAULT_OUTPUT_LIMIT = 4 * 1024 * 1024
POLL_SECONDS = 0.05

#: QEMU exit status -> outcome (isa-debug-exit: status = (value << 1) | 1).
OUTCOMES = {33: "success", 35: "test_failure", 37: "panic", 39: "boot_error", 41: "budget_exhausted"}


@dataclass
class RunResult:
    """Everything one QEMU run produced.

    outcome is one of: success, test_failure, panic, boot_error, budget_exhausted (the
    kernel said so through its exit status), wall_timeout (killed by the safety net),
    output_flood (killed for writing more than the output limit), emulator_error (QEMU
    failed or exited without a kernel status).
    """

    outcome: str
    exit_status: int | None
    serial: str
    debugcon: bytes
    nonce: int
    cmdline: str
    wall_seconds: float
    panic: PanicReport | None = None
    boot_error: str | None = None
    stderr: str = ""
    _trace: list[dict] | None = field(default=None, repr=False)

    @property
    def trace(self) -> list[dict]:
        """The decoded trace records (strict: a corrupt stream raises TraceError)."""
        if self._trace is None:
            self._trace = decode_stream(self.debugcon, strict=True).records
        return self._trace

    def records(self, event_type: str) -> list[dict]:
        """The trace records of one event type, in order."""
        return [r for r in self.trace if r["type"] == event_type]

    def boot_phases(self) -> list[str]:
        """The boot phases the kernel reached, in order."""
        return [r["phase"] for r in self.records("boot_phase")]

    def ktest_nonce_ok(self) -> bool:
        """True if an in-kernel test began and ended with this run's nonce in the trace."""
        begins = self.records("ktest_begin")
        ends = self.records("ktest_end")
        return bool(begins and ends) and begins[0]["nonce"] == ends[-1]["nonce"] == self.nonce

    def describe(self) -> str:
        """A readable account of the run, for assertion messages and grader output."""
        lines = [f"outcome: {self.outcome} (QEMU exit status {self.exit_status}, "
                 f"{self.wall_seconds:.1f} s wall clock)", f"kernel command line: {self.cmdline}"]
        if self.panic:
            lines.append(self.panic.summary())
        if self.boot_error:
            lines.append(f"boot error: {self.boot_error}")
        if self.outcome == "emulator_error" and self.stderr:
            lines.append(f"QEMU said: {self.stderr.strip()[-2000:]}")
        tail = self.serial.replace("\r", "").strip().splitlines()[-15:]
        lines.append("last serial lines:")
        lines += [f"  | {line}" for line in tail]
        return "\n".join(lines)


def run_qemu(kernel: Path | str, modules: list[Path | str] = (), *, cmdline: str = "",
             memory_mb: int = 32, insn_budget: int = DEFAULT_INSN_BUDGET,
             wall_timeout: float = DEFAULT_WALL_TIMEOUT, output_limit: int = DEFAULT_OUTPUT_LIMIT,
             workdir: Path | str | None = None, extra_args: list[str] = ()) -> RunResult:
    """Boot *kernel* with *modules* and wait for it to stop.

    A fresh nonce is appended to the command line (``nonce=0x...``), and so is the
    instruction budget unless *insn_budget* is 0. Never raises for anything the guest does:
    hangs, floods and crashes become outcomes.
    """
    nonce = secrets.randbits(31) | 1
    words = [cmdline.strip(), f"nonce={nonce:#010x}"]  # fixed width: same instruction count
    if insn_budget:
        words.append(f"insn_budget={insn_budget}")
    full_cmdline = " ".join(w for w in words if w)

    own_dir = tempfile.TemporaryDirectory(prefix="orrery-qemu-") if workdir is None else None
    run_dir = Path(own_dir.name if own_dir else workdir)
    run_dir.mkdir(parents=True, exist_ok=True)
    serial_path, debugcon_path = run_dir / "serial.txt", run_dir / "debugcon.bin"
    for path in (serial_path, debugcon_path):
        path.write_bytes(b"")

    command = [QEMU, "-m", str(memory_mb), "-no-reboot", "-display", "none", "-nodefaults",
               "-icount", "shift=0,sleep=off",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
               "-serial", f"file:{serial_path}", "-debugcon", f"file:{debugcon_path}",
               "-kernel", str(kernel), "-append", full_cmdline, *extra_args]
    if modules:
        command += ["-initrd", ",".join(str(m) for m in modules)]

    started = time.monotonic()
    with open(run_dir / "qemu.stderr", "wb") as stderr_file:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stderr_file,
                                   stderr=stderr_file)
        outcome = None
        while process.poll() is None:
            if time.monotonic() - started > wall_timeout:
                outcome = "wall_timeout"
            elif serial_path.stat().st_size + debugcon_path.stat().st_size > output_limit:
                outcome = "output_flood"
            if outcome:
                process.kill()
                break
            time.sleep(POLL_SECONDS)
        process.wait()
    elapsed = time.monotonic() - started

    serial = serial_path.read_bytes()[:output_limit].decode("utf-8", errors="replace")
    debugcon = debugcon_path.read_bytes()[:output_limit]
    stderr = (run_dir / "qemu.stderr").read_text(errors="replace")
    status = None if outcome else process.returncode
    if outcome is None:
        outcome = OUTCOMES.get(status, "emulator_error")
    result = RunResult(outcome=outcome, exit_status=status, serial=serial, debugcon=debugcon,
                       nonce=nonce, cmdline=full_cmdline, wall_seconds=elapsed, stderr=stderr,
                       panic=parse_panic(serial), boot_error=parse_boot_error(serial))
    if own_dir:
        own_dir.cleanup()
    return result


def build_dir() -> Path:
    """The build directory the tests use: $ORRERY_BUILD, or build/ in the checkout."""
    return Path(os.environ.get("ORRERY_BUILD", REPO / "build")).resolve()


def boot_image(build: Path | None = None) -> tuple[Path, list[Path]]:
    """The kernel and the standard boot modules of a build directory."""
    build = build or build_dir()
    kernel = build / "kernel.elf"
    if not kernel.exists():
        raise FileNotFoundError(f"{kernel} does not exist: run `make BUILD={build}` first")
    return kernel, [build / "servers" / "roottask.elf"]


__all__ = ["RunResult", "run_qemu", "boot_image", "build_dir", "TraceError", "OUTCOMES"]
