"""results.json for Gradescope, rewritten after every test so that a timeout keeps scores.

Gradescope reads /autograder/results/results.json once run_autograder ends, or is killed
at the assignment's time limit.  ``ResultsFile`` starts with every test at 0 ("not run
yet"), and each finished test replaces its entry and rewrites the file atomically, so a
run cut short still reports what it graded.  The format is checked by
``grading.gradescope.validate_results`` at every write.

Each test's entry comes from the grader run for that test alone (``grading.grade --only``,
as the unprivileged user); its name, max_score and number are the course's own
declaration, and its score is clamped to [0, max_score], whatever the file says.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Dict, List, Optional

from grading.gradescope import TEST_KEYS, validate_results

MAX_OUTPUT_CHARS = 60_000          # per test and top-level: Gradescope shows text, not logs


class ResultsFile:
    """The results.json being written for one submission."""

    def __init__(self, path: Path, lab, start: Optional[float] = None):
        self.path = Path(path)
        self.lab = lab                      # grading.framework.Lab (the course's copy)
        self.start = time.monotonic() if start is None else start
        self.messages: List[str] = []       # shown above the tests, in order
        self.entries: Dict[str, dict] = {
            t.id: self._entry(i, t, 0, "failed",
                              "not run yet: the autograder stopped before this test "
                              "(did it reach its time limit?)", result="not_run")
            for i, t in enumerate(lab.tests, 1)}

    @staticmethod
    def _entry(number: int, test, score: float, status: str, output: str, **extra) -> dict:
        return {"name": test.name, "number": str(number), "score": score,
                "max_score": test.points, "status": status, "output": output,
                "visibility": "visible", "extra_data": {"id": test.id, **extra}}

    def note(self, message: str) -> None:
        """Add a paragraph to the top-level output and rewrite the file."""
        self.messages.append(message.rstrip())
        self.write()

    def set_test(self, test_id: str, graded: Optional[dict], fallback_output: str = "") -> None:
        """Record one test's entry from its grader's results (None: it gave none)."""
        number, test = next((i, t) for i, t in enumerate(self.lab.tests, 1) if t.id == test_id)
        if graded is None:
            self.entries[test_id] = self._entry(
                number, test, 0, "failed",
                _cap("the grader gave no result for this test.\n" + fallback_output),
                result="no_result")
        else:
            entry = {k: v for k, v in graded.items() if k in TEST_KEYS}
            entry.update(name=test.name, number=str(number), max_score=test.points)
            score = entry.get("score")
            if not isinstance(score, (int, float)) or isinstance(score, bool) \
                    or not math.isfinite(score):
                score = 0
            entry["score"] = min(max(score, 0), test.points)
            entry["status"] = "passed" if entry["score"] >= test.points else "failed"
            entry["output"] = _cap(str(entry.get("output", "")))
            extra = entry.get("extra_data") if isinstance(entry.get("extra_data"), dict) else {}
            entry["extra_data"] = {**extra, "id": test.id}
            self.entries[test_id] = entry
        self.write()

    def fail_rest(self, reason: str, result: str) -> None:
        """Mark every test not graded yet as failed with ``reason`` (nothing ran)."""
        for i, test in enumerate(self.lab.tests, 1):
            if self.entries[test.id]["extra_data"].get("result") == "not_run":
                self.entries[test.id] = self._entry(i, test, 0, "failed", reason, result=result)
        self.write()

    @property
    def score(self) -> float:
        return sum(e["score"] for e in self.entries.values())

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.lab.tests)

    def as_json(self) -> dict:
        """The results.json object as it stands."""
        heading = f"{self.lab.heading}: {_num(self.score)}/{_num(self.max_score)} points"
        return {
            "score": self.score,
            "execution_time": int(math.ceil(time.monotonic() - self.start)),
            "output": _cap("\n\n".join([heading] + self.messages)),
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "extra_data": {"lab": self.lab.number, "max_score": self.max_score},
            "tests": [self.entries[t.id] for t in self.lab.tests],
        }

    def write(self) -> None:
        """Write results.json atomically (a reader never sees half a file)."""
        obj = self.as_json()
        problems = validate_results(obj)
        if problems:              # an autograder bug: say so, but keep the scores
            obj["output"] += "\n\n(autograder warning: " + "; ".join(problems) + ")"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def _cap(text: str) -> str:
    if len(text) <= MAX_OUTPUT_CHARS:
        return text
    half = MAX_OUTPUT_CHARS // 2
    return f"{text[:half]}\n[... {len(text) - 2 * half} characters left out ...]\n{text[-half:]}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
