"""Test submissions for the autograder: what students upload, good and bad.

Each scenario is a set of files (path in the upload -> text) made from the course's tree:

* ``correct``  the reference solutions written into the lab's files (full marks);
* ``nested``   the same, as a whole tree in a folder (orrery-main/kernel/...);
* ``starter``  the starter files unchanged (what the tricks must not beat);
* ``empty``    nothing the lab needs (a README only): 0, "none of Lab N's files";
* ``broken``   a lab file that does not compile: 0, the compiler's error;
* ``hang``     the holes of the last file never return (the others are correct): the
               run still ends within its budget, with the scores of the tests before;
* ``tricks``   the gaming of issue 8: every hole ``_exit(0)``s on the host and halts the
               machine with the success code in the kernel.

``reference_file`` builds a lab file that a student could have written: the starter file
with its LAB_HOLE stubs taken out and the reference bodies appended.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

from grading.autograder.lab_files import student_files

HOLE = re.compile(r"^LAB_HOLE [^\n]*\((?P<args>[^)]*)\)\n\{\n.*?^\}\n", re.MULTILINE | re.DOTALL)


def solution_path(repo: Path, lab: int, rel: str) -> Path:
    """Where lab ``lab``'s reference for the starter ``rel`` lives: solutions/labN/FILE.c for
    a kernel file, solutions/labN/SERVER/FILE.c for a server's (servers/SERVER/FILE.c)."""
    parts = Path(rel).parts
    if len(parts) == 3 and parts[0] == "servers":
        return repo / "solutions" / f"lab{lab}" / parts[1] / parts[2]
    return repo / "solutions" / f"lab{lab}" / Path(rel).name


def reference_file(repo: Path, lab: int, rel: str) -> str:
    """The starter ``rel`` with its holes filled by its reference (solution_path)."""
    starter = (repo / rel).read_text()
    solution = solution_path(repo, lab, rel)
    body = HOLE.sub("", starter).replace('#include "lab.h"\n', "")
    return body + "\n/* ---- the student's code ---- */\n" + solution.read_text()


STUB_CALL = re.compile(r"^    lab_hole_missing\(\d+, \"\w+\"\);\n", re.MULTILINE)


def _with_holes(repo: Path, rel: str, body: str) -> str:
    """The starter ``rel`` with every hole's lab_hole_missing() call replaced by ``body``."""
    return STUB_CALL.sub(body, (repo / rel).read_text())


TRICK_BODY = ("#if __STDC_HOSTED__\n"
              "    _exit(0);   /* the host test's child 'passes' */\n"
              "#else\n"
              "    machine_halt(HALT_SUCCESS);   /* the booted test 'passes' */\n"
              "#endif\n")
HANG_BODY = "    for (;;)\n        continue; /* C11 6.8.5: a constant condition may not be assumed to end */\n"


def scenario(name: str, repo: Path, lab: int) -> Dict[str, str]:
    """The upload of scenario ``name`` for lab ``lab``: {path in the upload: text}."""
    files = student_files(lab, repo)
    if name == "correct":
        return {Path(f).name: reference_file(repo, lab, f) for f in files}
    if name == "nested":
        return {f"orrery-main/{f}": reference_file(repo, lab, f) for f in files}
    if name == "starter":
        return {Path(f).name: (repo / f).read_text() for f in files}
    if name == "empty":
        return {"README.txt": "I forgot to attach my code.\n"}
    if name == "broken":
        first, rest = files[0], files[1:]
        broken = reference_file(repo, lab, first) + "\nint this_does_not_compile(void) { return }\n"
        return {Path(first).name: broken,
                **{Path(f).name: reference_file(repo, lab, f) for f in rest}}
    if name == "hang":
        last, rest = files[-1], files[:-1]
        return {Path(last).name: _with_holes(repo, last, HANG_BODY),
                **{Path(f).name: reference_file(repo, lab, f) for f in rest}}
    if name == "tricks":
        prelude = ("#if __STDC_HOSTED__\n#include <unistd.h>\n#else\n"
                   "#include \"machine.h\"\n#endif\n")
        return {f"my-tree/{f}": prelude + _with_holes(repo, f, TRICK_BODY) for f in files}
    raise KeyError(f"no scenario {name!r}; they are: {', '.join(SCENARIOS)}")


SCENARIOS = ("correct", "nested", "starter", "empty", "broken", "hang", "tricks")


def write_scenario(name: str, repo: Path, lab: int, dest: Path) -> None:
    """Write scenario ``name``'s upload into the (empty) directory ``dest``."""
    for rel, text in scenario(name, repo, lab).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
