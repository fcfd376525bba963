"""The submission check: refuse student lab files that reach for what grading rests on.

``python3 -m grading.submission_check --lab N [FILE...]`` (run by ``make grade`` before
grading, and by the Gradescope autograder before it builds a submission) reads the files a
lab's holes live in (``STUDENT_FILES`` in labs/labN/grade.py, or the FILEs given) and lists
every line that uses something a lab hole has no business using:

- the trace emitter (``TRACE(``, ``trace_*``, trace.h): the graders read the trace;
- the machine's halt and exit port (``machine_halt``, port I/O such as ``outb``/``outw``,
  the isa-debug-exit port 0xf4, the debug console 0xe9): how a run says it ended;
- the per-run nonce and the command line it arrives on (``cmdline_*``, ``nonce``,
  multiboot, the in-kernel tests' ``ktest_*``);
- the host test harness's protocol (``_exit``, ``exit``, ``fork``, ``kill``, ``signal``,
  ``longjmp``, ``write`` to file descriptors, ``__STDC_HOSTED__``, constructors, ...);
- inline assembly, system headers, token pasting and line splices, none of which the
  reference solutions need, and which can hide the names above.

Comments and string literals are ignored, so a comment that mentions ``TRACE()`` is fine.
Each problem names the file and line: ``kernel/runqueue.c:14: _exit: ...``.

The Gradescope autograder and other tools call ``check_lab_files(lab, repo)`` (a list of
``Problem``; empty when the submission is acceptable) and ``student_files(lab, repo)``.
Exit status of the command: 0 when there is nothing to refuse, 1 when there is, 2 for a
usage error (no such lab, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

from grading.framework import REPO_ROOT, lab_file

# Headers a lab file may include with <...>: the freestanding ones the kernel's own code uses.
FREESTANDING_HEADERS = {"stdint.h", "stdbool.h", "stddef.h", "stdarg.h", "limits.h"}

# Kernel headers a lab file has no business including (what they declare is refused below).
FORBIDDEN_HEADERS = {
    "trace.h": "the trace emitter",
    "trace_events.h": "the trace emitter's record types",
    "cmdline.h": "the kernel command line, which carries the per-run nonce",
    "machine.h": "machine_halt, how a run reports that it ended",
    "ktest.h": "the in-kernel tests, whose results the grader reads",
    "multiboot.h": "the boot loader's information, which holds the command line",
    "bootinfo.h": "the boot information, which holds the command line",
    "serial.h": "the serial port the grader reads",
}

HARNESS = "the host test harness's protocol (the harness decides when a case has ended)"

# (pattern on code with comments and strings blanked, what it is, why it is refused).
RULES: List[Tuple[re.Pattern, str]] = [(re.compile(p), why) for p, why in [
    (r"\bTRACE\w*\s*\(|\bTRACE_\w+", "the trace emitter: the graders read the trace, so lab code must not write it"),
    (r"\btrace_\w+", "the trace emitter: the graders read the trace, so lab code must not write it"),
    (r"\bmachine_halt\b|\bhalt_status\b|\bHALT_\w+", "halting the machine: how a run reports that it ended"),
    (r"(?<![\w.>])(?:outb|outw|outl|outsb|outsw|outsl|inb|inw|inl|insb|insw|insl)\s*\(",
     "port I/O: the holes need none (the exit port 0xf4 and the debug console 0xe9 are the grader's)"),
    (r"\b0[xX]0*[fF]4\b|\b0[xX]0*[eE]9\b", "the isa-debug-exit port (0xf4) or the debug console port "
                                                 "(0xe9): how a run reports its result"),
    (r"isa.debug.exit", "the isa-debug-exit device: how a run reports its result"),
    (r"\w*cmdline\w*|\w*nonce\w*|\w*test_seed\w*|\bmultiboot\w*|\bboot_info\w*",
     "the kernel command line and its per-run nonce and seed"),
    (r"\bktest_\w+", "the in-kernel tests, whose results the grader reads"),
    (r"\b__STDC_HOSTED__\b", "telling the host tests from the kernel: " + HARNESS),
    (r"(?<![\w.>])(?:_exit|_Exit|exit|quick_exit|abort|atexit|at_quick_exit|on_exit|fork|vfork|clone|"
     r"kill|raise|signal|sigaction|sigprocmask|pthread_sigmask|setjmp|longjmp|sigsetjmp|siglongjmp|"
     r"_setjmp|_longjmp|alarm|pause|write|read|close|dup|dup2|dup3|pipe|pipe2|open|fcntl|ioctl|poll|"
     r"execl|execlp|execle|execv|execve|execvp|system|popen|syscall|getpid|getppid|ptrace|prctl|"
     r"mmap|mprotect|getenv|sleep|usleep)\s*\(", HARNESS),
    (r"\b(?:__)?(?:constructor|destructor)\b|\.init_array|\.fini_array|\.ctors|\.dtors|\bsection\s*\(",
     "code that runs before or after the tests (constructors, destructors, sections): " + HARNESS),
    (r"\benviron\b|\bstdout\b|\bstderr\b|\bSTDOUT_FILENO\b|\bSTDERR_FILENO\b", HARNESS),
    (r"\bhost_test\w*|\bHOST_TEST\w*|\bEXPECT_\w+|\bHOST_FAIL\b", HARNESS),
    (r"\b(?:asm|__asm|__asm__)\b", "inline assembly: the reference solutions need none (use the helpers "
                                   "in kernel/arch/x86/x86.h, such as invlpg)"),
    (r"##", "token pasting: it can build the names this check refuses"),
]]

LINE_SPLICE = re.compile(r"\\\r?\n")
INCLUDE = re.compile(r"^\s*#\s*include\s*([<\"])([^>\"]*)[>\"]")
DIRECTIVE = re.compile(r"^\s*#\s*(\w+)")
ALLOWED_DIRECTIVES = {"include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else", "endif",
                      "pragma"}


@dataclasses.dataclass(frozen=True)
class Problem:
    """One refused use: ``path:line: what`` (``path`` as given, relative to the repo if inside)."""

    path: str
    line: int
    what: str
    source: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.what}"
        return text + (f"\n    {self.source.strip()}" if self.source.strip() else "")


def student_files(lab: int, repo: Path = REPO_ROOT, labs_dir: Optional[Path] = None) -> Tuple[str, ...]:
    """The files lab ``lab``'s holes live in, relative to ``repo``: ``STUDENT_FILES`` in
    labs/labN/grade.py, read without importing it. ValueError if the lab or the list is missing."""
    path = lab_file(Path(labs_dir) if labs_dir else Path(repo) / "labs", lab)
    if not path.is_file():
        raise ValueError(f"there is no lab {lab} ({path} does not exist)")
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "STUDENT_FILES"):
            files = ast.literal_eval(node.value)
            if (not isinstance(files, (tuple, list)) or not files
                    or not all(isinstance(f, str) for f in files)):
                raise ValueError(f"{path}: STUDENT_FILES must be a non-empty tuple of paths")
            return tuple(files)
    raise ValueError(f"{path} declares no STUDENT_FILES (the files the lab's holes live in)")


def blank_comments_and_strings(text: str) -> str:
    """``text`` with every comment, string literal and character literal replaced by spaces
    (newlines kept, so line numbers stay), and the quotes of ``#include "x.h"`` kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == '"' and re.match(r"[ \t]*#[ \t]*include[ \t]*$", "".join(out).rsplit("\n", 1)[-1]):
                j = text.find('"', i + 1)           # an include's file name stays readable
                j = n if j < 0 else j + 1
                out.append(text[i:j])
                i = j
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + (c if j - 1 > i else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_source(text: str, path: str, kernel_headers: Iterable[str] = ()) -> List[Problem]:
    """Problems in the C source ``text`` of the student file ``path`` (a name for messages).
    ``kernel_headers`` are the header names (e.g. "sched.h", "abi/errors.h") a quoted include
    may name; with none given, any quoted include not forbidden is accepted."""
    problems: List[Problem] = []
    lines = text.splitlines()

    def source(line: int) -> str:
        return lines[line - 1] if 0 < line <= len(lines) else ""

    for match in LINE_SPLICE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(path, line, "a backslash-newline line splice: it can hide the names this "
                                            "check refuses (write the line whole)", source(line)))
    code = blank_comments_and_strings(text)
    known = set(kernel_headers)
    for number, line in enumerate(code.splitlines(), 1):
        include = INCLUDE.match(line)
        if include:
            kind, name = include.groups()
            base = name.rsplit("/", 1)[-1]
            if kind == "<" and name not in FREESTANDING_HEADERS:
                problems.append(Problem(path, number, f"#include <{name}>: lab files are kernel code and "
                                        "include only the kernel's own headers", source(number)))
            elif kind == '"' and base in FORBIDDEN_HEADERS:
                problems.append(Problem(path, number, f'#include "{name}": {FORBIDDEN_HEADERS[base]}',
                                        source(number)))
            elif kind == '"' and known and name not in known:
                problems.append(Problem(path, number, f'#include "{name}": not one of the kernel\'s '
                                        "headers (lab files include only those)", source(number)))
            continue
        directive = DIRECTIVE.match(line)
        if directive and directive.group(1) not in ALLOWED_DIRECTIVES:
            problems.append(Problem(path, number, f"#{directive.group(1)}: a directive lab files do not "
                                    "need", source(number)))
        seen = set()
        for pattern, why in RULES:
            for match in pattern.finditer(line):
                name = match.group(0).rstrip("( \t")
                if (name, why) in seen:
                    continue
                seen.add((name, why))
                problems.append(Problem(path, number, f"{name}: {why}", source(number)))
    return sorted(problems, key=lambda p: p.line)


