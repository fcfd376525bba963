"""The kernel's own account of its capability spaces and address spaces, read by GDB from the
halted guest: what a trace-rebuilt state (viz/orrery_trace/state.py, the visualizer's page)
must agree with.

The run boots paused under GDB (grading/harness/guest_state.py), stops at the entry of
machine_halt, where every run ends (debug_halt, a panic, the instruction budget), and reads
every task on the kernel's task_list: each capability slot (the object's id and type, the
rights, the badge) and each present entry of its page tables below the kernel half (the
frame, whether it is writable). Then the guest halts as usual, so the same run's trace is
complete. The JSON format is docs/test-protocol.md's "The kernel report".

    result, report = run_with_kernel_report(kernel, modules, cmdline="root=ipc_pingpong")
    assert report["tasks"]["3"]["caps"]["0"]["type"] == "task"

From the command line (writes the run's raw trace too, for `make viz` or the page's tests):

    python3 -m grading.harness.kernel_report --program ipc_pingpong --report r.json --trace t.bin
    python3 -m grading.harness.kernel_report --system --cmdline run=sysbench --memory 16 ...
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grading.harness.guest_state import Guest, run_guest
from grading.harness.qemu import REPO, RunResult, boot_image, build_dir
from orrery_trace.events import load_events  # viz/, on the path through grading.harness.qemu
from orrery_trace.state import REPORT_FORMAT, REPORT_VERSION, hex_address, task_name_chars

#: Where the report is read: the entry of the function every end of a run goes through.
HALT_FUNCTION = "machine_halt"


def read_kernel_report(guest: Guest) -> dict:
    """The report of the guest as it is now (stopped; every task's state settled)."""
    user_pdes = guest.constant("KERNEL_BASE") >> 22
    answer = guest._ask("kernel_report", slots_per_page=guest.constant("CSPACE_SLOTS"),
                        present=guest.constant("PTE_PRESENT"), writable=guest.constant("PTE_WRITABLE"),
                        user_pdes=user_pdes)
    types = load_events().tables["OBJECT_TYPE"]
    name_chars = task_name_chars()
    tasks = {}
    for task in sorted(answer["tasks"], key=lambda t: t["id"]):
        tasks[str(task["id"])] = {
            # The name as the trace carries it (task_name records hold its first characters).
            "name": task["name"][:name_chars],
            "caps": {str(slot): dict(cap, type=types.get(cap["type"], f"type {cap['type']}"))
                     for slot, cap in sorted(task["caps"].items(), key=lambda kv: int(kv[0]))},
            "mappings": {hex_address(int(va)): {"paddr": hex_address(m["paddr"]), "writable": m["writable"]}
                         for va, m in sorted(task["mappings"].items(), key=lambda kv: int(kv[0]))},
        }
    return {"format": REPORT_FORMAT, "version": REPORT_VERSION, "tasks": tasks}


def run_with_kernel_report(kernel: Path | str, modules: list[Path | str], *, cmdline: str = "",
                           memory_mb: int = 32, **options) -> tuple[RunResult, dict | None]:
    """Boot like run_qemu() and read the kernel report when the run halts: (result, report),
    the report None if the guest never reached machine_halt (e.g. a triple fault)."""
    def inspect(guest: Guest):
        if guest.run_to(HALT_FUNCTION) is None:
            return None
        return read_kernel_report(guest)
    return run_guest(kernel, modules, inspect, cmdline=cmdline, memory_mb=memory_mb, **options)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Boot a program or the whole system under GDB, "
                                     "write the kernel report at halt and the raw trace.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--program", help="a test program of kernel/tests/user, booted as the root task")
    what.add_argument("--system", action="store_true", help="the whole system (root=init), as make run")
    parser.add_argument("--cmdline", default="", help="more kernel command line words (e.g. run=sysbench)")
    parser.add_argument("--memory", type=int, default=32, help="RAM in MiB (default 32)")
    parser.add_argument("--build", type=Path, default=None, help="build directory (default: build/)")
    parser.add_argument("--report", type=Path, required=True, help="where to write the report JSON")
    parser.add_argument("--trace", type=Path, help="where to write the raw trace capture")
    args = parser.parse_args(argv)
    build = args.build.resolve() if args.build else build_dir()
    kernel, _ = boot_image(build)
    if args.program:
        modules, cmdline = [build / "user-tests" / f"{args.program}.elf"], f"root={args.program}"
    else:
        from grading.harness.shell_session import system_modules
        modules, cmdline = system_modules(build), "root=init"
    result, report = run_with_kernel_report(kernel, modules, cmdline=f"{cmdline} {args.cmdline}".strip(),
                                            memory_mb=args.memory)
    if args.trace:
        args.trace.write_bytes(result.debugcon)
    if report is None:
        print(f"no report: the run never reached {HALT_FUNCTION}\n{result.describe()}", file=sys.stderr)
        return 1
    args.report.write_text(json.dumps(report, indent=1) + "\n")
    print(f"{result.outcome}: {len(report['tasks'])} tasks; report {args.report}"
          + (f", trace {args.trace}" if args.trace else ""))
    return 0 if result.outcome == "success" else 1


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["read_kernel_report", "run_with_kernel_report", "HALT_FUNCTION", "REPO"]
