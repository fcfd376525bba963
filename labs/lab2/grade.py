"""Lab 2 grader: the run queue, the bitmap pick and the time slice.

Run with ``make grade LAB=2``. The four functions are checked twice: on the host, against
their contract in kernel/sched.h (kernel/tests/host/test_runqueue.c, built under
AddressSanitizer and UBSan), and in the booted kernel, where user test programs
(kernel/tests/user/sched_*.c) run as the root task. The booted checks rest on the kernel's
trace (which threads the CPU was switched to, and for how long), not only on what the
programs print: a scheduler earns the points by scheduling.
"""

from __future__ import annotations

import subprocess

from grading.framework import CheckFailed, graded
from grading.harness.panic_report import kernel_explanations
from grading.harness.qemu import TraceError, run_qemu
from grading.harness.sanitizer_report import host_failure_summary

TITLE = "threads and scheduling"
USER_TEST_MEMORY_MB = 32
KERNEL_LINES = 4  # kernel lines (user faults) shown in a failure message
KERNEL_FAULT_NOTE = ("the kernel killed a thread of the test program, which makes no such fault "
                     "on a working kernel: check your earlier labs too (Lab 1's vm_map_page: is every "
                     "entry on a user page's path present and PTE_USER?)")
FAIRNESS_TOLERANCE = 0.20  # each busy thread's CPU time within 20% of the mean


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host run-queue test; fail with their output."""
    binary = ctx.build_dir / "host" / "test_runqueue"
    if not binary.exists():
        raise CheckFailed(expected=f"{binary} built", seen="it is missing",
                          hint="run `make host-tests` (make grade does this for you)")
    run = subprocess.run([str(binary), *cases], capture_output=True, text=True, timeout=60)
    ctx.log(run.stdout + run.stderr)
    if run.returncode != 0:
        raise CheckFailed(expected="every case passes: " + ", ".join(cases),
                          seen=host_failure_summary(run.stdout + run.stderr) or f"exit status {run.returncode}")


def _run_user_test(ctx, name: str):
    """Boot the kernel with user test program `name` as the root task; fail on a panic."""
    kernel = ctx.build_dir / "kernel.elf"
    program = ctx.build_dir / "user-tests" / f"{name}.elf"
    for path in (kernel, program):
        if not path.exists():
            raise CheckFailed(expected=f"{path} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    result = run_qemu(kernel, [program], cmdline=f"root={name}", memory_mb=USER_TEST_MEMORY_MB,
                      workdir=ctx.workdir / name, wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome == "panic":
        raise CheckFailed(expected=f"the test program {name} runs to the end",
                          seen=result.panic.summary())
    try:
        lost = result.records("lost")
    except TraceError as error:
        raise CheckFailed(expected="a trace that decodes", seen=f"it does not: {error}",
                          hint="This is not your scheduler's fault: tell the course staff.") from None
    if lost:
        raise CheckFailed(expected="a complete trace", seen=f"the kernel dropped "
                          f"{sum(r['count'] for r in lost)} trace records",
                          hint="Switching threads far more often than once a time slice can overflow "
                               "the trace; if yours does not, tell the course staff.")
    return result


def _program_failures(result, name: str) -> str:
    """What the program said when it failed, or how the run ended, and the kernel's lines
    that explain it (a user fault that killed a thread), for a failure message."""
    kernel = _kernel_said(result)
    return "\n".join(([KERNEL_FAULT_NOTE] if kernel else []) + kernel + [_program_said(result, name)])


def _kernel_said(result) -> list[str]:
    """The kernel's console lines that explain a failure (user faults), at most a few."""
    lines = kernel_explanations(result.serial)
    return lines[:KERNEL_LINES] + ([f"(and {len(lines) - KERNEL_LINES} more such lines)"]
                                   if len(lines) > KERNEL_LINES else [])


def _program_said(result, name: str) -> str:
    """What the program said when it failed, or how the run ended."""
    said = [line.strip() for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(f"{name}: ")]
    if result.outcome == "test_failure":
        failed = [line for line in said if ": FAIL: " in line]
        return "\n".join(failed or said[-3:] or [f"{name} ended with a test failure"])
    if result.outcome == "budget_exhausted":
        how = ("the run used up its instruction budget before the program finished (did a thread "
               "keep the CPU, so that the main thread never ran again?)")
    elif result.outcome == "wall_timeout":
        how = "the run was stopped by the wall-clock safety net (did the kernel hang with interrupts off?)"
    elif result.outcome == "boot_error":
        how = f"boot error: {result.boot_error}"
    else:
        how = result.how_it_ended()
    return "\n".join([how] + said[-3:])


def _test_threads(result) -> tuple[int, list[int]]:
    """The root task's first thread and the threads it created later, from the trace.

    The root task is the first task to get a thread, so its first thread_create record is
    the first in the trace.
    """
    creates = result.records("thread_create")
    if not creates:
        raise CheckFailed(expected="thread_create records in the trace", seen="none: no thread was created")
    task = creates[0]["task"]
    threads = [r["thread"] for r in creates if r["task"] == task]
    return threads[0], threads[1:]


def _threads_run(result) -> set[int]:
    """Every thread the CPU was switched to."""
    return {r["to_thread"] for r in result.records("context_switch")}


def _cpu_time(result, threads: list[int]) -> dict[int, tuple[int, int]]:
    """For each thread: (time it was current, in trace ticks, and how many turns it got).

    A thread becomes current at a context_switch to it and stops at the next one (or at the
    end of the trace).
    """
    switches = result.records("context_switch")
    end = result.trace[-1]["ts"]
    time = {thread: [0, 0] for thread in threads}
    for index, switch in enumerate(switches):
        thread = switch["to_thread"]
        if thread in time:
            stop = switches[index + 1]["ts"] if index + 1 < len(switches) else end
            time[thread][0] += stop - switch["ts"]
            time[thread][1] += 1
    return {thread: (spent, turns) for thread, (spent, turns) in time.items()}


