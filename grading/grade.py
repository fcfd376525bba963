"""The lab grader: ``python3 -m grading.grade --lab N`` (what ``make grade LAB=N`` runs).

Runs lab N's graded tests (``labs/labN/grade.py``, see ``grading.framework``), and those of
any ``--extra-tests FILE`` (an instructor's hidden tests), one at a
time, each in its own process with its own timeout, prints a table of the results,
and writes ``results.json`` (Gradescope's autograder format, see ``grading.gradescope``)
and ``junit.xml`` (see ``grading.junit``) into the output directory (default
``<build dir>/grade``). For every failing test that left a trace capture it also writes
``<test id>.html`` there, the visualizer with that trace inside (``grading.trace_pages``),
and names it in the report and in results.json.

Exit status: 0 when every test ran, whether or not it passed (a failing test is a grade,
not a tool error); 2 for a usage or setup error (no such lab, a lab that does not load,
an unknown --only test id, an unwritable output directory); 1 when --require-full-marks
is given and some points were lost, or --expect-not-full is given and none were.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from grading.framework import REPO_ROOT, LabError, load_lab
from grading.gradescope import build_results, validate_results
from grading.junit import build_junit
from grading.runner import run_test
from grading.trace_pages import write_pages

NAME_WIDTH = 45        # minimum width of the test-name column
OUTPUT_LINES = 12      # lines of output shown for a test that raised, hung or crashed
TRACE_PAGE_LABEL = "watch it:"  # before a failed test's visualizer page in the report


def parse_args(argv=None) -> argparse.Namespace:
    """Parse the command line (argparse exits with status 2 on a usage error)."""
    p = argparse.ArgumentParser(prog="python3 -m grading.grade",
                                description="Run a lab's graded tests and report the grade.")
    p.add_argument("--lab", type=int, required=True, metavar="N", help="lab number")
    p.add_argument("--build-dir", type=Path,
                   default=Path(os.environ.get("ORRERY_BUILD") or REPO_ROOT / "build"),
                   help="the kernel build directory (default: $ORRERY_BUILD or build/)")
    p.add_argument("--labs-dir", type=Path,
                   default=Path(os.environ.get("ORRERY_LABS_DIR") or REPO_ROOT / "labs"),
                   help="where labN/grade.py live (default: $ORRERY_LABS_DIR or labs/)")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write results.json and junit.xml (default: BUILD_DIR/grade)")
    p.add_argument("--extra-tests", action="append", type=Path, default=[], metavar="FILE",
                   help="also run the @graded tests in FILE (an instructor's tests kept out of "
                        "the handout; may be given more than once)")
    p.add_argument("--only", nargs="+", metavar="TEST_ID",
                   help="run only these tests (ids are the test function names)")
    full = p.add_mutually_exclusive_group()
    full.add_argument("--require-full-marks", action="store_true",
                      help="exit with status 1 unless every test passed")
    full.add_argument("--expect-not-full", action="store_true",
                      help="exit with status 1 if every test passed (for checking that "
                           "the starter code does not already pass)")
    p.add_argument("--keep-workdirs", action="store_true",
                   help="keep each test's scratch directory and say where it is")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print the whole output of every failed test")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress lines on stderr")
    args = p.parse_args(argv)
    args.build_dir = args.build_dir.resolve()
    args.labs_dir = args.labs_dir.resolve()
    args.out = (args.out or args.build_dir / "grade").resolve()
    return args


def main(argv=None) -> int:
    """Run the grader; returns the exit status."""
    args = parse_args(argv)
    try:
        lab = load_lab(args.labs_dir, args.lab, args.extra_tests)
    except LabError as e:
        print(f"grade: {e}", file=sys.stderr)
        return 2
    tests = lab.tests
    if args.only:
        known = {t.id for t in tests}
        unknown = [t for t in args.only if t not in known]
        if unknown:
            print(f"grade: lab {lab.number} has no test {', '.join(unknown)}; its tests are: "
                  f"{', '.join(t.id for t in tests)}", file=sys.stderr)
            return 2
        tests = [t for t in tests if t.id in args.only]

    start = time.monotonic()
    results = []
    for i, test in enumerate(tests, 1):
        if not args.quiet:
            print(f"[{i}/{len(tests)}] {test.id} ...", file=sys.stderr, flush=True)
        result = run_test(lab, args.labs_dir, test, args.build_dir, REPO_ROOT,
                          keep_workdir=args.keep_workdirs, capture_dir=args.out)
        if not args.quiet:
            verdict = "pass" if result.passed else f"FAIL ({result.kind})"
            print(f"[{i}/{len(tests)}] {test.id}: {verdict} in {result.duration:.1f} s",
                  file=sys.stderr, flush=True)
        results.append(result)
    elapsed = time.monotonic() - start
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for problem in write_pages(results, args.out, args.build_dir):
            print(f"grade: note: {problem}", file=sys.stderr)
    except (OSError, ValueError, LookupError) as e:  # the grade matters more than the pages
        print(f"grade: note: could not write the trace pages: {e}", file=sys.stderr)

    print(format_table(lab, results, verbose=args.verbose))
    sys.stdout.flush()
    try:
        write_reports(lab, results, elapsed, args.out)
    except OSError as e:
        print(f"grade: cannot write results to {args.out}: {e}", file=sys.stderr)
        return 2
    print(f"\nwrote {args.out / 'results.json'} and {args.out / 'junit.xml'}")

    full = all(r.passed for r in results)
    if args.require_full_marks and not full:
        print("grade: not full marks (--require-full-marks)", file=sys.stderr)
        return 1
    if args.expect_not_full and full:
        print("grade: full marks, but --expect-not-full was given", file=sys.stderr)
        return 1
    return 0


def write_reports(lab, results, elapsed: float, out: Path) -> None:
    """Write results.json and junit.xml into ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    obj = build_results(lab, results, elapsed)
    for problem in validate_results(obj):       # a grader bug, but do not lose the grade
        print(f"grade: warning: results.json: {problem}", file=sys.stderr)
    _write_atomic(out / "results.json", (json.dumps(obj, indent=2) + "\n").encode())
    _write_atomic(out / "junit.xml", build_junit(lab, results, elapsed))


