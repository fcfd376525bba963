"""Lab 2 grader: the run queue, the bitmap pick and the time slice.

Run with ``make grade LAB=2``. The four functions are checked twice: on the host, against
their contract in kernel/sched.h (kernel/tests/host/test_runqueue.c, built under
AddressSanitizer and UBSan), and in the booted kernel, where user test programs
(kernel/tests/user/sched_*.c) run as the root task. The booted checks rest on the kernel's
trace (which threads the CPU was switched to, and for how long), not only on what the
programs print: a scheduler earns the points by scheduling.

Kernel code could write those trace records itself, so the harness also watches from
outside the guest, through QEMU's gdbstub (grading/harness/guest_state.py): the trace's
switches must be the ones the CPU really made, the run queue in kernel memory must keep its
invariants, the busy threads' counters in the program's memory must show each one ran, and
runqueue_pick's instructions, counted by single-stepping it, must not depend on the level.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from grading.framework import CheckFailed, graded
from grading.host_cases import run_host_cases
from grading.harness.guest_state import GuestMemoryError, run_guest
from grading.harness.qemu import TraceError, boot_image
from grading.harness.panic_report import kernel_explanations_shown, with_kernel_explanations

TITLE = "threads and scheduling"
# The files this lab's holes (LAB_HOLE) live in: what a student hands in and the submission
# check (grading.submission_check) reads; the Gradescope autograder copies only these.
STUDENT_FILES = ("kernel/runqueue.c",)
USER_TEST_MEMORY_MB = 32
FAIRNESS_TOLERANCE = 0.20  # each busy thread's CPU time within 20% of the mean
MAX_READY_THREADS = 4096   # a list longer than this is not circular
SWITCH_FUNCTIONS = ("context_switch", "context_switch_to_frame")  # kernel/arch/x86/switch.S
PICK_LEVELS_TIMED = 3       # kernel/ktest/test_sched.c times the lowest, a middle and the highest
PICK_MAX_INSTRUCTIONS = 40  # the reference takes about 10; a scan of 32 lists, over 100
PICK_SPREAD_ALLOWED = 8     # instructions between the cheapest and the dearest level


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host run-queue test; fail with their output."""
    run_host_cases(ctx, "test_runqueue", cases)


def _user_symbol(program: Path, symbol: str) -> int | None:
    """The address of *symbol* in a user test program's ELF (its symbol table)."""
    run = subprocess.run(["nm", str(program)], capture_output=True, text=True, check=False)
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == symbol:
            return int(parts[0], 16)
    return None


def _inspect_scheduler(program: Path, counters: int):
    """What the harness sees from outside the guest (QEMU's gdbstub): every real context
    switch (the thread the CPU is handed to, at the assembly that switches stacks) and, at the
    final halt, the run queue and the program's *counters* (user memory only the threads
    themselves write)."""
    def inspect(guest):
        for switch in SWITCH_FUNCTIONS:
            guest.record_at(switch, "current_thread->object.id")
        stop = guest.run_to("machine_halt", args=1)
        evidence = {"switched_to": [values[0] for _, values in guest.records(*SWITCH_FUNCTIONS)],
                    "halted": stop is not None}
        if stop is None:
            return evidence
        evidence["run_queue"] = _run_queue_problems(guest)
        address = _user_symbol(program, "counters")
        if counters and address is not None:
            try:
                evidence["counters"] = guest.read_words(address, counters, physical=False)
            except GuestMemoryError:
                pass  # not mapped at the end: _check_counters says so
        return evidence
    return inspect


def _run_queue_problems(guest) -> list[str]:
    """Broken invariants of the kernel's run queue, read from its memory (kernel/sched.h)."""
    problems = []
    bitmap = guest.eval("run_queue.ready_bitmap")
    for level in range(guest.eval("sizeof(run_queue.heads) / sizeof(run_queue.heads[0])")):
        head = guest.eval(f"run_queue.heads[{level}]")
        if bool(head) != bool(bitmap >> level & 1):
            problems.append(f"bit {level} of ready_bitmap is {bitmap >> level & 1} but heads[{level}] "
                            f"is {'not ' if head else ''}NULL")
        thread, seen = head, 0
        while thread and seen <= MAX_READY_THREADS:
            cast = f"((struct thread *){thread:#x})"
            if guest.eval(f"{cast}->priority") != level:
                problems.append(f"a thread of priority {guest.eval(cast + '->priority')} is in list {level}")
            if guest.eval(f"{cast}->run_next->run_prev") != thread:
                problems.append(f"list {level}: run_next->run_prev is not the thread itself")
            thread, seen = guest.eval(f"{cast}->run_next"), seen + 1
            if thread == head:
                break
        if problems:
            break
    return problems


