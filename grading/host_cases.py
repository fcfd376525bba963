"""Running host unit-test cases from a lab grader (the ``_host_cases`` of labs/labN/grade.py).

A host test binary (``build/host/test_*``, see kernel/tests/host/host_test.h) runs each case in
a child process and decides itself, from the child's reports, whether the case ran to its end;
it prints ``PASS name`` or ``FAIL name: why`` per case and ``N passed, M failed`` at the end.
``run_host_cases`` does not trust the binary's exit status alone either: every case asked for
must have its own ``PASS`` line and the summary must count exactly those cases, so a binary
whose process was ended early (by code under test, before or after main) earns nothing.
"""

from __future__ import annotations

import re
import subprocess
from typing import Sequence

from grading.framework import CheckFailed
from grading.harness.sanitizer_report import host_failure_summary

TIMEOUT = 60           # seconds a whole binary may run


def run_host_cases(ctx, test_name: str, cases: Sequence[str]) -> None:
    """Run ``cases`` of host test binary ``test_name``; CheckFailed unless every one passed."""
    binary = ctx.build_dir / "host" / test_name
    if not binary.exists():
        raise CheckFailed(expected=f"{binary} built", seen="it is missing",
                          hint="run `make host-tests` (make grade does this for you)")
    try:
        run = subprocess.run([str(binary), *cases], capture_output=True, text=True,
                             timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CheckFailed(expected=f"{test_name} ends within {TIMEOUT} s",
                          seen="it was still running (an endless loop in every case?)") from None
    output = run.stdout + run.stderr
    ctx.log(output)
    expected = "every case passes: " + ", ".join(cases)
    if run.returncode != 0:
        raise CheckFailed(expected=expected,
                          seen=host_failure_summary(output) or f"exit status {run.returncode}")
    missing = [case for case in cases
               if not re.search(rf"^PASS {re.escape(case)}$", run.stdout, re.MULTILINE)]
    summary = f"{len(cases)} passed, 0 failed"
    lines = run.stdout.strip().splitlines()
    if missing or not lines or lines[-1] != summary:
        raise CheckFailed(expected=expected + f" (a PASS line for each, then {summary!r})",
                          seen=f"exit status 0, but no PASS line for {', '.join(missing) or 'none'} "
                               f"and the last line is {lines[-1] if lines else 'missing'!r}: the "
                               "test binary's process was ended early (exit or _exit in your code?)")