def format_table(lab, results, verbose: bool = False) -> str:
    """The human-readable report: one row per test, details under each failure."""
    name_w = max([NAME_WIDTH, len("total")] + [len(r.test.name) for r in results])
    cells = [f"{_num(r.score)}/{_num(r.test.points)}" for r in results]
    total = f"{_num(sum(r.score for r in results))}/{_num(sum(r.test.points for r in results))}"
    pts_w = max(len(c) for c in cells + [total])
    col_w = max(pts_w, len("points"))

    def row(name, points, result=""):
        return f"  {name:<{name_w}}  {points:>{pts_w}}{'':<{col_w - pts_w}}  {result}".rstrip()

    lines = [lab.heading, f"  {'test':<{name_w}}  {'points':<{col_w}}  result"]
    for r, cell in zip(results, cells):
        shown = "" if r.test.visibility == "visible" else f" ({r.test.visibility} on Gradescope)"
        lines.append(row(r.test.name, cell, ("pass" if r.passed else "FAIL") + shown))
        if r.kept_workdir:
            lines.append(f"      files kept in {r.kept_workdir}")
        if r.passed:
            continue
        for line in r.failure_lines():
            lines.append(_indent(line, " " * 6, " " * 16))
        if r.trace_page:
            lines.append(f"      {TRACE_PAGE_LABEL} {r.trace_page}")
        out = r.output.rstrip().splitlines()
        if verbose and out:
            lines.append("      output:")
            lines += ["        " + line for line in out]
        elif r.kind in ("error", "crash", "timeout") and out:
            shown = out[-OUTPUT_LINES:]
            more = f" (last {len(shown)} of {len(out)} lines)" if len(out) > len(shown) else ""
            lines.append(f"      output{more}:")
            lines += ["        " + line for line in shown]
    lines.append(row("total", total))
    return "\n".join(lines)


def _indent(text: str, first: str, rest: str) -> str:
    head, *tail = text.splitlines() or [""]
    return "\n".join([first + head] + [rest + line for line in tail])


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:          # the running test's processes are already killed
        print("grade: interrupted", file=sys.stderr)
        sys.exit(130)
