"""Lab 5 grader: paging servers, the memory manager's fault decision, copy-on-write and
page replacement.

Run with ``make grade LAB=5``. Every test boots the whole system in QEMU with a test
program in place of the shell (booted.py) and judges what it printed against evidence the
memory manager cannot make up: the kernel's trace of the run (pages mapped, page faults),
the kernel's own count of a task's pages, and the program's bytes read on the host.

The checks live in modules beside this file, one per exercise; each declares its
@graded tests and is listed in CHECK_MODULES (a module not there yet is skipped, so each
exercise's checks arrive with its hole, which then joins STUDENT_FILES below):

- pager_checks.py: exercise 1, the fault decision (servers/mm/fault_decide.c);
- cow_checks.py:   exercise 2, the copy-on-write write fault (servers/mm/cow.c);
- swap_checks.py:  exercise 3, page replacement and its write-back (servers/mm/replace.c).
"""

from __future__ import annotations

import importlib
from pathlib import Path

TITLE = "paging servers"
CHECK_MODULES = ("pager_checks", "cow_checks", "swap_checks")

# The files this lab's holes (LAB_HOLE) live in: what a student hands in and the submission
# check (grading.submission_check) reads; the Gradescope autograder copies only these.
STUDENT_FILES = ("servers/mm/fault_decide.c",)

GRADED_TESTS = []
for _name in CHECK_MODULES:
    if (Path(__file__).parent / f"{_name}.py").exists():
        GRADED_TESTS += importlib.import_module(_name).GRADED_TESTS