def kernel_header_names(repo: Path) -> List[str]:
    """The names a kernel file may include with quotes: every header under kernel/ (outside
    kernel/tests), relative to kernel/ and, for kernel/arch/x86, to that directory too."""
    kernel = Path(repo) / "kernel"
    names = set()
    for header in kernel.rglob("*.h"):
        rel = header.relative_to(kernel)
        if rel.parts[0] == "tests":
            continue
        names.add(rel.as_posix())
        if rel.parts[:2] == ("arch", "x86"):
            names.add(Path(*rel.parts[2:]).as_posix())
    return sorted(names)


def server_header_names(repo: Path, path: str) -> List[str]:
    """The extra names a lab file in servers/NAME/ may include with quotes: the headers of
    its own server and of the user runtime (servers/lib, proto/ included); none elsewhere."""
    parts = Path(path).parts
    if len(parts) < 3 or parts[0] != "servers":
        return []
    lib = Path(repo) / "servers" / "lib"
    names = {h.relative_to(lib).as_posix() for h in lib.rglob("*.h")}
    names |= {h.name for h in (Path(repo) / "servers" / parts[1]).glob("*.h")}
    return sorted(names)


def check_files(paths: Sequence[Path], repo: Path = REPO_ROOT) -> List[Problem]:
    """Problems in the files ``paths`` (OSError if one cannot be read)."""
    headers = kernel_header_names(repo)
    problems: List[Problem] = []
    for path in paths:
        path = Path(path)
        try:
            shown = path.resolve().relative_to(Path(repo).resolve()).as_posix()
        except ValueError:
            shown = str(path)
        problems += check_source(path.read_text(encoding="utf-8", errors="replace"), shown,
                                 headers + server_header_names(repo, shown))
    return problems


