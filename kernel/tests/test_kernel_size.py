"""The kernel stays small enough to read: at most 6,000 lines of C and 500 of assembly.

A line counts when it holds code: not blank, not only a comment. Counted are the kernel's
.c files (C) and .S files (assembly) under kernel/, not its tests (kernel/tests, and the
in-kernel test suite kernel/ktest), tools or GDB scripts. Headers are reported but not
counted: they are mostly declarations and the comments that document them. The budget is
the project's promise to students (a kernel one can read in a week); a change that needs
more should make room first.
"""

import re

from grading.harness.qemu import REPO

KERNEL = REPO / "kernel"
C_LINES_MAX = 6000
ASSEMBLY_LINES_MAX = 500
NOT_THE_KERNEL = {"tests", "ktest", "tools", "gdb"}


def code_lines(text):
    """The lines of @text that hold code: comments (/* */, //) and blank lines removed."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return sum(1 for line in text.splitlines() if re.sub(r"//.*", "", line).strip())


def kernel_sources(suffix):
    return sorted(p for p in KERNEL.rglob(f"*{suffix}")
                  if not NOT_THE_KERNEL & set(p.relative_to(KERNEL).parts))


def count(suffix):
    """(total code lines, [(lines, file)] largest first) of the kernel's *suffix files."""
    sizes = sorted(((code_lines(p.read_text()), str(p.relative_to(REPO)))
                    for p in kernel_sources(suffix)), reverse=True)
    return sum(n for n, _ in sizes), sizes


def test_code_lines_skip_comments_and_blank_lines():
    text = "/* a\n   comment */\nint x; /* tail */\n\n   // note\nint y; // why\n/**/ \n"
    assert code_lines(text) == 2


def test_the_kernel_has_at_most_6000_lines_of_c():
    total, sizes = count(".c")
    headers, _ = count(".h")
    assert len(sizes) > 20, "no kernel .c files found: is KERNEL right?"
    largest = ", ".join(f"{name} {n}" for n, name in sizes[:5])
    assert total <= C_LINES_MAX, (
        f"the kernel has {total} lines of C code (budget {C_LINES_MAX}; headers, not "
        f"counted: {headers}); the largest files: {largest}")


def test_the_kernel_has_at_most_500_lines_of_assembly():
    total, sizes = count(".S")
    assert sizes, "no kernel .S files found: is KERNEL right?"
    largest = ", ".join(f"{name} {n}" for n, name in sizes[:3])
    assert total <= ASSEMBLY_LINES_MAX, (
        f"the kernel has {total} lines of assembly (budget {ASSEMBLY_LINES_MAX}): {largest}")
