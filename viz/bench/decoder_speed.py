"""`make bench-viz`, the host decoder's part: records per second of viz/orrery_trace's
decode_stream on a big clean trace, frame by frame (fast=False, the decoder before
decode_fast.py) and with the vectorised fast path, beside the issue's budget.

Both figures are the best of a few runs, in the process's CPU time (the machine is shared:
wall time, printed too, depends on what else runs) and both paths must give the same records.

    /usr/bin/python3 viz/bench/decoder_speed.py TRACE [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

VIZ = Path(__file__).resolve().parent.parent
if str(VIZ) not in sys.path:
    sys.path.insert(0, str(VIZ))

from orrery_trace.decode import decode_stream  # noqa: E402

#: The issue's budget for the host decoder.
BUDGET_RECORDS_PER_SECOND = 1_000_000


def measure(data: bytes, fast: bool, runs: int):
    """(records, best CPU seconds, best wall seconds, records of the last run)."""
    best_cpu = best_wall = float("inf")
    records = None
    for _ in range(runs):
        records = None  # free the last run's records before the next
        cpu, wall = time.process_time(), time.perf_counter()
        records = decode_stream(data, fast=fast).records
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(records), best_cpu, best_wall, records


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trace", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    data = args.trace.read_bytes()
    results = {}
    for label, fast in (("frame by frame (before)", False), ("fast path (after)", True)):
        count, cpu, wall, records = measure(data, fast, 1 if not fast else args.runs)
        results[fast] = records
        print(f"bench-viz: decoder, {label}: {count / cpu:,.0f} records/s CPU "
              f"({count / wall:,.0f} wall; {count:,} records)  budget >= {BUDGET_RECORDS_PER_SECOND:,}"
              f"  {'ok' if count / cpu >= BUDGET_RECORDS_PER_SECOND else 'OVER BUDGET'}")
    if results[True] != results[False]:
        print("bench-viz: error: the fast path's records differ from the frame-by-frame path's", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
