"""Orrery's benchmarks: costs measured in guest instructions, compared with budgets.

Under ``qemu -icount shift=0,sleep=off`` the TSC counts guest instructions, so every figure
is exact and the same on every machine. Each benchmark is a user program (kernel/tests/user/
bench_*.c) run as the root task of a kernel built with tracing compiled out; it prints lines
``bench: NAME VALUE UNIT``. This script collects them, prints ``NAME VALUE UNIT`` per
figure with its budget, writes ``bench.json`` ({"name": value, ...}) and exits 1 if a figure
is over its budget.

    /usr/bin/python3 -m grading.bench --build-dir build/bench   (what `make bench` runs)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from grading.harness.qemu import run_qemu

#: Upper bounds, in guest instructions. For scale, on the same emulator xv6 spends about
#: 1,400 instructions on a null system call and 27,000 on a one-byte pipe round trip.
BUDGETS = {
    "null_syscall": 100,
    "ipc_roundtrip": 400,
}

#: The benchmark programs, in the order they run.
PROGRAMS = ["bench_null_syscall", "bench_ipc"]

_FIGURE = re.compile(r"^bench: (\w+) (-?\d+) (\w+)\s*$")


def run_benchmarks(build: Path) -> dict[str, tuple[int, str]]:
    """Boot each benchmark program; return {name: (value, unit)}. Raises RuntimeError."""
    figures: dict[str, tuple[int, str]] = {}
    kernel = build / "kernel.elf"
    for program in PROGRAMS:
        elf = build / "user-tests" / f"{program}.elf"
        if not kernel.exists() or not elf.exists():
            raise RuntimeError(f"{kernel} or {elf} is missing: run `make bench`")
        result = run_qemu(kernel, [elf], cmdline=f"root={program}", memory_mb=32)
        if result.outcome != "success":
            raise RuntimeError(f"benchmark {program} did not finish:\n{result.describe()}")
        for line in result.serial.replace("\r", "").splitlines():
            if match := _FIGURE.match(line):
                figures[match.group(1)] = (int(match.group(2)), match.group(3))
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="grading.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=Path("build/bench"),
                        help="a build made with TRACE=0 (default: build/bench)")
    parser.add_argument("--out", type=Path, help="where to write bench.json (default: the build dir)")
    args = parser.parse_args(argv)
    try:
        figures = run_benchmarks(args.build_dir)
    except RuntimeError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 2
    over = []
    for name, (value, unit) in figures.items():
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else f"  (budget {budget}: {'ok' if value <= budget else 'OVER'})"
        print(f"{name} {value} {unit}{verdict}")
        if budget is not None and value > budget:
            over.append(name)
    missing = sorted(set(BUDGETS) - set(figures))
    out = args.out or args.build_dir / "bench.json"
    out.write_text(json.dumps({name: value for name, (value, _) in figures.items()}, indent=2) + "\n")
    print(f"wrote {out}")
    if missing:
        print(f"bench: error: no figure for {', '.join(missing)}", file=sys.stderr)
        return 1
    if over:
        print(f"bench: over budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
