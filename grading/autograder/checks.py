"""What each test submission's results.json must show (shared by the CI test and
``make gradescope-test``).

``check_results`` returns a list of problems ([] when all is well): the file is valid
Gradescope output (``grading.gradescope.validate_results``), has one entry per graded test,
its score is the sum of theirs, and the scenario's own expectation holds.  The ``tricks``
scenario must score no more than the unchanged starter files (``starter_score``).
"""

from __future__ import annotations

from typing import List, Optional

from grading.gradescope import validate_results


def check_results(scenario: str, results: Optional[dict], test_count: int,
                  first_file: str, starter_score: Optional[float] = None) -> List[str]:
    """Problems with ``results`` (a parsed results.json) for ``scenario``."""
    if results is None:
        return ["no results.json was written"]
    problems = validate_results(results)
    tests = results.get("tests") or []
    if len(tests) != test_count:
        problems.append(f"{len(tests)} test entries, not {test_count}")
    score = results.get("score", 0)
    max_score = sum(t.get("max_score", 0) for t in tests)
    if abs(score - sum(t.get("score", 0) for t in tests)) > 1e-9:
        problems.append("the top-level score is not the sum of the tests' scores")
    output = results.get("output", "")
    everything = output + "\n".join(t.get("output", "") for t in tests)
    if scenario in ("correct", "nested") and score != max_score:
        problems.append(f"a correct submission scored {score}/{max_score}")
    if scenario in ("empty", "broken") and score != 0:
        problems.append(f"scored {score}, not 0")
    if scenario == "empty" and "none of Lab" not in output:
        problems.append("the output does not say that the lab's files are missing")
    if scenario == "broken" and not ("error" in output and first_file in output):
        problems.append(f"the output does not show the compiler's error in {first_file}")
    if scenario in ("starter", "hang", "tricks") and score >= max_score:
        problems.append(f"scored full marks ({score}/{max_score})")
    if scenario == "hang" and not any(w in everything for w in (
            "timed out", "time budget", "TimeoutExpired", "budget_exhausted",
            "wall-clock safety net")):
        problems.append("no test says it timed out or ran out of its instruction budget")
    if scenario == "tricks" and starter_score is not None and score > starter_score:
        problems.append(f"the tricks scored {score}, more than the starter code's "
                        f"{starter_score} (issue 8: the grader can be gamed)")
    return problems