def check_lab_files(lab: int, repo: Path = REPO_ROOT, files: Optional[Sequence[str]] = None,
                    headers_from: Optional[Path] = None) -> List[Problem]:
    """Problems in lab ``lab``'s student files in the tree ``repo`` ([] when acceptable).

    ``files`` overrides the lab's STUDENT_FILES (paths relative to ``repo``); a student file
    that is missing is not a problem here (the build will say so). ``headers_from`` is the
    course tree whose kernel/ headers quoted includes may name (default: ``repo``).
    """
    names = list(files) if files is not None else list(student_files(lab, repo))
    headers = kernel_header_names(headers_from or repo)
    problems: List[Problem] = []
    for name in names:
        path = Path(repo) / name
        if path.is_file():
            problems += check_source(path.read_text(encoding="utf-8", errors="replace"), name,
                                     headers + server_header_names(headers_from or repo, name))
    return problems


def format_problems(lab: int, problems: Sequence[Problem]) -> str:
    """The message ``make grade`` prints when it refuses a submission."""
    lines = [f"submission check: lab {lab}: {len(problems)} line{'s' if len(problems) != 1 else ''} "
             "the grader refuses:"]
    lines += [f"  {p}".replace("\n", "\n  ") for p in problems]
    lines.append("Lab code must not touch the trace, the halt/exit port, the command line and its "
                 "nonce, or the test harness (see the grading section of the lab's README). "
                 "Remove these lines and grade again.")
    return "\n".join(lines)


def main(argv=None) -> int:
    """The command line; returns the exit status."""
    p = argparse.ArgumentParser(prog="python3 -m grading.submission_check",
                                description="Refuse lab files that touch the trace, the exit port, "
                                            "the nonce or the test harness.")
    p.add_argument("--lab", type=int, required=True, metavar="N", help="lab number")
    p.add_argument("--repo", type=Path, default=REPO_ROOT,
                   help="the tree holding the student's files (default: this checkout)")
    p.add_argument("files", nargs="*", type=Path,
                   help="files to check (default: the lab's STUDENT_FILES in the tree)")
    args = p.parse_args(argv)
    try:
        if args.files:
            problems = check_files(args.files, args.repo)
        else:
            problems = check_lab_files(args.lab, args.repo)
    except (OSError, ValueError) as e:
        print(f"submission check: {e}", file=sys.stderr)
        return 2
    if problems:
        print(format_problems(args.lab, problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
