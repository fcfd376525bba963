"""``make grade-all LAB=n SUBMISSIONS=dir/``: grade a whole class without Gradescope.

``python3 -m grading.autograder.grade_all --lab N --submissions DIR --out OUT`` grades every
entry of DIR (a folder, or a .tar/.tar.gz/.tgz/.zip archive, per student; the student is
the entry's name without its suffix) exactly as the Gradescope autograder does
(``grading.autograder.run``), several at once, and writes:

* ``OUT/results/STUDENT.json``  each student's results.json (Gradescope's format);
* ``OUT/logs/STUDENT.log``      what the autograder printed for them;
* ``OUT/scores.csv``            one row per student: student, total, max_score, status,
                                one column per test (its id), message.

An entry that cannot be graded (an unreadable archive, a file that is no archive) gets a
row with status ``error`` and the reason; the run goes on.  The starter build is made once
(``OUT/prebuilt``) and every student's build starts from it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

from grading.autograder.submission import UnpackError, archive_stem, is_archive, unpack
from grading.framework import REPO_ROOT, LabError, load_lab

STUDENT_TIMEOUT = 3600.0     # seconds for one student's whole run, whatever happens
STATUS_BY_RESULT = {"empty": "empty", "build_failed": "build_failed", "refused": "refused"}


@dataclasses.dataclass
class Row:
    """One student's line of scores.csv."""

    student: str
    status: str                          # graded, empty, build_failed, refused, error
    total: Optional[float] = None
    scores: Dict[str, float] = dataclasses.field(default_factory=dict)
    message: str = ""


def student_name(entry: Path) -> str:
    """The student an entry of the submissions folder belongs to."""
    return entry.name if entry.is_dir() or not is_archive(entry) else archive_stem(entry)


