"""Lab 1 grader: the frame allocator and the kernel page-table functions.

Run with ``make grade LAB=1``. The frame allocator is checked twice: on the host, against
its contract (kernel/tests/host/test_frame_alloc.c, built under AddressSanitizer), and in the
booted kernel, where the harness compares every frame the allocator hands out with the
memory map, kernel image and module records of the same boot's trace. The page-table
functions are checked by in-kernel tests (kernel/ktest/test_paging.c) whose results are
read from the trace, tagged with a per-run nonce.
"""

from __future__ import annotations

import subprocess

from grading.framework import CheckFailed, graded
from grading.harness.qemu import boot_image, run_qemu
from grading.harness.sanitizer_report import host_failure_summary

TITLE = "boot and physical memory"
PAGE = 4096
LOW_MEMORY_END = 0x100000
FRAME_TEST_MEMORY_MB = 32


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host frame-allocator test; fail with their output."""
    binary = ctx.build_dir / "host" / "test_frame_alloc"
    if not binary.exists():
        raise CheckFailed(expected=f"{binary} built", seen="it is missing",
                          hint="run `make host-tests` (make grade does this for you)")
    run = subprocess.run([str(binary), *cases], capture_output=True, text=True, timeout=60)
    ctx.log(run.stdout + run.stderr)
    if run.returncode != 0:
        raise CheckFailed(expected="every case passes: " + ", ".join(cases),
                          seen=host_failure_summary(run.stdout + run.stderr) or f"exit status {run.returncode}")


def _boot_test(ctx, test_name: str, memory_mb: int = 32):
    """Boot the kernel running one in-kernel test; fail unless it passed with our nonce."""
    kernel, modules = boot_image(ctx.build_dir)
    result = run_qemu(kernel, modules, cmdline=f"test={test_name}", memory_mb=memory_mb,
                      workdir=ctx.workdir / test_name, wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome == "panic":
        raise CheckFailed(expected=f"in-kernel test {test_name} runs to the end",
                          seen=result.panic.summary())
    if result.outcome != "test_failure" and result.outcome != "success":
        raise CheckFailed(expected=f"in-kernel test {test_name} runs to the end",
                          seen=result.how_it_ended())
    from grading.harness.panic_report import parse_failed_checks
    failed = parse_failed_checks(result.serial)
    ends = result.records("ktest_end")
    if not result.ktest_nonce_ok():
        raise CheckFailed(expected="the test's trace records carry this run's nonce",
                          seen="they do not (was the trace tampered with?)")
    if result.outcome != "success" or failed or ends[-1]["failures"] != 0:
        raise CheckFailed(expected="every check passes",
                          seen="\n".join(f"check {c.number}: {c.description}: expected {c.expected:#x}, "
                                         f"seen {c.seen:#x}" for c in failed) or result.outcome)
    return result


@graded(points=10, name="frame_add_free_range rounds inward (host)",
        hint="A frame only partly inside a usable range is not usable: round start up, end down.")
def host_add_free_range(ctx):
    _host_cases(ctx, "add_free_range_rounds_inward", "add_free_range_clips_and_skips_frame_0",
                "add_free_range_counts_each_frame_once")


@graded(points=10, name="frame_reserve_range rounds outward (host)",
        hint="Every frame holding even one byte of a reserved range must be reserved.")
def host_reserve_range(ctx):
    _host_cases(ctx, "reserve_range_rounds_outward", "reserve_range_keeps_free_count")


@graded(points=10, name="frame_alloc hands out each free frame once (host)",
        hint="Search the bitmap from search_start, wrap around, mark the frame used.")
def host_alloc(ctx):
    _host_cases(ctx, "alloc_distinct_aligned_until_exhausted", "alloc_never_returns_reserved",
                "alloc_next_fit_and_wraps")


@graded(points=10, name="frame_free validates and reuses (host)",
        hint="Reject frame 0, unaligned and out-of-range addresses and double frees; change nothing then.")
def host_free(ctx):
    _host_cases(ctx, "free_returns_frame_for_reuse", "free_rejects_unaligned_zero_out_of_range",
                "free_detects_double_free", "free_error_changes_nothing")


@graded(points=10, name="the kernel boots with your allocator and page tables",
        hint="pmem_init builds the allocator with frame_add_free_range and frame_reserve_range; "
             "a panic here names the failing function.")
def boots(ctx):
    kernel, modules = boot_image(ctx.build_dir)
    result = run_qemu(kernel, modules, cmdline="exit", workdir=ctx.workdir / "boot",
                      wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome != "success":
        raise CheckFailed(expected="boot completes and the kernel halts with success",
                          seen=result.how_it_ended())
    if result.boot_phases()[-1:] != ["boot_complete"]:
        raise CheckFailed(expected="the trace ends its boot phases with boot_complete",
                          seen=", ".join(result.boot_phases()))


def _usable_frames(records) -> set[int]:
    """Frames the memory map says are wholly usable RAM."""
    frames = set()
    for entry in records:
        if entry["mem_type"] == 1:
            first = -(-entry["base"] // PAGE) * PAGE
            end = (entry["base"] + entry["length"]) // PAGE * PAGE
            frames.update(range(first, end, PAGE))
    return frames


def _overlaps(frame: int, start: int, end: int) -> bool:
    return frame < end and start < frame + PAGE


@graded(points=20, name="the allocator never hands out reserved memory (booted)",
        hint="Reserve the low 1 MiB, the kernel image and every module, rounding outward.")
def frames_avoid_reserved(ctx):
    result = _boot_test(ctx, "lab1_frames_exhaust", memory_mb=FRAME_TEST_MEMORY_MB)
    kernel = result.records("kernel_image")[0]
    modules = result.records("module")
    usable = _usable_frames(result.records("mmap_entry"))

    live, peak, problems = set(), 0, []
    for record in result.trace:
        if record["type"] == "frame_alloc":
            frame = record["paddr"]
            if frame in live:
                problems.append(f"frame {frame:#010x} handed out twice")
            elif frame % PAGE or frame < LOW_MEMORY_END or frame not in usable:
                problems.append(f"frame {frame:#010x} is not usable RAM above 1 MiB")
            elif _overlaps(frame, kernel["start"], kernel["end"]):
                problems.append(f"frame {frame:#010x} is inside the kernel image "
                                f"{kernel['start']:#010x}-{kernel['end']:#010x}")
            else:
                for module in modules:
                    if _overlaps(frame, module["start"], module["end"]):
                        problems.append(f"frame {frame:#010x} holds part of boot module "
                                        f"{module['index']} ({module['start']:#010x}-{module['end']:#010x})")
            live.add(frame)
            peak = max(peak, len(live))
        elif record["type"] == "frame_free":
            live.discard(record["paddr"])
    if problems:
        raise CheckFailed(expected="only free, usable frames are handed out",
                          seen="\n".join(problems[:10]))

    expected = {f for f in usable if f >= LOW_MEMORY_END and not _overlaps(f, kernel["start"], kernel["end"])
                and not any(_overlaps(f, m["start"], m["end"]) for m in modules)}
    if peak != len(expected):
        raise CheckFailed(expected=f"{len(expected)} frames allocatable (all usable RAM above 1 MiB "
                                   f"outside the kernel and modules)",
                          seen=f"{peak} frames handed out before allocation failed",
                          hint="Too few frames: some free memory was lost; check your rounding "
                               "and that every usable range is added.")


@graded(points=15, name="vm_map_page and vm_translate (booted)",
        hint="Allocate a page table only when the directory entry is not present; keep the offset.")
def vm_map(ctx):
    _boot_test(ctx, "lab1_vm_map")


@graded(points=15, name="vm_unmap_page and read-only pages (booted)",
        hint="Clear the entry and invlpg the address when the page directory is active.")
def vm_unmap(ctx):
    _boot_test(ctx, "lab1_vm_unmap")
