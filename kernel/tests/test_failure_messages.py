"""The graders' messages name the real cause, for wrong code that fails in confusing ways.

Each case builds a kernel with one reference solution broken on purpose, in a copy of the
tree (never the working tree): the copy keeps the build's objects, programs and their
times, so only the broken file is compiled again and the kernel (or host test) relinked. Then the lab's grader runs on that build.

- A frame allocator that hands out the same frame again and again: vm_init's page tables
  overlap, the CPU cannot even deliver the page fault, and resets (a triple fault). The
  message says so, with the exception and the function, from QEMU's own log.
- A frame_free without its range check: AddressSanitizer stops the host test, and the
  message shows the first lines of its report.
- A page directory entry without PTE_USER (a Lab 1 bug): Lab 2's busy threads die of a
  user fault, and the message shows the kernel's "user fault" line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.harness.qemu import REPO, build_dir, run_qemu

#: What of the build a patched copy reuses (the objects, the stamps, the programs).
REUSED_BUILD = ["kernel", "solutions", "gdb", "servers", "user", "user-tests", "host",
                "kernel.flags", "solutions.selected"]


def patched_build(tmp_path: Path, path: str, old: str, new: str, *targets: str) -> Path:
    """A copy of the tree with @p old replaced by @p new in @p path, its build made with
    make @p targets; returns the copy's build directory."""
    tree = tmp_path / "orrery"
    shutil.copytree(REPO, tree, symlinks=True, copy_function=shutil.copy2,
                    ignore=shutil.ignore_patterns(".git", "build", "__pycache__"))
    built = build_dir()
    for name in REUSED_BUILD:
        source = built / name
        if source.is_dir():
            shutil.copytree(source, tree / "build" / name, symlinks=True, copy_function=shutil.copy2)
        elif source.exists():
            shutil.copy2(source, tree / "build" / name)
    text = (tree / path).read_text()
    assert text.count(old) == 1, f"{path} no longer has {old!r}: update this test"
    (tree / path).write_text(text.replace(old, new))
    made = subprocess.run(["make", "--no-print-directory", "-j2", *targets, "BUILD=build"], cwd=tree,
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    return tree / "build"


def grade(build: Path, lab: int, *only: str) -> str:
    run = subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                          "-m", "grading.grade", "--lab", str(lab), "--build-dir", str(build),
                          "--out", str(build / "grade"), "--only", *only],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def kernel_functions(kernel: Path) -> set[str]:
    nm = subprocess.run(["nm", str(kernel)], capture_output=True, text=True, check=True)
    return {line.split()[2] for line in nm.stdout.splitlines() if len(line.split()) == 3}


@pytest.fixture(scope="module")
def same_frame_build(tmp_path_factory):
    return patched_build(tmp_path_factory.mktemp("same-frame"), "solutions/lab1/frame_alloc.c",
                         "    bitmap_set(&allocator->used, index);\n    allocator->free_count--;\n"
                         "    allocator->search_start = index + 1;\n", "", "build/kernel.elf")


def test_a_triple_fault_names_the_exception_and_the_function(same_frame_build):
    result = run_qemu(same_frame_build / "kernel.elf", [same_frame_build / "servers" / "roottask.elf"],
                      cmdline="exit")
    assert result.outcome == "triple_fault", result.describe()
    said = result.how_it_ended()
    assert said.startswith("the CPU reset (triple fault)"), said
    match = re.search(r"the last exception was (#\w\w [a-z -]+) \(vector (\d+)\) at eip 0x([0-9a-f]{8}) "
                      r"\((\w+)\+0x[0-9a-f]+\)", said)
    assert match, said
    assert match.group(4) in kernel_functions(same_frame_build / "kernel.elf"), said
    assert int(match.group(3), 16) >= 0xC0000000, said       # kernel code, higher half
    assert "delivering it raised #DF double fault" in said, said
    assert said in result.describe()


def test_the_lab1_grader_says_the_cpu_reset(same_frame_build):
    out = grade(same_frame_build, 1, "boots")
    assert "seen:" in out and "the CPU reset (triple fault)" in out, out
    assert "emulator_error" not in out, out


def test_a_sanitizer_failure_shows_the_report(tmp_path):
    build = patched_build(tmp_path, "solutions/lab1/frame_alloc.c",
                          " || frame_index(frame) >= allocator->frame_count)", ")",
                          "build/host/test_frame_alloc")
    out = grade(build, 1, "host_free")
    assert "crashed: exit status 1 (AddressSanitizer" in out, out
    assert "ERROR: AddressSanitizer:" in out, out
    assert re.search(r"#\d+ 0x[0-9a-f]+ in frame_free solutions/lab1/frame_alloc.c:\d+", out), out
    assert "SUMMARY: AddressSanitizer" in out, out


def test_a_lab1_bug_in_lab2_shows_the_kernels_user_fault_line(tmp_path):
    build = patched_build(tmp_path, "solutions/lab1/vm.c",
                          "    if (flags & PTE_USER)\n        *directory_entry |= PTE_USER;\n", "", "build/kernel.elf")
    out = grade(build, 2, "sched_two_busy", "sched_fairness")
    assert out.count("FAIL") >= 1, out
    assert re.search(r"^ +orrery: user fault: task \S+ thread \d+: ", out, re.M), out