def _run_user_test(ctx, name: str, counters: int = 0):
    """Boot the kernel with user test program `name` as the root task; fail on a panic.

    The harness watches from outside the guest too (see _inspect_scheduler); the evidence
    is returned with the run."""
    kernel = ctx.build_dir / "kernel.elf"
    program = ctx.build_dir / "user-tests" / f"{name}.elf"
    for path in (kernel, program):
        if not path.exists():
            raise CheckFailed(expected=f"{path} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    result, evidence = run_guest(kernel, [program], _inspect_scheduler(program, counters),
                                 cmdline=f"root={name}", memory_mb=USER_TEST_MEMORY_MB,
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
    return result, evidence


def _check_switches_seen(result, evidence, threads: list[int]) -> None:
    """The trace's context switches are the ones the harness saw the CPU make, every thread
    in *threads* among them, and the run queue is consistent at the end."""
    traced = [r["to_thread"] for r in result.records("context_switch")]
    seen = evidence["switched_to"]
    if traced != seen:
        first = next((i for i, (a, b) in enumerate(zip(traced, seen)) if a != b), min(len(traced), len(seen)))
        raise CheckFailed(expected="the trace's context_switch records are the switches the harness saw "
                                   "the CPU make (from outside, at context_switch)",
                          seen=f"{len(traced)} in the trace, {len(seen)} real; they differ from switch "
                               f"{first + 1} on")
    never = [thread for thread in threads if thread not in seen]
    if never:
        raise CheckFailed(expected=f"the CPU switched to threads {threads} (seen from outside)",
                          seen=f"never to {never}")
    if not evidence["halted"]:
        raise CheckFailed(expected="the machine stops through machine_halt, where the harness reads "
                                   "the run queue", seen="it never got there")
    if evidence["run_queue"]:
        raise CheckFailed(expected="a consistent run queue at the end (read from kernel memory)",
                          seen="\n".join(evidence["run_queue"][:5]))


def _program_failures(result, name: str) -> str:
    """What the program said when it failed, or how the run ended, and the kernel's lines
    that explain it (a user fault that killed a thread), for a failure message."""
    return with_kernel_explanations(result.serial, _program_said(result, name))


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
    result, evidence = _run_user_test(ctx, name, counters=2)
    first, busy = _test_threads(result)
    ran = set(evidence["switched_to"])
    never = [thread for thread in busy if thread not in ran]
    if result.outcome != "success":
        figures = f"busy threads {busy}; never switched to: {never or 'none'}" if busy else ""
        raise CheckFailed(expected=f"{name} ends with success: both busy threads ran",
                          seen="\n".join(filter(None, [_program_failures(result, name), figures])))
    if len(busy) != 2 or never:
        raise CheckFailed(expected="context_switch records to both busy threads (the two threads "
                                   f"thread {first} created)",
                          seen="\n".join([f"busy threads {busy}; never switched to: {never or 'none'}"]
                                         + kernel_explanations_shown(result.serial)))
    _check_switches_seen(result, evidence, busy)
    _check_counters(evidence, name, 2, fair=False)


@graded(points=15, name="the highest-priority ready thread runs (booted)",
        hint="runqueue_pick must take the highest set bit of the bitmap; a thread that wakes with "
             "a higher priority than the running one must get the CPU at once.")
def sched_priority(ctx):
    name = "sched_priority"
    result, evidence = _run_user_test(ctx, name)
    if result.outcome != "success":
        raise CheckFailed(expected=f"{name} ends with success (its log reads HHHLLHHHL)",
                          seen=_program_failures(result, name))
    first, created = _test_threads(result)
    never = [thread for thread in created if thread not in _threads_run(result)]
    if len(created) != 2 or never:
        raise CheckFailed(expected=f"context_switch records to both threads thread {first} created (H and L)",
                          seen=f"threads created {created}; never switched to: {never or 'none'}")
    _check_switches_seen(result, evidence, created)


@graded(points=20, name="equal-priority threads share the CPU fairly (booted)",
        hint="Round-robin: a thread whose slice is used up goes to the back of its list (enqueue "
             "at the tail), and pick takes the oldest (heads[p]).")
def sched_fairness(ctx):
    name = "sched_fairness"
    result, evidence = _run_user_test(ctx, name, counters=3)
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
                                          figures] + kernel_explanations_shown(result.serial)))
    if result.outcome != "success":
        raise CheckFailed(expected=f"{name} ends with success", seen=_program_failures(result, name))
    _check_switches_seen(result, evidence, busy)
    _check_counters(evidence, name, 3, fair=True)


