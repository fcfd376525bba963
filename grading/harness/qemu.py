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

from grading.harness import cpu_reset, disk as disk_copy
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
    output_flood (killed for writing more than the output limit), triple_fault (the CPU
    reset: ``triple_fault`` says why, see grading.harness.cpu_reset), emulator_error (QEMU
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
    #: After a triple fault: what the CPU did last, from QEMU's interrupt log.
    triple_fault: str | None = None
    #: The run's own copy of the disk it booted with (run_qemu's disk=), for the test to
    #: read; None without a disk or when the run had no workdir (the copy went with it).
    disk: Path | None = None
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

    def how_it_ended(self) -> str:
        """One line or paragraph for a failure message: the panic, boot error or triple
        fault that ended the run, else its outcome."""
        if self.panic:
            return self.panic.summary()
        if self.boot_error:
            return f"boot error: {self.boot_error}"
        return self.triple_fault or f"the run ended with outcome {self.outcome}"

    def last_boot_phase(self) -> str | None:
        """The last boot phase in the trace, read leniently (a run cut short may end in
        half a record); None if there is none."""
        phases = [r["phase"] for r in decode_stream(self.debugcon, strict=False).records
                  if r["type"] == "boot_phase"]
        return phases[-1] if phases else None

    def describe(self) -> str:
        """A readable account of the run, for assertion messages and grader output."""
        lines = [f"outcome: {self.outcome} (QEMU exit status {self.exit_status}, "
                 f"{self.wall_seconds:.1f} s wall clock)", f"kernel command line: {self.cmdline}"]
        if self.panic:
            lines.append(self.panic.summary())
        if self.boot_error:
            lines.append(f"boot error: {self.boot_error}")
        if self.triple_fault:
            lines.append(self.triple_fault)
        if self.outcome == "emulator_error" and self.stderr:
            lines.append(f"QEMU said: {self.stderr.strip()[-2000:]}")
        tail = self.serial.replace("\r", "").strip().splitlines()[-15:]
        lines.append("last serial lines:")
        lines += [f"  | {line}" for line in tail]
        return "\n".join(lines)


def run_qemu(kernel: Path | str, modules: list[Path | str] = (), *, cmdline: str = "",
             memory_mb: int = 32, insn_budget: int = DEFAULT_INSN_BUDGET,
             wall_timeout: float = DEFAULT_WALL_TIMEOUT, output_limit: int = DEFAULT_OUTPUT_LIMIT,
             workdir: Path | str | None = None, extra_args: list[str] = (),
             disk: Path | str | None = None) -> RunResult:
    """Boot *kernel* with *modules* and wait for it to stop.

    *disk* (an image such as build/disk.img): a fresh copy of it in the run directory is
    the primary master IDE disk (grading.harness.disk); without it the machine has no disk.
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
               "-kernel", str(kernel), "-append", full_cmdline, *extra_args]
    if modules:
        command += ["-initrd", ",".join(str(m) for m in modules)]
    disk_path = disk_copy.fresh_copy(disk, run_dir) if disk is not None else None
    if disk_path:
        command += disk_copy.qemu_drive_args(disk_path)
    reset_log = run_dir / "qemu.log"
    outcome, status, elapsed = _run_process(
        command + ["-serial", f"file:{serial_path}", "-debugcon", f"file:{debugcon_path}",
                   "-d", cpu_reset.RESET_LOG_OPTIONS, "-D", str(reset_log)],
        run_dir, [serial_path, debugcon_path], output_limit, wall_timeout)

    serial = serial_path.read_bytes()[:output_limit].decode("utf-8", errors="replace")
    debugcon = debugcon_path.read_bytes()[:output_limit]
    stderr = (run_dir / "qemu.stderr").read_text(errors="replace")
    if outcome is None:
        outcome = OUTCOMES.get(status, "emulator_error")
        if status == 0 and cpu_reset.triple_fault_logged(cpu_reset.read_log_tail(reset_log)):
            outcome = "triple_fault"
    result = RunResult(outcome=outcome, exit_status=status, serial=serial, debugcon=debugcon,
                       nonce=nonce, cmdline=full_cmdline, wall_seconds=elapsed, stderr=stderr,
                       panic=parse_panic(serial), boot_error=parse_boot_error(serial),
                       disk=None if own_dir else disk_path)
    if outcome == "triple_fault":
        result.triple_fault = _explain_triple_fault(result, kernel, command, run_dir, wall_timeout)
    if own_dir:
        own_dir.cleanup()
    return result


def _run_process(command: list[str], run_dir: Path, watched: list[Path], output_limit: int,
                 wall_timeout: float) -> tuple[str | None, int | None, float]:
    """Run QEMU until it exits, killing it after @p wall_timeout seconds or once the
    @p watched files hold more than @p output_limit bytes. Returns (outcome, status,
    seconds): outcome is "wall_timeout" or "output_flood" when it was killed, else None and
    status is QEMU's exit status."""
    started = time.monotonic()
    with open(run_dir / "qemu.stderr", "wb") as stderr_file:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stderr_file,
                                   stderr=stderr_file)
        outcome = None
        while process.poll() is None:
            if time.monotonic() - started > wall_timeout:
                outcome = "wall_timeout"
            elif sum(path.stat().st_size for path in watched if path.exists()) > output_limit:
                outcome = "output_flood"
            if outcome:
                process.kill()
                break
            time.sleep(POLL_SECONDS)
        process.wait()
    return outcome, None if outcome else process.returncode, time.monotonic() - started


#: The second boot after a triple fault logs every interrupt: at most this many bytes.
INTERRUPT_LOG_LIMIT = 64 * 1024 * 1024


def _explain_triple_fault(result: RunResult, kernel, command: list[str], run_dir: Path,
                          wall_timeout: float) -> str:
    """Boot the same image again with QEMU's interrupt log on (-icount makes the run repeat
    itself) and say what the CPU did before it reset."""
    log = run_dir / "qemu-interrupts.log"
    rerun_dir = run_dir / "triple-fault-rerun"
    rerun_dir.mkdir(exist_ok=True)
    _run_process(command + ["-serial", "null", "-debugcon", "null",
                            "-d", cpu_reset.INTERRUPT_LOG_OPTIONS, "-D", str(log)],
                 rerun_dir, [log], INTERRUPT_LOG_LIMIT, wall_timeout)
    text = cpu_reset.read_log_tail(log)
    if not cpu_reset.triple_fault_logged(text):
        text = ""                        # the second run did not repeat the first
    log.unlink(missing_ok=True)          # it can be large; its tail is all that is needed
    try:
        phase = result.last_boot_phase()
    except TraceError:
        phase = None
    return cpu_reset.explain_triple_fault(text, kernel, phase)


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
