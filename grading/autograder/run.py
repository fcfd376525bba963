"""Grade one submission the way Gradescope runs it: ``python3 -m grading.autograder.run``.

``run_autograder`` (made by ``make gradescope LAB=n``) runs this as root in Gradescope's
layout: the course's tree in ``/autograder/source/orrery``, the student's upload in
``/autograder/submission``, the verdict in ``/autograder/results/results.json``.  Steps:

1. find the lab's own files in the upload, by name (``grading.autograder.submission``);
   none at all is an empty submission: 0 points, and a message naming the files expected;
2. run the course's submission check on them (``grading.submission_check``, when the tree
   has it); a refused submission gets 0 and the check's messages;
3. copy the course's tree, build it with the starter code (or take the starter build made
   by setup.sh), put the student's files on top, and build again as an unprivileged user
   (``grading.autograder.workspace``); a build failure gets 0 and the compiler's errors;
4. run the lab's graded tests one at a time (``python3 -m grading.grade --only ID``, as the
   unprivileged user), rewriting results.json after each (``grading.autograder.results``),
   within a time budget that leaves room before Gradescope's own limit.

A file the student did not upload keeps the starter code, so its tests fail and the output
says why.  The exit status is 0 whenever results.json was written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import List, Optional

from grading.autograder.lab_files import other_labs, student_files
from grading.autograder.results import ResultsFile
from grading.autograder.submission import locate
from grading.autograder.workspace import BUILD_TIMEOUT, Grader, Workspace
from grading.framework import REPO_ROOT, LabError, load_lab

TIME_BUDGET = 540.0        # seconds: Gradescope's default limit is 600, setup takes some
TEST_MARGIN = 60.0         # seconds a test's grader may take beyond the test's own timeout
MIN_TEST_SECONDS = 15.0    # below this, the remaining tests are not started
CONFIG_NAME = "autograder.json"
SHOWN_FILES = 20           # files of an empty-handed submission listed in its message


def parse_args(argv=None) -> argparse.Namespace:
    """The command line (see --help)."""
    p = argparse.ArgumentParser(prog="python3 -m grading.autograder.run",
                                description="Grade one submission in Gradescope's layout.")
    p.add_argument("--lab", type=int, help="lab number (default: from autograder.json)")
    p.add_argument("--autograder-root", type=Path, default=Path("/autograder"),
                   help="holds submission/ and results/ (default: /autograder)")
    p.add_argument("--source", type=Path, default=REPO_ROOT,
                   help="the course's tree (default: the tree this module is in)")
    p.add_argument("--config", type=Path, default=None,
                   help=f"settings written by make gradescope (default: SOURCE/../{CONFIG_NAME} "
                        "if it exists)")
    p.add_argument("--work", type=Path, default=None,
                   help="scratch directory, emptied first (default: AUTOGRADER_ROOT/work)")
    p.add_argument("--prebuilt", type=Path, default=None,
                   help="a starter build of the same tree to start from (default: "
                        "AUTOGRADER_ROOT/prebuilt/build if setup.sh made it)")
    p.add_argument("--time-budget", type=float, default=None,
                   help=f"seconds for the whole run (default: autograder.json or {TIME_BUDGET:g}; "
                        "0: no budget)")
    p.add_argument("--user", default=None,
                   help="the unprivileged user to grade as (default: orrery-student, else nobody)")
    p.add_argument("--only", nargs="+", metavar="TEST_ID", help="grade only these tests")
    p.add_argument("--jobs", type=int, default=min(2, len(os.sched_getaffinity(0))),
                   help="parallel compile jobs")
    p.add_argument("--prepare", action="store_true",
                   help="only make the starter build in AUTOGRADER_ROOT/prebuilt (setup.sh)")
    args = p.parse_args(argv)
    args.source = args.source.resolve()
    args.autograder_root = args.autograder_root.resolve()
    if args.config is None and (args.source.parent / CONFIG_NAME).is_file():
        args.config = args.source.parent / CONFIG_NAME
    config = json.loads(args.config.read_text()) if args.config else {}
    args.lab = args.lab if args.lab is not None else config.get("lab")
    if args.lab is None:
        p.error("--lab is required without an autograder.json")
    args.student_files = config.get("student_files") or student_files(args.lab, args.source)
    args.other_labs = config.get("other_labs", other_labs(args.lab, args.source))
    if args.time_budget is None:
        args.time_budget = float(config.get("time_budget", TIME_BUDGET))
    args.work = (args.work or args.autograder_root / "work").resolve()
    if args.prebuilt is None and not args.prepare \
            and (args.autograder_root / "prebuilt" / "build").is_dir():
        args.prebuilt = args.autograder_root / "prebuilt" / "build"
    return args


def main(argv=None) -> int:
    """Grade the submission; 0 when results.json was written."""
    args = parse_args(argv)
    if args.prepare:
        Workspace.create(args.autograder_root / "prebuilt", args.source, args.lab,
                         args.other_labs, prebuilt=args.prebuilt, jobs=args.jobs)
        print(f"autograder: starter build of lab {args.lab} in "
              f"{args.autograder_root / 'prebuilt' / 'build'}")
        return 0
    start = time.monotonic()
    try:
        lab = load_lab(args.source / "labs", args.lab)
    except LabError as e:
        print(f"autograder: {e}", file=sys.stderr)
        return 2
    if args.only:
        lab.tests = [t for t in lab.tests if t.id in args.only]
    results = ResultsFile(args.autograder_root / "results" / "results.json", lab, start)
    results.write()
    try:
        grade_submission(args, lab, results, start)
    except Exception as e:           # our bug, not the student's: say so, keep what we have
        results.note(f"The autograder failed ({type(e).__name__}: {e}); please tell the "
                     "course staff.")
        results.fail_rest("not run: the autograder failed (see above)", "autograder_error")
        raise
    say(f"score {results.score:g}/{results.max_score:g}; results in {results.path}")
    return 0


def grade_submission(args, lab, results: ResultsFile, start: float) -> None:
    """Steps 1 to 4 of the module's docstring, recording everything in ``results``."""
    wanted = args.student_files
    located = locate(args.autograder_root / "submission", wanted)
    if not located.found:
        shown = located.seen[:SHOWN_FILES]
        more = f" (and {len(located.seen) - len(shown)} more)" if len(located.seen) > len(shown) else ""
        results.note(
            f"Your submission has none of Lab {lab.number}'s files ({', '.join(wanted)}), "
            "so there is nothing to grade: every test scores 0. Upload those files, either "
            "at the top level or in your whole tree (a folder holding kernel/).\n"
            + (f"Files received: {', '.join(shown)}{more}" if shown else "No files were received."))
        results.fail_rest("not run: the submission has none of the lab's files", "empty")
        return
    lines = [f"graded with your {w} (uploaded as {located.found[w].relative_to(args.autograder_root / 'submission').as_posix()})"
             for w in sorted(located.found)]
    lines += [f"{w} is not in your submission: the starter code was used for it, so the "
              "tests of its functions fail" for w in located.missing]
    results.note("\n".join(lines + located.notes))
    files = {w: p.read_bytes() for w, p in located.found.items()}

    problems = submission_check(args.source, lab.number, files)
    if problems:
        results.note("Your submission was refused by the submission check (your lab's "
                     "files may not touch the kernel's grading machinery):\n"
                     + "\n".join(f"  {p}" for p in problems))
        results.fail_rest("not run: the submission check refused the submission", "refused")
        return

    say(f"preparing the course's tree in {args.work}")
    ws = Workspace.create(args.work, args.source, lab.number, args.other_labs,
                          prebuilt=args.prebuilt, jobs=args.jobs)
    ws.overlay(files)
    grader = Grader.pick(args.user)
    ws.hand_over(grader)
    say(f"building the submission as {grader.name}")
    build = ws.build(grader, args.jobs, timeout=min(BUILD_TIMEOUT, _left(args, start) or BUILD_TIMEOUT))
    if not build.ok:
        what = "ran out of time" if build.timed_out else "failed"
        results.note(f"The build {what}, so every test scores 0. The compiler said:\n\n"
                     + build.diagnostics(ws.work))
        results.fail_rest("not run: the build failed (see the messages above)", "build_failed")
        return
    results.note(f"built in {build.seconds:.0f} s")
    run_tests(args, lab, results, ws, grader, start)


