"""Lab 5, exercise 1: the pager's fault decision (servers/mm/fault_decide.c), judged on the
booted system. kernel/tests/user/lab5_pager.c runs as a process (``run=lab5_pager``) and
prints what it did; every check below holds those lines against evidence the memory
manager cannot make up:

- the kernel's trace: each page mapped into the program's task (``page_map``: the address
  and whether it is writable) and each page fault of its thread (``page_fault``), between
  the trace marks the program's own thread made;
- the kernel's count of the task's pages (task_info TASK_INFO_USER_PAGES, which the program
  asks the kernel for);
- the bytes of lab5_pager.elf, read here on the host: the CRC-32 of its code, read-only
  data and initialized data as the program read them in its own memory.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from grading.framework import CheckFailed, graded

import booted
from booted import missing_holes, records, tasks_named, threads_of

PROGRAM = "lab5_pager"
# lab5_pager.c's constants.
SPARSE_TOUCHED, LINEAR_PAGES = 8, 64
MARK_LINEAR_BEGIN, MARK_LINEAR_END = 0x1A550001, 0x1A550002
PAGE = 4096

DECIDE_HINT = ("fault_decide (servers/mm/fault_decide.c): a page of a segment that holds some "
               "of its file bytes is FAULT_FILL_FILE with that segment, one wholly past them "
               "FAULT_FILL_ZERO; heap and stack pages FAULT_FILL_ZERO, writable; a segment "
               "page is writable only if the segment is.")
REFUSE_HINT = ("fault_decide: outside every region (mm_region_of gives REGION_NONE) is "
               "FAULT_REFUSE with REFUSE_NO_REGION and the nearest region; a write to a "
               "read-only segment, or a protection violation (FAULT_ACCESS_PRESENT) on a page "
               "that is not copy-on-write, is FAULT_REFUSE with REFUSE_NOT_ALLOWED.")


def _run(ctx) -> dict:
    run = booted.booted_run(ctx, PROGRAM)
    if not run["lines"]:
        raise CheckFailed(expected=f"{PROGRAM} ran and printed its lines",
                          seen=run["describe"].splitlines()[0] + missing_holes(run),
                          hint="The system must reach init's run= program: with every fault "
                               "refused, no process runs its first instruction. " + DECIDE_HINT)
    return run


def _line(run: dict, pattern: str) -> re.Match:
    for line in run["lines"]:
        if match := re.fullmatch(pattern, line):
            return match
    raise CheckFailed(expected=f"a line matching {pattern!r} from {PROGRAM}",
                      seen="; ".join(run["lines"][-4:]) or "none" + missing_holes(run))


def _main_task(run: dict) -> int:
    tasks = tasks_named(run, PROGRAM)
    if not tasks:
        raise CheckFailed(expected=f"a task named {PROGRAM} in the trace", seen="none")
    return tasks[0]


def _maps(run: dict, task: int, start: int, length: int) -> list[dict]:
    return [r for r in records(run, "page_map")
            if r["task"] == task and start <= r["vaddr"] < start + length]


def _image_bytes(elf: Path, vaddr: int, length: int) -> bytes:
    """What [vaddr, vaddr + length) of the program holds before it runs: its segments' file
    bytes, zero elsewhere (bss, and the rest of a segment's last page)."""
    data = elf.read_bytes()
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    image = bytearray(length)
    for i in range(phnum):
        kind, offset, seg_vaddr, _, filesz, _, _, _ = struct.unpack_from("<8I", data, phoff + i * phentsize)
        if kind != 1:
            continue
        start, end = max(vaddr, seg_vaddr), min(vaddr + length, seg_vaddr + filesz)
        if start < end:
            image[start - vaddr:end - vaddr] = data[offset + start - seg_vaddr:offset + end - seg_vaddr]
    return bytes(image)


@graded(points=10, name="pages are mapped on first touch only: a large heap and bss cost what "
                        "is touched (booted; the kernel's page count and its trace)",
        hint=DECIDE_HINT)
def pager_sparse(ctx):
    run = _run(ctx)
    m = _line(run, r"sparse: heap 0x([0-9a-f]+)\+0x([0-9a-f]+) bss 0x([0-9a-f]+)\+0x([0-9a-f]+) "
                   r"touched (\d+) each; user pages (\d+), (\d+) after sbrk, (\d+) after the heap, "
                   r"(\d+) after the bss")
    heap, heap_size, bss, bss_size = (int(m.group(i), 16) for i in range(1, 5))
    before, after_sbrk, after_heap, after_bss = (int(m.group(i)) for i in range(6, 10))
    if (after_sbrk - before, after_heap - after_sbrk, after_bss - after_heap) != (0, SPARSE_TOUCHED, SPARSE_TOUCHED):
        raise CheckFailed(expected=f"the kernel's page count: +0 after sbrk, +{SPARSE_TOUCHED} after "
                                   f"touching {SPARSE_TOUCHED} heap pages, +{SPARSE_TOUCHED} after the bss",
                          seen=f"+{after_sbrk - before}, +{after_heap - after_sbrk}, +{after_bss - after_heap}")
    task = _main_task(run)
    for what, start, size in (("heap", heap, heap_size), ("bss", bss, bss_size)):
        maps = _maps(run, task, start, size)
        if len(maps) != SPARSE_TOUCHED or len({r["vaddr"] for r in maps}) != SPARSE_TOUCHED:
            raise CheckFailed(expected=f"the trace: {SPARSE_TOUCHED} pages mapped into the {what}",
                              seen=f"{len(maps)} page_map records there")
        if not all(r["writable"] for r in maps):
            raise CheckFailed(expected=f"the {what}'s pages mapped writable", seen="a read-only one")
    for failure in (line for line in run["lines"] if line.startswith("FAIL: ")):
        if "heap" in failure or "bss" in failure:
            raise CheckFailed(expected="every sparse check of the program passed", seen=failure)


@graded(points=10, name="code, read-only data and data hold the file's bytes; code and "
                        "read-only data are mapped read-only (booted, the ELF read on the host)",
        hint=DECIDE_HINT + " The file part of a page is read at the segment's offset plus the "
                           "page's distance from the segment's start.")
def pager_contents(ctx):
    run = _run(ctx)
    task = _main_task(run)
    for what, writable in (("text", 0), ("rodata", 0), ("data", 1)):
        m = _line(run, rf"contents: {what} 0x([0-9a-f]+)\+0x([0-9a-f]+) crc 0x([0-9a-f]+)")
        vaddr, length, crc = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16)
        wanted = zlib.crc32(_image_bytes(run["elf"], vaddr, length))
        if crc != wanted:
            raise CheckFailed(expected=f"the {what} at 0x{vaddr:08x} (0x{length:x} bytes) as in "
                                       f"{run['elf'].name}: CRC-32 0x{wanted:08x}",
                              seen=f"0x{crc:08x}: other bytes were filled in")
        maps = _maps(run, task, vaddr, length)
        if not maps:
            raise CheckFailed(expected=f"the trace: pages of the {what} mapped", seen="none")
        wrong = [r for r in maps if bool(r["writable"]) != bool(writable)]
        if wrong:
            raise CheckFailed(expected=f"the {what}'s pages mapped {'writable' if writable else 'read-only'}",
                              seen=f"0x{wrong[0]['vaddr']:08x} mapped "
                                   f"{'writable' if wrong[0]['writable'] else 'read-only'}")