# -------------------------------------------------------------------------------------------
# Host tests: the contract of each function.

@graded(points=10, name="runqueue_enqueue appends at the tail (host)",
        hint="Link the thread in before heads[p] (which makes it the tail of the circular list), "
             "set both of its links, and set bit p of ready_bitmap (1u << p).")
def host_enqueue(ctx):
    _host_cases(ctx, "enqueue_sets_bitmap_and_head", "enqueue_appends_at_tail_fifo",
                "enqueue_keeps_priorities_apart")


@graded(points=10, name="runqueue_remove unlinks and clears the bit (host)",
        hint="Removing heads[p] makes the next thread the head; removing the last thread of a "
             "priority empties heads[p] and clears only that bit.")
def host_remove(ctx):
    _host_cases(ctx, "remove_middle_head_tail", "remove_last_clears_bitmap_bit",
                "remove_keeps_other_priorities")


@graded(points=10, name="runqueue_pick finds the best thread in O(1) (host)",
        hint="The highest set bit of ready_bitmap is 31 - __builtin_clz(bitmap) (and clz of 0 is "
             "undefined: check for an empty queue first); return heads[p] without unlinking it.")
def host_pick(ctx):
    _host_cases(ctx, "pick_highest_priority_oldest", "pick_empty_is_null", "pick_does_not_remove",
                "pick_uses_bitmap_all_32_levels")


@graded(points=10, name="runqueue_tick_slice counts down and reloads (host)",
        hint="Each call uses one tick; the call that uses the last of TIME_SLICE_TICKS returns "
             "true and gives the thread a fresh slice.")
def host_tick_slice(ctx):
    _host_cases(ctx, "tick_slice_counts_down_and_reloads", "tick_slice_sequence_round_robin")


# -------------------------------------------------------------------------------------------
# Booted tests: user programs as the root task, judged by the trace.

@graded(points=15, name="the timer preempts busy threads (booted)",
        hint="Two threads that never make a system call must both run: each tick calls "
             "runqueue_tick_slice, and when it returns true the running thread goes to the back.")
def sched_two_busy(ctx):
    name = "sched_two_busy"
    result = _run_user_test(ctx, name)
    first, busy = _test_threads(result)
    ran = _threads_run(result)
    never = [thread for thread in busy if thread not in ran]
    if result.outcome != "success":
        figures = f"busy threads {busy}; never switched to: {never or 'none'}" if busy else ""
        raise CheckFailed(expected=f"{name} ends with success: both busy threads ran",
                          seen="\n".join(filter(None, [_program_failures(result, name), figures])))
    if len(busy) != 2 or never:
        raise CheckFailed(expected="context_switch records to both busy threads (the two threads "
                                   f"thread {first} created)",
                          seen="\n".join([f"busy threads {busy}; never switched to: {never or 'none'}"]
                                         + _kernel_said(result)))


@graded(points=15, name="the highest-priority ready thread runs (booted)",
        hint="runqueue_pick must take the highest set bit of the bitmap; a thread that wakes with "
             "a higher priority than the running one must get the CPU at once.")
def sched_priority(ctx):
    name = "sched_priority"
    result = _run_user_test(ctx, name)
    if result.outcome != "success":
        raise CheckFailed(expected=f"{name} ends with success (its log reads HHHLLHHHL)",
                          seen=_program_failures(result, name))
    first, created = _test_threads(result)
    never = [thread for thread in created if thread not in _threads_run(result)]
    if len(created) != 2 or never:
        raise CheckFailed(expected=f"context_switch records to both threads thread {first} created (H and L)",
                          seen=f"threads created {created}; never switched to: {never or 'none'}")


@graded(points=30, name="equal-priority threads share the CPU fairly (booted)",
        hint="Round-robin: a thread whose slice is used up goes to the back of its list (enqueue "
             "at the tail), and pick takes the oldest (heads[p]).")
def sched_fairness(ctx):
    name = "sched_fairness"
    result = _run_user_test(ctx, name)
    if result.outcome not in ("success", "test_failure"):
        raise CheckFailed(expected=f"{name} runs to the end", seen=_program_failures(result, name))
    first, busy = _test_threads(result)
    if len(busy) != 3:
        raise CheckFailed(expected=f"three busy threads created by thread {first}",
                          seen=f"{len(busy)}: {busy}")
    time = _cpu_time(result, busy)
    mean = sum(spent for spent, _ in time.values()) / len(busy)
    figures = "\n".join(f"thread {thread}: {spent / 1e6:.1f} M instructions in {turns} turns"
                        + (f" ({(spent - mean) / mean:+.1%} from the mean)" if mean else "")
                        for thread, (spent, turns) in time.items())
    ctx.log(figures)
    unfair = [thread for thread, (spent, _) in time.items()
              if not mean or abs(spent - mean) > FAIRNESS_TOLERANCE * mean]
    if unfair:
        raise CheckFailed(expected=f"each busy thread's CPU time within {FAIRNESS_TOLERANCE:.0%} of the "
                                   f"mean ({mean / 1e6:.1f} M instructions), from the trace's "
                                   "context_switch records",
                          seen="\n".join([f"{', '.join(f'thread {t}' for t in unfair)} outside it:",
                                          figures] + _kernel_said(result)))
    if result.outcome != "success":
        raise CheckFailed(expected=f"{name} ends with success", seen=_program_failures(result, name))
