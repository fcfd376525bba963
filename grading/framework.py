"""How an Orrery lab declares its graded tests.

A lab's graded tests live in ``labs/labN/grade.py`` (N is the lab number)::

    from grading.framework import graded, CheckFailed

    TITLE = "boot and physical memory"        # optional, shown in the report

    @graded(points=10, name="frame allocator hands out distinct frames",
            hint="Look at frame_alloc: ...")
    def frames_distinct(ctx):
        ctx.log("booting the frame-allocator test")
        ...
        if bad:
            raise CheckFailed(expected="...", seen="...")

Each ``@graded`` function is registered, in definition order, in the module-level list
``GRADED_TESTS``; its test id is the function name.  A test passes when it returns, and
fails when it raises: ``CheckFailed`` says what was expected and what was seen, any other
exception is reported with its type, message and traceback.  The grader (``grading.grade``)
runs every test in its own process with a wall-clock safety timeout, so a test that hangs
or crashes costs that test only.

``visibility`` says when Gradescope shows a test to the student (it is copied into
results.json, see ``grading.gradescope``): "visible" (the default, always), "hidden" (never),
"after_due_date" (once the due date, or the late due date, has passed) or "after_published"
(once the instructor publishes the grades).

Hidden tests: an instructor can keep more ``@graded`` tests in a file outside the handout and
add them with ``python3 -m grading.grade --lab N --extra-tests FILE`` (``make grade LAB=N
EXTRA_TESTS=FILE``). Such a file is written like a lab's grade.py; the lab's directory is on
``sys.path``, so ``import grade`` gives it the lab's helpers. Its test ids must differ from the
lab's.

This module also finds and loads lab grade files (``load_lab``); running them is in
``grading.runner``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, List, Optional, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The Orrery checkout this grading package belongs to."""

DEFAULT_TIMEOUT = 300.0
"""Seconds a graded test may run before it is killed and marked failed."""

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
"""When Gradescope shows a test to students (its results.json "visibility" values)."""


class CheckFailed(Exception):
    """Raised by a graded test when the student's code did the wrong thing.

    ``expected`` and ``seen`` are shown to the student side by side; ``hint``, when given,
    replaces the hint from the ``@graded`` decorator for this failure.
    """

    def __init__(self, expected: object = "", seen: object = "", hint: Optional[str] = None):
        self.expected = str(expected)
        self.seen = str(seen)
        self.hint = hint
        super().__init__(f"expected {self.expected}; seen {self.seen}")


@dataclasses.dataclass(frozen=True)
class GradedTest:
    """One graded test as declared by ``@graded``."""

    id: str                    # the function name; used by --only and in results
    name: str                  # what students see
    points: float
    hint: Optional[str]
    timeout: float             # seconds
    func: Callable[["GradeContext"], object]
    visibility: str = "visible"  # one of VISIBILITIES
    source: Optional[Path] = None  # the file that declared it


def graded(points: float, name: Optional[str] = None, hint: Optional[str] = None,
           timeout: float = DEFAULT_TIMEOUT, visibility: str = "visible"):
    """Decorator declaring a graded test worth ``points``.

    ``name`` is the description shown to students (default: the function name), ``hint``
    is shown when the test fails, ``timeout`` is the wall-clock limit in seconds, and
    ``visibility`` (one of VISIBILITIES) when Gradescope shows the test to the student.
    The function is returned unchanged (with a ``graded`` attribute) so it can still be
    called directly, and is appended to its module's ``GRADED_TESTS`` list.
    """
    if callable(points):
        raise TypeError("write @graded(points=N, ...), not a bare @graded")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        raise ValueError(f"@graded points must be a positive number, not {points!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"@graded timeout must be a positive number of seconds, not {timeout!r}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"@graded visibility must be one of {', '.join(VISIBILITIES)}, "
                         f"not {visibility!r}")

    def register(func):
        tests = func.__globals__.setdefault("GRADED_TESTS", [])
        if any(t.id == func.__name__ for t in tests):
            raise ValueError(f"graded test {func.__name__!r} is declared twice")
        source = func.__globals__.get("__file__")
        test = GradedTest(id=func.__name__, name=name or func.__name__, points=points,
                          hint=hint, timeout=float(timeout), func=func, visibility=visibility,
                          source=Path(source) if source else None)
        tests.append(test)
        func.graded = test
        return func

    return register