def run_tests(args, lab, results: ResultsFile, ws: Workspace, grader: Grader, start: float) -> None:
    """Each graded test on its own, results.json rewritten after each one."""
    out_root = ws.work / "grade"
    out_root.mkdir()
    for i, test in enumerate(lab.tests, 1):
        left = _left(args, start)
        if left is not None and left < MIN_TEST_SECONDS:
            results.fail_rest(f"not run: the autograder's time budget ({args.time_budget:g} s) "
                              "ran out before this test", "out_of_time")
            results.note("The time budget ran out before every test ran; the tests not run "
                         "score 0. A hanging test or a slow kernel costs the tests after it.")
            return
        out = out_root / test.id
        out.mkdir()
        if grader.drops_privileges:
            os.chown(out, grader.uid, grader.gid)
        say(f"[{i}/{len(lab.tests)}] {test.id} ...")
        limit = test.timeout + TEST_MARGIN if left is None else min(test.timeout + TEST_MARGIN, left)
        run = grader.run([sys.executable, "-m", "grading.grade", "--lab", str(lab.number),
                          "--build-dir", str(ws.build_dir), "--out", str(out),
                          "--only", test.id, "-q"], cwd=ws.tree, timeout=limit)
        graded = _read_test_result(out / "results.json", test.id)
        if run.returncode is None:
            results.set_test(test.id, None, f"the time budget ran out while this test ran "
                                              f"(after {limit:.0f} s)")
        else:
            results.set_test(test.id, graded, run.stdout[-4000:])
        entry = results.entries[test.id]
        say(f"[{i}/{len(lab.tests)}] {test.id}: {entry['score']:g}/{entry['max_score']:g}")


def submission_check(source: Path, lab: int, files: dict) -> List[str]:
    """Problems the course's submission check (``grading.submission_check``) finds in the
    student's ``files`` (path in the tree -> contents); [] if none.  Each message names file
    and line.  Quoted includes may name the course tree's kernel headers."""
    from grading import submission_check as check
    headers = check.kernel_header_names(source)
    problems = []
    for name, data in sorted(files.items()):
        problems += check.check_source(data.decode("utf-8", "replace"), name, headers)
    return [str(p) for p in problems]


def _read_test_result(path: Path, test_id: str) -> Optional[dict]:
    """The entry for ``test_id`` in a results.json the unprivileged grader wrote, or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8") as f:
            obj = json.loads(f.read(4 * 1024 * 1024))
    except (OSError, ValueError):
        return None
    tests = obj.get("tests") if isinstance(obj, dict) else None
    for entry in tests if isinstance(tests, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("extra_data"), dict) \
                and entry["extra_data"].get("id") == test_id:
            return entry
    return None


def _left(args, start: float) -> Optional[float]:
    return None if not args.time_budget else args.time_budget - (time.monotonic() - start)


def say(message: str) -> None:
    """A progress line on stdout (Gradescope keeps it for the instructor)."""
    print(f"autograder: {message}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
