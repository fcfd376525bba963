"""Reading a host test's output: its FAIL lines and the AddressSanitizer or UBSan report.

The host tests (kernel/tests/host/) run under AddressSanitizer and UBSan. When a sanitizer
stops a case, its report (what went wrong, where, the stack) is on stderr, and the case's
FAIL line says "read its report above". A grader's failure message shows the first lines of
that report itself, because the student sees the grader's table, not the test's output:

    seen = host_failure_summary(run.stdout + run.stderr)
"""

from __future__ import annotations

import re

#: The first line of a sanitizer's report.
REPORT_START = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|: runtime error: ")
#: How many lines of a report a failure message shows (the error, the access, the top frames).
REPORT_LINES = 8
FAIL_LINES = 8


def sanitizer_reports(output: str, lines: int = REPORT_LINES) -> list[list[str]]:
    """The first @p lines of each sanitizer report in @p output, without QEMU-style rulers
    ("=====") and blank lines; the SUMMARY line is kept when it is further down."""
    reports, current, kept = [], None, 0
    for raw in output.splitlines():
        line = raw.rstrip()
        if REPORT_START.search(line):
            current, kept = [line.strip()], 1
            reports.append(current)
        elif current is not None:
            if line.startswith("SUMMARY: "):
                if line.strip() not in current:
                    current.append(line.strip())
                current = None
            elif kept < lines and line.strip() and not set(line.strip()) <= {"="}:
                current.append(line.strip() if line.startswith("==") else line)
                kept += 1
    return reports


def host_failure_summary(output: str) -> str:
    """For a grader's "seen": each distinct FAIL or "not implemented" line, then the first
    lines of the first sanitizer report, if there is one."""
    failures = [line for line in output.splitlines()
                if line.startswith("FAIL") or "not implemented" in line]
    failures = list(dict.fromkeys(failures))[:FAIL_LINES]  # each message once
    reports = sanitizer_reports(output)
    if reports:
        failures.append("the sanitizer's report (its first lines; grade -v shows it all):")
        failures += ["  " + line for line in reports[0]]
    return "\n".join(failures)