class GradeContext:
    """What a graded test gets as its only argument.

    Attributes: ``lab`` (int), ``build_dir`` (Path with the built kernel and images),
    ``repo`` (Path of the Orrery checkout), ``workdir`` (a fresh, empty scratch directory
    for this test), ``test_id`` and ``timeout`` (seconds allowed for this test).
    """

    def __init__(self, lab: int, build_dir: Path, repo: Path = REPO_ROOT,
                 workdir: Optional[Path] = None, test_id: str = "",
                 timeout: float = DEFAULT_TIMEOUT, log_path: Optional[Path] = None):
        self.lab = lab
        self.build_dir = Path(build_dir)
        self.repo = Path(repo)
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="orrery-grade-"))
        self.test_id = test_id
        self.timeout = timeout
        self.messages: List[str] = []
        self._log_path = Path(log_path) if log_path else None
        self._deadline = time.monotonic() + timeout

    def log(self, msg: object) -> None:
        """Append a line to this test's output (shown in results.json and junit.xml)."""
        text = str(msg)
        self.messages.append(text)
        if self._log_path is not None:
            # Written at once, so the log survives the test hanging or crashing later.
            with open(self._log_path, "a", encoding="utf-8", errors="replace") as f:
                f.write(text + "\n")

    def remaining(self) -> float:
        """Seconds left before the safety timeout; use it to bound QEMU runs."""
        return max(0.0, self._deadline - time.monotonic())


class LabError(Exception):
    """A lab cannot be graded: it does not exist, fails to import, or has no tests."""


@dataclasses.dataclass
class Lab:
    """A loaded lab grade file."""

    number: int
    path: Path
    title: str
    tests: List[GradedTest]
    extra_tests: List[Path] = dataclasses.field(default_factory=list)  # files given with --extra-tests

    @property
    def heading(self) -> str:
        """``Lab N — title`` (or just ``Lab N`` without a TITLE)."""
        return f"Lab {self.number} — {self.title}" if self.title else f"Lab {self.number}"


def lab_file(labs_dir: Path, number: int) -> Path:
    """Where lab ``number``'s graded tests live."""
    return Path(labs_dir) / f"lab{number}" / "grade.py"


def available_labs(labs_dir: Path) -> List[int]:
    """Numbers of the labs under ``labs_dir`` that have a grade.py, sorted."""
    found = []
    if Path(labs_dir).is_dir():
        for entry in Path(labs_dir).iterdir():
            m = re.fullmatch(r"lab(\d+)", entry.name)
            if m and (entry / "grade.py").is_file():
                found.append(int(m.group(1)))
    return sorted(found)


def load_lab(labs_dir: Path, number: int, extra_tests: Sequence[Path] = ()) -> Lab:
    """Import lab ``number``'s grade.py, and the instructor's ``extra_tests`` files, and
    return the lab's title and graded tests (the lab's own first, then each file's).

    Raises LabError (with a message fit for the user) if that is not possible.
    """
    path = lab_file(labs_dir, number)
    if not path.is_file():
        labs = available_labs(labs_dir)
        which = ", ".join(str(n) for n in labs) if labs else "none yet"
        missing = (f"lab {number} has no grade.py ({path} does not exist)"
                   if path.parent.is_dir() else
                   f"there is no lab {number} ({path.parent} does not exist)")
        raise LabError(f"{missing}.\nLabs that can be graded (under {labs_dir}): {which}")
    module = _import_file(path, f"_orrery_lab{number}_grade", path.parent)
    tests = list(getattr(module, "GRADED_TESTS", []))
    if not tests:
        raise LabError(f"lab {number} has no graded tests: {path} declares none "
                       f"(decorate test functions with @graded(points=...))")
    extra_paths = [Path(extra).resolve() for extra in extra_tests]
    for index, extra in enumerate(extra_paths):
        if not extra.is_file():
            raise LabError(f"the extra test file {extra} does not exist")
        extra_module = _import_file(extra, f"_orrery_lab{number}_extra{index}", path.parent)
        added = list(getattr(extra_module, "GRADED_TESTS", []))
        if not added:
            raise LabError(f"the extra test file {extra} declares no graded tests "
                           f"(decorate test functions with @graded(points=...))")
        known = {t.id for t in tests}
        twice = [t.id for t in added if t.id in known]
        if twice:
            raise LabError(f"the extra test file {extra} declares test ids lab {number} already "
                           f"has: {', '.join(twice)} (rename those functions)")
        tests += added
    return Lab(number=number, path=path, title=str(getattr(module, "TITLE", "") or ""),
               tests=tests, extra_tests=extra_paths)


def _import_file(path: Path, module_name: str, lab_dir: Path):
    """Import a Python file as a fresh module, with ``lab_dir`` on sys.path; LabError with
    the traceback if it fails."""
    lab_dir = str(lab_dir)
    if lab_dir not in sys.path:
        sys.path.insert(0, lab_dir)        # so a lab may import helper files beside it
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit):
        del sys.modules[module_name]
        raise LabError(f"could not load {path}:\n{traceback.format_exc()}") from None
    return module
