"""Tests of the submission check (grading/submission_check.py): what it refuses, with file and
line; what it lets through (the starter files, the reference solutions, comments, strings);
and that each lab's STUDENT_FILES is the set of files its holes live in.
"""

import re
import subprocess
from pathlib import Path

import pytest

from grading.framework import available_labs
from grading.submission_check import (check_lab_files, check_source, kernel_header_names,
                                      server_header_names, student_files)

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"
LABS = available_labs(REPO / "labs")
HEADERS = kernel_header_names(REPO)

# (a line a student might write, the name the problem must start with).
REFUSED = [
    ('    TRACE(frame_alloc, frame, 0, 0, 0);', "TRACE"),
    ('    trace_emit(&record);', "trace_emit"),
    ('    machine_halt(HALT_SUCCESS);', "machine_halt"),
    ('    outw(0xf4, 0);', "outw"),
    ('    outb(0xF4, 0x10);', "outb"),
    ('    uint8_t v = inb(port);', "inb"),
    ('    volatile int port = 0xf4;', "0xf4"),
    ('    uint16_t debug_console = 0xE9;', "0xE9"),
    ('    const char *line = boot_cmdline();', "boot_cmdline"),
    ('    cmdline_get(line, "nonce", value, sizeof value);', "cmdline_get"),
    ('    uint32_t my_nonce = 7;', "my_nonce"),
    ('    uint32_t w = test_seed_word(3);', "test_seed_word"),
    ('    ktest_check(1, 2);', "ktest_check"),
    ('#if __STDC_HOSTED__', "__STDC_HOSTED__"),
    ('    _exit(0);', "_exit"),
    ('    exit(0);', "exit"),
    ('    _Exit(0);', "_Exit"),
    ('    abort();', "abort"),
    ('    if (fork() == 0) for (;;) {}', "fork"),
    ('    kill(getppid(), 9);', "kill"),
    ('    signal(14, SIG_IGN);', "signal"),
    ('    longjmp(saved, 1);', "longjmp"),
    ('    write(3, buffer, 16);', "write"),
    ('    close(4);', "close"),
    ('    atexit(cleanup);', "atexit"),
    ('__attribute__((constructor)) static void early(void) {}', "constructor"),
    ('__attribute__((section(".init_array"))) static void (*p)(void) = early;', "section"),
    ('    fprintf(stderr, "x");', "stderr"),
    ('    host_test_checked("f", 1);', "host_test_checked"),
    ('    __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(p));', "__asm__"),
    ('    asm("hlt");', "asm"),
    ('#define CALL(a, b) a##b', "##"),
    ('#include "trace.h"', '#include "trace.h"'),
    ('#include "cmdline.h"', '#include "cmdline.h"'),
    ('#include "machine.h"', '#include "machine.h"'),
    ('#include "ktest/ktest.h"', '#include "ktest/ktest.h"'),
    ('#include <unistd.h>', "#include <unistd.h>"),
    ('#include <setjmp.h>', "#include <setjmp.h>"),
    ('#include "my_helpers.h"', '#include "my_helpers.h"'),
    ('#line 1 "other.c"', "#line"),
]

# Lines that must pass: the names above in comments and strings, and look-alikes.
ALLOWED = [
    '/* Do not call TRACE() or _exit(0) here; outb(0xf4) is the grader\'s. */',
    '// machine_halt, cmdline_get, fork, __STDC_HOSTED__ and asm are off limits',
    '    const char *why = "TRACE(x) _exit(0) nonce cmdline 0xf4";',
    "    char c = '#';",
    '    thread_exit(thread);',
    '    queue->write_index = 0;',
    '    ops->read(ops);',
    '    uint32_t exits = 0xf40;',
    '    return 31 - (uint32_t)__builtin_clz(bitmap);',
    '#include "sched.h"',
    '#include "abi/errors.h"',
    '#include "x86.h"',
    '#include <stdint.h>',
    '#pragma GCC unroll 16',
    '    invlpg(va);',
]


