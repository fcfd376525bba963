"""`make bench-viz`, the host decoder's part: records per second of viz/orrery_trace's
decode_stream on a big clean trace, frame by frame (fast=False, the decoder before
decode_fast.py) and with the vectorised fast path, and of decode_columns (the same checks,
the records kept as numpy rows instead of a dict each), beside the issue's budget.

The figures are the best of a few runs, in the process's CPU time (the machine is shared:
wall time, printed too, depends on what else runs), and every path must give the same
records. decode_stream's figure is bounded by CPython making the dicts (about a million
small dicts a second at best); decode_columns is the decoder without that.

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

from orrery_trace.decode import decode_columns, decode_stream  # noqa: E402

#: The issue's budget for the host decoder.
BUDGET_RECORDS_PER_SECOND = 1_000_000


def measure(decode, runs: int):
    """(records, best CPU seconds, best wall seconds, records of the last run)."""
    best_cpu = best_wall = float("inf")
    records = None
    for _ in range(runs):
        records = None  # free the last run's records before the next
        cpu, wall = time.process_time(), time.perf_counter()
        records = decode()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(records), best_cpu, best_wall, records


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trace", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    data = args.trace.read_bytes()
    paths = (
        ("decode_stream, frame by frame", lambda: decode_stream(data, fast=False).records, 1),
        ("decode_stream, fast path (records as dicts)", lambda: decode_stream(data).records, args.runs),
        ("decode_columns (records as numpy rows)", lambda: decode_columns(data), args.runs),
    )
    results = []
    for label, decode, runs in paths:
        count, cpu, wall, records = measure(decode, runs)
        results.append(records)
        print(f"bench-viz: decoder, {label}: {count / cpu:,.0f} records/s CPU "
              f"({count / wall:,.0f} wall; {count:,} records)  budget >= {BUDGET_RECORDS_PER_SECOND:,}"
              f"  {'ok' if count / cpu >= BUDGET_RECORDS_PER_SECOND else 'OVER BUDGET'}")
    slow, fast, columns = results
    if fast != slow or columns.records() != slow:
        print("bench-viz: error: the paths' records differ from the frame-by-frame path's", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
