"""Gradescope ``results.json``: building it from graded results, and checking it.

The format is Gradescope's autograder output specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format"):
a top-level object with an optional ``score`` (required unless every test has one),
``execution_time`` (seconds), ``output``, ``output_format``, ``test_output_format``,
``test_name_format``, ``visibility``, ``stdout_visibility``, ``extra_data``, ``tests``
and ``leaderboard``.  Each test may have ``score``, ``max_score``, ``status``
("passed"/"failed"), ``name``, ``name_format``, ``number``, ``output``,
``output_format``, ``tags``, ``visibility`` and ``extra_data``.  Visibility is one of
"hidden", "after_due_date", "after_published", "visible"; output formats are "text",
"html", "simple_format", "md", "ansi".  There is no top-level ``max_score``: Gradescope
takes the assignment's total from its own settings.

A test's visibility is the one its ``@graded(visibility=...)`` declares: "visible" (always
shown), "hidden" (never shown to students), "after_due_date" (shown once the due date, or
the late due date, has passed) or "after_published" (shown once the grades are published).
The top-level ``output``, which students always see, then counts only the visible tests'
points, and ``stdout_visibility`` is "hidden" (the grader's printed table shows every
test), so neither gives away how the others went.
"""

from __future__ import annotations

import math
from typing import List

from grading.framework import VISIBILITIES as _VISIBILITIES

VISIBILITIES = set(_VISIBILITIES)
STATUSES = {"passed", "failed"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP_LEVEL_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data",
                  "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}


def build_results(lab, results, execution_time: float) -> dict:
    """The results.json object for ``results`` (a list of runner.TestResult) of ``lab``."""
    score = sum(r.score for r in results)
    max_score = sum(r.test.points for r in results)
    tests = []
    for number, r in enumerate(results, 1):
        parts = ["\n".join(r.failure_lines())] if not r.passed else []
        page = getattr(r, "trace_page", None)
        if page:
            parts.append(f"What the kernel did, step by step (open in a browser): {page.name}")
        if r.output:
            parts.append(r.output)
        tests.append({
            "name": r.test.name,
            "number": str(number),
            "score": r.score,
            "max_score": r.test.points,
            "status": "passed" if r.passed else "failed",
            "output": "\n\n".join(parts),
            "visibility": r.test.visibility,
            "extra_data": {"id": r.test.id, "result": r.kind,
                           "seconds": round(r.duration, 3),
                           **({"trace_page": page.name} if page else {})},
        })
    shown = [r for r in results if r.test.visibility == "visible"]
    summary = f"{lab.heading}: {_num(score)}/{_num(max_score)} points"
    if len(shown) < len(results):
        later = len(results) - len(shown)
        summary = (f"{lab.heading}: {_num(sum(r.score for r in shown))}/"
                   f"{_num(sum(r.test.points for r in shown))} points on the visible tests; "
                   f"{later} more test{'s' if later != 1 else ''} "
                   f"({_num(sum(r.test.points for r in results if r.test.visibility != 'visible'))} "
                   "points) not shown here")
    return {
        "score": score,
        "execution_time": int(math.ceil(execution_time)),
        "output": summary,
        "visibility": "visible",
        # The grader's stdout shows every test's result: hide it when some tests are hidden.
        "stdout_visibility": "visible" if len(shown) == len(results) else "hidden",
        "extra_data": {"lab": lab.number, "max_score": max_score},
        "tests": tests,
    }


def validate_results(obj) -> List[str]:
    """Problems with ``obj`` as a Gradescope results.json object; [] when it is valid."""
    if not isinstance(obj, dict):
        return [f"results must be a JSON object, not {type(obj).__name__}"]
    problems = [f"unknown top-level field {k!r}" for k in sorted(set(obj) - TOP_LEVEL_KEYS)]
    _check_number(obj, "score", "results", problems)
    _check_number(obj, "execution_time", "results", problems)
    if _is_number(obj.get("execution_time")) and obj["execution_time"] < 0:
        problems.append("results: execution_time must not be negative")
    _check_type(obj, "output", str, "results", problems)
    _check_type(obj, "extra_data", dict, "results", problems)
    for key in ("output_format", "test_output_format", "test_name_format"):
        _check_choice(obj, key, FORMATS, "results", problems)
    for key in ("visibility", "stdout_visibility"):
        _check_choice(obj, key, VISIBILITIES, "results", problems)

    tests = obj.get("tests")
    if tests is None:
        if "score" not in obj:
            problems.append("results need a top-level score or a tests list")
    elif not isinstance(tests, list):
        problems.append("results: tests must be a list")
    else:
        for i, test in enumerate(tests):
            problems += _validate_test(test, f"tests[{i}]")
        if "score" not in obj and any(isinstance(t, dict) and "score" not in t for t in tests):
            problems.append("without a top-level score every test needs a score")

    board = obj.get("leaderboard")
    if board is not None:
        if not isinstance(board, list):
            problems.append("results: leaderboard must be a list")
        else:
            for i, entry in enumerate(board):
                where = f"leaderboard[{i}]"
                if not isinstance(entry, dict):
                    problems.append(f"{where} must be an object")
                    continue
                if not isinstance(entry.get("name"), str):
                    problems.append(f"{where}: name must be a string")
                if not (_is_number(entry.get("value")) or isinstance(entry.get("value"), str)):
                    problems.append(f"{where}: value must be a number or a string")
                _check_choice(entry, "order", {"asc", "desc"}, where, problems)
    return problems


def _validate_test(test, where: str) -> List[str]:
    if not isinstance(test, dict):
        return [f"{where} must be an object"]
    problems = [f"{where}: unknown field {k!r}" for k in sorted(set(test) - TEST_KEYS)]
    _check_number(test, "score", where, problems)
    _check_number(test, "max_score", where, problems)
    if _is_number(test.get("score")) and _is_number(test.get("max_score")):
        if test["score"] > test["max_score"]:
            problems.append(f"{where}: score {test['score']} exceeds max_score "
                            f"{test['max_score']}")
    for key in ("name", "number", "output"):
        _check_type(test, key, str, where, problems)
    _check_type(test, "extra_data", dict, where, problems)
    _check_choice(test, "status", STATUSES, where, problems)
    _check_choice(test, "visibility", VISIBILITIES, where, problems)
    for key in ("name_format", "output_format"):
        _check_choice(test, key, FORMATS, where, problems)
    tags = test.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append(f"{where}: tags must be a list of strings")
    return problems


def _is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_number(obj: dict, key: str, where: str, problems: List[str]) -> None:
    if key in obj and not _is_number(obj[key]):
        problems.append(f"{where}: {key} must be a finite number, not {obj[key]!r}")


def _check_type(obj: dict, key: str, kind: type, where: str, problems: List[str]) -> None:
    if key in obj and not isinstance(obj[key], kind):
        problems.append(f"{where}: {key} must be a {kind.__name__}, not {obj[key]!r}")


def _check_choice(obj: dict, key: str, allowed: set, where: str, problems: List[str]) -> None:
    if key in obj and (not isinstance(obj[key], str) or obj[key] not in allowed):
        problems.append(f"{where}: {key} is {obj[key]!r}, not one of {sorted(allowed)}")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
