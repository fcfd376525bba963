"""Which files of the tree are a lab's own: the files a student's submission replaces.

A lab's own files are the kernel/ files its holes live in: those with a ``LAB_HOLE`` stub
that reports ``lab_hole_missing(N, ...)`` for lab N (kernel/lab.h).  A lab's grade file may
instead declare the list itself, as a literal at module level::

    STUDENT_FILES = ["kernel/frame_alloc.c", "kernel/vm.c"]

and then that list is used.  Everything else (the Makefile, the tests, the graders, the
other labs' code) always comes from the course's copy.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import List, Optional

HOLE_MARK = "LAB_HOLE"
HOLE_REPORT = re.compile(r"\blab_hole_missing\s*\(\s*(\d+)\s*,")
STUDENT_FILES_NAME = "STUDENT_FILES"


def student_files(lab: int, repo: Path) -> List[str]:
    """The paths (relative to ``repo``, with ``/``) of lab ``lab``'s own files, sorted.

    The grade file's ``STUDENT_FILES`` when it declares one, else the kernel/ files whose
    LAB_HOLE stubs belong to that lab.  Empty when the lab has no holes.
    """
    declared = declared_student_files(lab, repo)
    if declared is not None:
        return sorted(declared)
    found = []
    for path in sorted(Path(repo, "kernel").rglob("*.c")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if HOLE_MARK in text and any(int(n) == lab for n in HOLE_REPORT.findall(text)):
            found.append(path.relative_to(repo).as_posix())
    return found


def declared_student_files(lab: int, repo: Path) -> Optional[List[str]]:
    """``STUDENT_FILES`` from labs/labN/grade.py, read without importing it; None if absent."""
    grade_file = Path(repo, "labs", f"lab{lab}", "grade.py")
    try:
        tree = ast.parse(grade_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        if any(isinstance(t, ast.Name) and t.id == STUDENT_FILES_NAME for t in targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return [v.strip("/") for v in value]
    return None


def other_labs(lab: int, repo: Path) -> List[int]:
    """The labs whose reference solutions are linked in when lab ``lab`` is graded."""
    return sorted(int(p.name[3:]) for p in Path(repo, "solutions").glob("lab[0-9]*")
                  if p.is_dir() and p.name[3:].isdigit() and int(p.name[3:]) != lab)