def grade_entry(entry: Path, name: str, lab: int, out: Path, prebuilt: Path,
                time_budget: float, only: Optional[List[str]]) -> Row:
    """Grade one student's folder or archive; never raises."""
    root = out / "students" / name
    try:
        shutil.rmtree(root, ignore_errors=True)
        (root / "results").mkdir(parents=True)
        submission = root / "submission"
        if entry.is_dir():
            shutil.copytree(entry, submission, symlinks=True)
        elif entry.is_file() and is_archive(entry):
            unpack(entry, submission)
        else:
            return Row(name, "error", message=f"{entry.name} is neither a folder nor an archive "
                                              "(.tar, .tar.gz, .tgz, .zip)")
    except UnpackError as e:
        return Row(name, "error", message=str(e))
    except OSError as e:
        return Row(name, "error", message=f"cannot read {entry.name}: {e}")
    cmd = [sys.executable, "-m", "grading.autograder.run", "--lab", str(lab),
           "--autograder-root", str(root), "--prebuilt", str(prebuilt),
           "--time-budget", str(time_budget), "--jobs", "1"]
    if only:
        cmd += ["--only", *only]
    log = out / "logs" / f"{name}.log"
    try:
        with open(log, "w") as f:
            subprocess.run(cmd, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=f,
                           stderr=subprocess.STDOUT, timeout=STUDENT_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass                               # results.json has what was graded by then
    try:
        results = json.loads((root / "results" / "results.json").read_text())
    except (OSError, ValueError) as e:
        return Row(name, "error", message=f"the autograder wrote no results ({e}); see {log}")
    shutil.copy2(root / "results" / "results.json", out / "results" / f"{name}.json")
    shutil.rmtree(root / "work", ignore_errors=True)     # the build: tens of MiB each
    return row_from_results(name, results)


def row_from_results(name: str, results: dict) -> Row:
    """A CSV row from a results.json."""
    tests = results.get("tests", [])
    kinds = {t.get("extra_data", {}).get("result") for t in tests}
    status = next((STATUS_BY_RESULT[k] for k in kinds if k in STATUS_BY_RESULT), "graded")
    first_line = (results.get("output", "").split("\n\n") + [""])[1].splitlines()
    return Row(name, status, total=results.get("score"),
               scores={t.get("extra_data", {}).get("id", t.get("name")): t.get("score")
                       for t in tests},
               message=first_line[0] if status != "graded" and first_line else "")


def write_csv(path: Path, rows: List[Row], test_ids: List[str], max_score: float) -> None:
    """scores.csv: student, total, max_score, status, a column per test, message."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "total", "max_score", "status", *test_ids, "message"])
        for r in sorted(rows, key=lambda r: r.student):
            w.writerow([r.student, _cell(r.total), _cell(max_score), r.status,
                        *(_cell(r.scores.get(t)) for t in test_ids), r.message])


def _cell(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def unique_names(entries: List[Path]) -> Dict[Path, str]:
    """A distinct name per entry (alice/ and alice.zip become alice and alice-2)."""
    names, used = {}, set()
    for entry in entries:
        base = student_name(entry) or "unnamed"
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[entry] = name
    return names


def main(argv=None) -> int:
    """Grade the class; 0 when scores.csv was written (bad entries are rows, not errors)."""
    p = argparse.ArgumentParser(prog="python3 -m grading.autograder.grade_all",
                                description="Grade a folder of submissions into a CSV.")
    p.add_argument("--lab", type=int, required=True)
    p.add_argument("--submissions", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    p.add_argument("--time-budget", type=float, default=0,
                   help="seconds per submission (default 0: only the tests' own timeouts)")
    p.add_argument("--only", nargs="+", metavar="TEST_ID", help="grade only these tests")
    p.add_argument("--prebuilt", type=Path, default=None,
                   help="a starter build of this tree with the same SOLUTIONS (for example "
                        "make test's build/without-labN) instead of making one")
    a = p.parse_args(argv)
    if not a.submissions.is_dir():
        print(f"grade-all: {a.submissions} is not a folder", file=sys.stderr)
        return 2
    try:
        lab = load_lab(REPO_ROOT / "labs", a.lab)
    except LabError as e:
        print(f"grade-all: {e}", file=sys.stderr)
        return 2
    tests = [t for t in lab.tests if not a.only or t.id in a.only]
    out = a.out.resolve()
    for d in ("results", "logs", "students"):
        shutil.rmtree(out / d, ignore_errors=True)
        (out / d).mkdir(parents=True)
    os.chmod(out, 0o755)
    entries = sorted(e for e in a.submissions.resolve().iterdir() if not e.name.startswith("."))
    print(f"grade-all: lab {a.lab}, {len(entries)} submissions, {a.jobs} at a time; "
          "the starter build first", flush=True)
    prebuilt = out / "prebuilt" / "build"
    prepare = subprocess.run([sys.executable, "-m", "grading.autograder.run", "--prepare",
                              "--lab", str(a.lab), "--autograder-root", str(out)]
                             + (["--prebuilt", str(a.prebuilt.resolve())] if a.prebuilt else []),
                             cwd=REPO_ROOT, capture_output=True, text=True)
    if prepare.returncode != 0:
        print(f"grade-all: the starter build failed:\n{prepare.stdout}{prepare.stderr}",
              file=sys.stderr)
        return 2
    names = unique_names(entries)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futures = {pool.submit(grade_entry, e, names[e], a.lab, out, prebuilt,
                               a.time_budget, a.only): e for e in entries}
        for future in concurrent.futures.as_completed(futures):
            try:
                row = future.result()
            except Exception as e:          # a bug here must not lose the other students
                row = Row(names[futures[future]], "error", message=f"{type(e).__name__}: {e}")
            rows.append(row)
            print(f"grade-all: {row.student}: {_cell(row.total) or '-'} ({row.status})"
                  + (f" {row.message}" if row.message else ""), flush=True)
    max_score = sum(t.points for t in tests)
    write_csv(out / "scores.csv", rows, [t.id for t in tests], max_score)
    shutil.rmtree(out / "students", ignore_errors=True)
    print(f"grade-all: {out / 'scores.csv'} ({len(rows)} students; results in {out / 'results'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
