"""The pager (servers/mm) in the whole system: init runs a test program in place of the
shell (run=NAME), from the boot files, and the kernel's own reports judge it.

- lab5_pager (kernel/tests/user/lab5_pager.c, Lab 5's grader program, here on the
  reference code): a 2 MiB heap and a 1 MiB bss of which 8 pages each are touched cost
  exactly those pages in the kernel's count (TASK_INFO_USER_PAGES) and in its trace;
  pt-bad-addr, pt-write-code and pt-grow-bad stop only their process, the system runs on,
  and every frame comes back (labs/lab5/pager_checks.py holds the lines against the trace
  and the ELF: `make grade LAB=5`).
- pager_wired (kernel/tests/user/pager_wired.c): a process mm depends on (the file
  server's program) is wired, every page mapped before it runs; a plain one has three.
"""

import re

from grading.harness.qemu import run_qemu
from grading.harness.shell_session import system_modules


def run_program(build, tmp_path, name):
    modules = system_modules(build) + [build / "user-tests" / f"{name}.elf"]
    return run_qemu(build / "kernel.elf", modules, cmdline=f"root=init run={name}",
                    workdir=tmp_path / "qemu", wall_timeout=600)


def lines(result, name):
    prefix = name + ": "
    return [line[len(prefix):] for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(prefix)]


def test_a_sparse_region_costs_the_pages_touched_and_bad_accesses_stop_only_their_process(build, tmp_path):
    result = run_program(build, tmp_path, "lab5_pager")
    out = lines(result, "lab5_pager")
    assert result.outcome == "success" and "finished, 0 checks failed" in out, result.describe()
    sparse = next(line for line in out if line.startswith("sparse: "))
    before, sbrk, heap, bss = map(int, re.search(
        r"user pages (\d+), (\d+) after sbrk, (\d+) after the heap, (\d+) after the bss", sparse).groups())
    assert (sbrk - before, heap - sbrk, bss - heap) == (0, 8, 8), sparse
    task = next(r["task"] for r in result.records("task_name") if r["name"] == "lab5_pager")
    start = int(re.search(r"heap 0x([0-9a-f]+)", sparse).group(1), 16)
    mapped = [r for r in result.records("page_map") if r["task"] == task and start <= r["vaddr"] < start + (2 << 20)]
    assert len(mapped) == 8, mapped
    for case in ("bad-addr", "write-code", "grow-bad"):
        assert any(line.startswith(f"refused: {case} ended how 2 ") for line in out), out
        assert f"refused: after {case} a child ran: how 1 status 0" in out, out
    frames = next(line for line in out if line.startswith("refused: frames in use"))
    assert re.search(r"in use (\d+) before the children, \1 after", frames), frames


def test_the_processes_mm_depends_on_are_wired(build, tmp_path):
    result = run_program(build, tmp_path, "pager_wired")
    out = lines(result, "pager_wired")
    assert result.outcome == "success" and "passed" in out, result.describe()
    wired = next(line for line in out if line.startswith("fs resident"))
    resident, pages = map(int, re.match(r"fs resident (\d+) of (\d+) pages", wired).groups())
    assert resident == pages > 16, wired
    assert any(re.match(r"plain resident 3 of \d+ pages", line) for line in out), out