def _check_counters(evidence, name: str, count: int, fair: bool) -> None:
    """The busy threads' counters, read by the harness from the program's memory: each
    thread counts only while it has the CPU, so each must have counted (about equally, if
    *fair*)."""
    counters = evidence.get("counters")
    if not counters or len(counters) != count:
        raise CheckFailed(expected=f"{name}'s counters readable in its memory at the end",
                          seen="they were not (did the program run?)")
    if not all(counters):
        raise CheckFailed(expected=f"every busy thread counted (its counter in {name}'s memory, read by "
                                   "the harness, is not 0)", seen=", ".join(str(c) for c in counters))
    mean = sum(counters) / count
    if fair and any(abs(c - mean) > FAIRNESS_TOLERANCE * mean for c in counters):
        raise CheckFailed(expected=f"the busy threads' counters (read from {name}'s memory by the harness) "
                                   f"each within {FAIRNESS_TOLERANCE:.0%} of their mean",
                          seen=", ".join(str(c) for c in counters))


def _inspect_pick_cost(guest) -> dict:
    """At each PICK_ONE_READY checkpoint of lab2_pick_cost, single-step the runqueue_pick
    call that follows and count its instructions: level -> instructions."""
    step = guest.eval("KTEST_CHECKPOINT_PICK_ONE_READY")
    costs = {}
    while True:
        stop = guest.run_to("ktest_checkpoint", args=2)
        if stop is None:
            return costs
        if stop.args[0] == step and guest.run_to("runqueue_pick") is not None:
            costs[stop.args[1]] = guest.steps_to_return()


@graded(points=10, name="runqueue_pick costs the same at every priority (booted)",
        hint="Find the highest set bit of ready_bitmap in one step (31 - __builtin_clz(bitmap)), "
             "not by scanning the 32 lists or the 32 bits: the handout asks for an O(1) pick.")
def pick_is_constant_time(ctx):
    kernel, modules = boot_image(ctx.build_dir)
    result, costs = run_guest(kernel, modules, _inspect_pick_cost, cmdline="test=lab2_pick_cost",
                              memory_mb=USER_TEST_MEMORY_MB, workdir=ctx.workdir / "pick_cost",
                              wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    figures = ", ".join(f"{costs[level]} at priority {level}" for level in sorted(costs))
    ctx.log(f"runqueue_pick, instructions counted from outside: {figures}")
    if result.outcome == "panic":
        raise CheckFailed(expected="lab2_pick_cost runs to the end", seen=result.panic.summary())
    if len(costs) != PICK_LEVELS_TIMED:
        raise CheckFailed(expected=f"{PICK_LEVELS_TIMED} timed runqueue_pick calls (lab2_pick_cost)",
                          seen=f"{len(costs)}: {figures or 'none'}; {result.outcome}")
    if max(costs.values()) - min(costs.values()) > PICK_SPREAD_ALLOWED or max(costs.values()) > PICK_MAX_INSTRUCTIONS:
        raise CheckFailed(expected=f"an O(1) pick: at most {PICK_MAX_INSTRUCTIONS} instructions, the same "
                                   f"(within {PICK_SPREAD_ALLOWED}) whichever priority is ready",
                          seen=f"instructions per call: {figures}")
    if result.outcome != "success":
        raise CheckFailed(expected="lab2_pick_cost's checks pass", seen=_program_failures(result, "ktest"))