@pytest.mark.parametrize("line,name", REFUSED)
def test_refused_line_is_named_with_file_and_line(line, name):
    source = "/* a student file */\n#include \"lab.h\"\n\n" + line + "\n"
    problems = check_source(source, "kernel/runqueue.c", HEADERS)
    assert problems, f"{line!r} was not refused"
    assert any(p.line == 4 and p.path == "kernel/runqueue.c" and p.what.startswith(name)
               for p in problems), [str(p) for p in problems]
    text = str(problems[0])
    assert text.startswith("kernel/runqueue.c:4: "), text
    assert line.strip() in text, f"the problem should quote the line: {text}"


@pytest.mark.parametrize("line", ALLOWED)
def test_comments_strings_and_look_alikes_pass(line):
    assert check_source(line + "\n", "kernel/vm.c", HEADERS) == []


def test_a_line_splice_cannot_hide_a_name():
    problems = check_source("int f(void)\n{\n    TR\\\nACE(x);\n}\n", "kernel/vm.c", HEADERS)
    assert [p.line for p in problems] == [3], [str(p) for p in problems]
    assert "splice" in problems[0].what


def test_a_comment_does_not_shift_line_numbers():
    source = "/* one\n two\n three */\nint x = 1; /* \" */\n    _exit(0);\n"
    problems = check_source(source, "kernel/vm.c", HEADERS)
    assert [(p.line, p.what.split(":")[0]) for p in problems] == [(5, "_exit")]


@pytest.mark.parametrize("lab", LABS)
def test_starter_files_pass(lab):
    problems = check_lab_files(lab, REPO)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("lab", LABS)
def test_reference_solutions_pass(lab, tmp_path):
    solutions = REPO / "solutions" / f"lab{lab}"
    if not solutions.is_dir():
        pytest.skip("no solutions/ (a handout)")
    for name in student_files(lab, REPO):
        parts = Path(name).parts  # a server's holes: solutions/labN/SERVER/FILE.c
        reference = solutions / parts[1] / parts[-1] if parts[0] == "servers" else solutions / Path(name).name
        assert reference.is_file(), f"{name} has no reference solution {reference}"
        problems = check_source(reference.read_text(), name, HEADERS + server_header_names(REPO, name))
        assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("lab", LABS)
def test_student_files_are_where_the_labs_holes_live(lab):
    """STUDENT_FILES in labs/labN/grade.py lists exactly the files with lab N's LAB_HOLEs."""
    holes = set()
    for path in [*(REPO / "kernel").rglob("*.c"), *(REPO / "servers").rglob("*.c")]:
        text = path.read_text(errors="replace")
        if "LAB_HOLE" in text and re.search(rf"lab_hole_missing\({lab},", text):
            holes.add(path.relative_to(REPO).as_posix())
    assert holes, f"no kernel or server file has a lab {lab} hole"
    assert set(student_files(lab, REPO)) == holes


def test_cli_exit_status_and_message(tmp_path):
    bad = tmp_path / "runqueue.c"
    bad.write_text('#include "sched.h"\nvoid f(void)\n{\n    machine_halt(0);\n}\n')
    run = subprocess.run([PYTHON, "-m", "grading.submission_check", "--lab", "2", str(bad)],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{bad}:4: machine_halt: " in run.stderr, run.stderr
    assert "machine_halt(0);" in run.stderr

    clean = subprocess.run([PYTHON, "-m", "grading.submission_check", "--lab", str(LABS[0])],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0 and clean.stderr == "", clean.stderr

    unknown = subprocess.run([PYTHON, "-m", "grading.submission_check", "--lab", "99"],
                             cwd=REPO, capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "no lab 99" in unknown.stderr, unknown.stderr


def test_check_lab_files_reads_another_tree(tmp_path):
    (tmp_path / "kernel").mkdir()
    (tmp_path / "kernel" / "runqueue.c").write_text("int x;\n#ifdef __STDC_HOSTED__\n#endif\n")
    problems = check_lab_files(2, tmp_path, files=["kernel/runqueue.c"], headers_from=REPO)
    assert [(p.path, p.line) for p in problems] == [("kernel/runqueue.c", 2)]
    assert check_lab_files(2, tmp_path, files=["kernel/missing.c"], headers_from=REPO) == []
