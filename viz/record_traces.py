#!/usr/bin/python3
"""Record the real traces the visualizer's browser tests load (`make viz-traces`).

Boots, with tracing, each program issue 10 names (the kernel test programs of
kernel/tests/user/, booted as the root task as kernel/tests/test_ipc_programs.py does) and one
run of the whole system (init with `run=sysbench`, docs/test-protocol.md), and keeps for each:

    build/viz/traces/NAME.bin           the raw 0xE9 capture, byte for byte
    build/viz/traces/NAME.json          how it was made: cmdline, outcome, records, lost
    build/viz/traces/NAME.report.json   the kernel's own report (format
                                        "orrery-kernel-report", /work/notes/viz.md), when the
                                        kernel report code is present (see boot())

Every run must end in success with a trace that decodes strictly and lost no record:
a trace that cannot be trusted is no ground truth for a test. Exit status 1 otherwise.

    /usr/bin/python3 viz/record_traces.py [--build-dir build] [--out build/viz/traces] [NAME...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from grading.harness.qemu import run_qemu  # noqa: E402  (puts viz/ on the path too)
from grading.harness.shell_session import system_modules  # noqa: E402
from orrery_trace.decode import decode_stream  # noqa: E402

#: A traced whole-system run writes far more than the harness's default 4 MiB output limit.
OUTPUT_LIMIT = 256 * 1024 * 1024
#: Guest RAM for every run (MiB): the system benchmark's 16 is too tight with tracing on.
MEMORY_MB = 32
#: Wall-clock safety net per run (s): the machine is shared, a traced system boot is slow.
WALL_TIMEOUT = 600.0
#: The kernel report's module (grading/harness/kernel_report.py): run_with_kernel_report(
#: kernel, modules, cmdline=, memory_mb=, wall_timeout=) -> (RunResult, report dict or None),
#: one run under GDB that reads the kernel's own state at machine_halt.
KERNEL_REPORT_MODULE = "grading.harness.kernel_report"


@dataclass(frozen=True)
class Recording:
    """One trace to record: its file name, the command line and how to find its modules."""

    name: str
    cmdline: str
    whole_system: bool = False

    def modules(self, build: Path) -> list[Path]:
        """The boot modules of this run, as the tests boot them."""
        if self.whole_system:
            return system_modules(build)
        return [build / "user-tests" / f"{self.name}.elf"]


#: The programs issue 10 names, then the whole system running the system benchmark.
RECORDINGS = [
    Recording("ipc_pingpong", "root=ipc_pingpong"),
    Recording("ipc_many_clients", "root=ipc_many_clients"),
    Recording("pager_demand_zero", "root=pager_demand_zero"),
    Recording("driver_rtc_irq", "root=driver_rtc_irq"),
    Recording("sysbench", "root=init run=sysbench", whole_system=True),
]


def boot(kernel: Path, modules: list[Path], cmdline: str):
    """Run once: (RunResult, the kernel's report of that same run or None, why there is none).
    Without the kernel report code, a plain traced run and no report."""
    try:
        reporting = importlib.import_module(KERNEL_REPORT_MODULE)
    except ModuleNotFoundError:
        result = run_qemu(kernel, modules, cmdline=cmdline, memory_mb=MEMORY_MB,
                          output_limit=OUTPUT_LIMIT, wall_timeout=WALL_TIMEOUT)
        return result, None, f"no {KERNEL_REPORT_MODULE} (the kernel report code is not in this tree)"
    result, report = reporting.run_with_kernel_report(kernel, modules, cmdline=cmdline,
                                                      memory_mb=MEMORY_MB, wall_timeout=WALL_TIMEOUT)
    return result, report, None if report is not None else "the guest never reached machine_halt"


def record(recording: Recording, build: Path, out: Path) -> list[str]:
    """Boot one recording, write its files; returns the problems found (empty: good)."""
    kernel = build / "kernel.elf"
    modules = recording.modules(build)
    missing = [str(p) for p in [kernel, *modules] if not p.exists()]
    if missing:
        return [f"{recording.name}: not built ({', '.join(missing)}): run `make all`"]
    result, report, why_not = boot(kernel, modules, recording.cmdline)
    (out / f"{recording.name}.bin").write_bytes(result.debugcon)
    problems = []
    if result.outcome != "success":
        problems.append(f"{recording.name}: the run ended in {result.outcome}:\n{result.describe()}")
    try:
        decoded = decode_stream(result.debugcon, strict=True)
    except ValueError as error:
        problems.append(f"{recording.name}: the trace does not decode: {error}")
        decoded = None
    if len(result.debugcon) >= OUTPUT_LIMIT:
        problems.append(f"{recording.name}: the trace filled the output limit ({OUTPUT_LIMIT} bytes): cut short")
    if decoded is not None and decoded.lost:
        problems.append(f"{recording.name}: the kernel lost {decoded.lost} trace records")
    info = {"name": recording.name, "cmdline": result.cmdline, "memory_mb": MEMORY_MB,
            "outcome": result.outcome, "bytes": len(result.debugcon),
            "records": None if decoded is None else len(decoded.records),
            "lost": None if decoded is None else decoded.lost}
    report_path = out / f"{recording.name}.report.json"
    if report is not None:
        report_path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    else:
        report_path.unlink(missing_ok=True)
        info["report_missing"] = why_not
    (out / f"{recording.name}.json").write_text(json.dumps(info, indent=1) + "\n")
    print(f"viz-traces: {recording.name}: {info['outcome']}, {info['records']} records, "
          f"{info['bytes']} bytes{'' if report else ' (no kernel report: ' + why_not + ')'}")
    return problems


def main(argv=None) -> int:
    """Record the traces named (default: all); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=REPO / "build")
    parser.add_argument("--out", type=Path, default=None, help="default: BUILD/viz/traces")
    parser.add_argument("names", nargs="*", help=f"default: {' '.join(r.name for r in RECORDINGS)}")
    args = parser.parse_args(argv)
    build = args.build_dir.resolve()
    out = (args.out or build / "viz" / "traces").resolve()
    known = {r.name: r for r in RECORDINGS}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"no recording {', '.join(unknown)}; the recordings are: {' '.join(known)}")
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for name in args.names or known:
        problems += record(known[name], build, out)
    for problem in problems:
        print(f"viz-traces: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