@graded(points=10, name="a fixed workload faults once per page it touches (booted, the "
                        "kernel's page faults in the trace)",
        hint="Each fault must leave the page mapped with the access it needs: a heap page "
             "writable at its first touch, whether that was a read or a write, so the next "
             "access does not fault again. " + DECIDE_HINT)
def pager_fault_count(ctx):
    run = _run(ctx)
    m = _line(run, r"linear: area 0x([0-9a-f]+)\+0x([0-9a-f]+) written twice, read back, (\d+) wrong")
    area, size, wrong = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))
    if wrong:
        raise CheckFailed(expected="the area reads back what was written", seen=f"{wrong} bytes wrong")
    task = _main_task(run)
    threads = threads_of(run, task)
    inside, faults = False, []
    for r in run["trace"]:
        if r.get("type") == "trace_mark" and r["thread"] in threads:
            inside = {MARK_LINEAR_BEGIN: True, MARK_LINEAR_END: False}.get(r["value"], inside)
        elif inside and r.get("type") == "page_fault" and r["thread"] in threads:
            faults.append(r["address"] & ~(PAGE - 1))
    in_area = [page for page in faults if area <= page < area + size]
    if len(in_area) != LINEAR_PAGES or len(set(in_area)) != LINEAR_PAGES:
        raise CheckFailed(expected=f"{LINEAR_PAGES} page faults in the area, one per page",
                          seen=f"{len(in_area)} faults on {len(set(in_area))} pages")
    if len(faults) > LINEAR_PAGES + 2:
        raise CheckFailed(expected=f"at most {LINEAR_PAGES + 2} faults in the workload",
                          seen=f"{len(faults)}")


@graded(points=10, name="refused faults stop only their process: pt-bad-addr, pt-write-code, "
                        "pt-grow-bad (booted)",
        hint=REFUSE_HINT)
def pager_refused(ctx):
    run = _run(ctx)
    for case in ("bad-addr", "write-code", "grow-bad"):
        m = _line(run, rf"refused: {case} ended how (\d+) status (\d+) at 0x([0-9a-f]+) "
                       rf"\(expected how (\d+) at 0x([0-9a-f]+)\)")
        how, address, expected_how, expected = int(m.group(1)), int(m.group(3), 16), int(m.group(4)), int(m.group(5), 16)
        if (how, address) != (expected_how, expected):
            raise CheckFailed(expected=f"{case}: stopped by its fault (how {expected_how}) at 0x{expected:08x}",
                              seen=f"how {how} at 0x{address:08x}")
        after = _line(run, rf"refused: after {case} a child ran: how (\d+) status (\d+)")
        if (after.group(1), after.group(2)) != ("1", "0"):
            raise CheckFailed(expected=f"after {case}, the next process runs and exits 0",
                              seen=f"how {after.group(1)} status {after.group(2)}")
        # The kernel delivered that fault of a child task's thread, at that address.
        children = set(tasks_named(run, PROGRAM)[1:])
        threads = set().union(*(threads_of(run, t) for t in children)) if children else set()
        if not any(r["thread"] in threads and r["address"] == expected for r in records(run, "page_fault")):
            raise CheckFailed(expected=f"the trace: a page fault at 0x{expected:08x} in a child",
                              seen="none")
    for pattern in (r"not in any region \(nearest: code and data", r"a write not allowed in code and data",
                    r"not in any region \(nearest: stack"):
        if not re.search(r"mm: process \d+ \(lab5_pager\) stopped: page fault at 0x[0-9a-f]{8} "
                         r"\(eip 0x[0-9a-f]{8}\), " + pattern, run["serial"]):
            raise CheckFailed(expected=f"mm's report: ... {pattern.replace(chr(92), '')}",
                              seen="no such line")
    m = _line(run, r"refused: frames in use (\d+) before the children, (\d+) after")
    if m.group(1) != m.group(2):
        raise CheckFailed(expected="every frame back when the children ended",
                          seen=f"{m.group(1)} frames in use before, {m.group(2)} after")
