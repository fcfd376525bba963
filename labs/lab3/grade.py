"""Lab 3 grader: the endpoint queues and the send/receive rendezvous.

Run with ``make grade LAB=3``. The queues are checked on the host, against their contract in
kernel/endpoint.h (kernel/tests/host/test_endpoint_queue.c, built under AddressSanitizer and
UBSan). The rendezvous is checked in the booted kernel, where user test programs
(kernel/tests/user/ipc_*.c) run as the root task. A program's exit status is not enough:
every run gets a fresh random seed on the command line (test_seed=0x...), which only the
sending side of the program reads; the words it sends are made from it, the receiving side
prints what it got, and the program's whole output must be the lines expected_output.py
computes from the seed. So a kernel that stops the machine with the success status, or
hands over stale registers, cannot pass. The checks also read the kernel's trace: every
message a thread received must be one that was sent (the kernel numbers each message when
it is sent; student code never chooses the number), and a server must see the badges of its
clients' capabilities.
"""

from __future__ import annotations

import secrets
from collections import Counter

from grading.framework import CheckFailed, graded
from grading.host_cases import run_host_cases
from grading.harness.panic_report import with_kernel_explanations
from grading.harness.qemu import TraceError, run_qemu
from orrery_trace.messages import pair_messages  # viz/, on the path through grading.harness.qemu

import expected_output  # beside this file: the lines each program must print for its seed

TITLE = "IPC"
# The files this lab's holes (LAB_HOLE) live in: what a student hands in and the submission
# check (grading.submission_check) reads; the Gradescope autograder copies only these.
STUDENT_FILES = ("kernel/endpoint_queue.c", "kernel/ipc_rendezvous.c")
USER_TEST_MEMORY_MB = 32
PINGPONG_ROUNDS = expected_output.PINGPONG_ROUNDS  # calls ipc_pingpong's client makes
CLIENT_BADGES = {1, 2, 3}     # the badges ipc_many_clients mints, one per client
HOLE_HINT = ("A lab 3 function is still a stub, and the booted tests need all five: the three "
             "queue functions in kernel/endpoint_queue.c and ipc_send and ipc_recv in "
             "kernel/ipc_rendezvous.c (labs/lab3/README.md, exercises 1 and 2).")


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host endpoint-queue test; fail with their output."""
    run_host_cases(ctx, "test_endpoint_queue", cases)


def _run_user_test(ctx, name: str, seed: int):
    """Boot the kernel with user test program `name` as the root task and the run's `seed`
    on the command line (kernel/tests/user/test_seed.h); fail on a panic."""
    kernel = ctx.build_dir / "kernel.elf"
    program = ctx.build_dir / "user-tests" / f"{name}.elf"
    for path in (kernel, program):
        if not path.exists():
            raise CheckFailed(expected=f"{path} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    result = run_qemu(kernel, [program], cmdline=f"root={name} test_seed={seed:#010x}",
                      memory_mb=USER_TEST_MEMORY_MB,
                      workdir=ctx.workdir / name, wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome == "panic":
        missing = "is not implemented yet" in result.panic.message
        raise CheckFailed(expected=f"the test program {name} runs to the end",
                          seen=result.panic.summary(), hint=HOLE_HINT if missing else None)
    try:
        lost = result.records("lost")
    except TraceError as error:
        raise CheckFailed(expected="a trace that decodes", seen=f"it does not: {error}",
                          hint="This is not your IPC's fault: tell the course staff.") from None
    if lost:
        raise CheckFailed(expected="a complete trace", seen=f"the kernel dropped "
                          f"{sum(r['count'] for r in lost)} trace records",
                          hint="The test programs sleep now and then so that the trace can drain; "
                               "if yours still loses records, tell the course staff.")
    return result


def _program_failures(result, name: str) -> str:
    """What the program said when it failed, or how the run ended, and the kernel's lines
    that explain it (a user fault that killed a thread), for a failure message."""
    return with_kernel_explanations(result.serial, _program_said(result, name))


def _program_said(result, name: str) -> str:
    """What the program said when it failed, or how the run ended."""
    said = [line.strip() for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(f"{name}: ")]
    if result.outcome == "test_failure":
        failed = [line for line in said if "FAIL: " in line]
        return "\n".join(failed or said[-3:] or [f"{name} ended with a test failure"])
    if result.outcome == "budget_exhausted":
        how = ("the run used up its instruction budget before the program finished: is a thread "
               "blocked for good (in a queue nobody looks at, never woken after its match, or blocked "
               "in nb_send or nb_recv, which must not block)?")
    elif result.outcome == "wall_timeout":
        how = "the run was stopped by the wall-clock safety net (did the kernel hang with interrupts off?)"
    elif result.outcome == "boot_error":
        how = f"boot error: {result.boot_error}"
    else:
        how = result.how_it_ended()
    return "\n".join([how] + said[-3:])


def _expect_success(result, name: str, what: str) -> None:
    if result.outcome != "success":
        raise CheckFailed(expected=f"{name} ends with success: {what}",
                          seen=_program_failures(result, name))


def _new_seed() -> int:
    """A fresh seed for one run: nobody can know it before the run starts."""
    return secrets.randbits(32)


def _program_lines(result, name: str) -> list[str]:
    """The lines the program printed, without its "NAME: " prefix."""
    prefix = f"{name}: "
    return [line[len(prefix):].rstrip() for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(prefix)]


def _expect_output(result, name: str, expected: list[str], wrong_line_hint: str) -> None:
    """Fail unless the program printed exactly the `expected` lines (from expected_output.py).

    Run after _expect_success: the run ended with the success status, so a missing line
    means something stopped the machine before the program had finished.
    """
    seen = _program_lines(result, name)
    if seen == expected:
        return
    if len(seen) < len(expected) and seen == expected[:len(seen)]:
        last = f'its last line was "{seen[-1]}"' if seen else "it had printed nothing"
        raise CheckFailed(expected=f"{name} prints its {len(expected)} lines, up to "
                                   f'"{expected[-1]}", and then ends with success',
                          seen=f"the machine stopped with the success status after {len(seen)} of "
                               f"them ({last}): the program had not finished",
                          hint="Something stopped the machine before the program was done: IPC code "
                               "must never halt the machine or end the run. Pass the message "
                               "on and block or wake threads as the contract in kernel/ipc.h says.")
    index = next((i for i, (a, b) in enumerate(zip(seen, expected)) if a != b), min(len(seen), len(expected)))
    raise CheckFailed(expected=f"line {index + 1} of {name}'s output: "
                               + (f'"{expected[index]}"' if index < len(expected) else "no more lines"),
                      seen=(f'"{seen[index]}"' if index < len(seen) else "no such line")
                           + " (the words are made from this run's seed, which only the sender knows)",
                      hint=wrong_line_hint)


def _root_threads(result) -> tuple[int, list[int]]:
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


def _unsent_messages(result) -> tuple[list[dict], list[dict]]:
    """The ipc_recv records whose message was never sent, and those received a second time.

    The kernel gives every message a number (msg) when it is sent: an ipc_send record for
    send and call, ipc_reply for a reply, fault_delivered for a fault. A receive must name
    a message sent before it, and each message is received at most once
    (viz/orrery_trace/messages.py pairs them).
    """
    messages = pair_messages(result.trace)
    return messages.unsent_receives, messages.repeated_receives


def _describe_receives(records: list[dict]) -> str:
    """The first few of some ipc_recv records, a line each."""
    lines = [f"thread {r['thread']} received msg {r['msg']} from thread {r['from_thread']}"
             for r in records[:5]]
    if len(records) > 5:
        lines.append(f"... and {len(records) - 5} more")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------
# Host tests: the contract of each queue function.

@graded(points=10, name="endpoint_enqueue appends at the tail (host)",
        hint="The new thread becomes the tail: its ipc_next is NULL (set it, it may be left over "
             "from an earlier queue), the old tail's ipc_next points to it, and in an empty queue "
             "it is the head as well.")
def host_enqueue(ctx):
    _host_cases(ctx, "enqueue_into_empty", "enqueue_appends_fifo")


@graded(points=10, name="endpoint_dequeue takes the oldest (host)",
        hint="Take the head and make its ipc_next the new head; when that leaves the queue empty, "
             "the tail must become NULL too. An empty queue gives NULL.")
def host_dequeue(ctx):
    _host_cases(ctx, "dequeue_returns_oldest", "dequeue_empty_is_null", "dequeue_last_empties_queue")


@graded(points=10, name="endpoint_remove unlinks from anywhere (host)",
        hint="Walk from the head, remembering the thread before: unlink by pointing it (or head) "
             "past the thread; if the thread was the tail, the one before is the new tail. A "
             "thread the walk does not find is not there: return false and change nothing.")
def host_remove(ctx):
    _host_cases(ctx, "remove_head_middle_tail", "remove_absent_returns_false", "remove_keeps_order")


@graded(points=10, name="the three queue functions agree with a model (host)",
        hint="Each function may pass alone and still fail here: look for a field one of them leaves "
             "stale that another trusts, such as the tail of a queue that became empty.")
def host_model(ctx):
    _host_cases(ctx, "interleaved_operations_match_a_model")


# -------------------------------------------------------------------------------------------
# Booted tests: user programs as the root task, judged by their outcome and the trace.

WRONG_WORDS_HINT = ("The receiver printed other words than the sender sent: ipc_transfer(sender, "
                    "receiver, badge) copies the message from the sender's saved registers (and "
                    "buffer) to the receiver's, so call it with the sender first, when the two "
                    "meet, and only then wake the receiver.")


@graded(points=15, name="call and reply_recv between two tasks (booted)",
        hint="A call that finds the server waiting hands its message over and then waits for the "
             "reply (ipc_expect_reply), without waking; the server is woken and replies with "
             "reply_recv. A receiver that finds nobody waiting blocks in THREAD_BLOCKED_RECV.")
def ipc_pingpong(ctx):
    name, seed = "ipc_pingpong", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, f"{PINGPONG_ROUNDS} round trips, every reply the request plus one")
    _expect_output(result, name, expected_output.pingpong_lines(seed), WRONG_WORDS_HINT)
    pinger, _ = _root_threads(result)
    unsent, twice = _unsent_messages(result)
    if unsent:
        raise CheckFailed(expected="every ipc_recv record names a message (msg) sent before it, by an "
                                   "ipc_send or ipc_reply record",
                          seen=f"{len(unsent)} receive(s) of messages never sent:\n"
                               + _describe_receives(unsent),
                          hint="ipc_transfer(sender, receiver, badge) takes the sender first: the message "
                               "comes from the thread that sent it.")
    if twice:
        raise CheckFailed(expected="each message received once",
                          seen=f"{len(twice)} message(s) received a second time:\n"
                               + _describe_receives(twice),
                          hint="A sender whose message was delivered must leave the queue of senders.")
    sends = sum(1 for r in result.records("ipc_send") if r["thread"] == pinger)
    if sends < PINGPONG_ROUNDS:
        raise CheckFailed(expected=f"at least {PINGPONG_ROUNDS} ipc_send records from the client "
                                   f"(thread {pinger})", seen=f"{sends}")


@graded(points=10, name="a server tells three clients apart by badge (booted)",
        hint="A sender that finds no receiver waits in the endpoint's queue of senders, oldest first, "
             "with the badge of the capability it used saved in the thread (ipc_badge): the "
             "receiver that takes it later must hand on that badge.")
def ipc_many_clients(ctx):
    name, seed = "ipc_many_clients", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, "15 messages, each with its client's badge, each client's in order")
    _expect_output(result, name, expected_output.many_clients_lines(seed), WRONG_WORDS_HINT)
    main, created = _root_threads(result)
    if not created:
        raise CheckFailed(expected=f"thread {main} creates a server thread and three clients",
                          seen="no thread_create records for them")
    server = created[0]  # the program starts the server first, then the clients
    badges = Counter(r["badge"] for r in result.records("ipc_recv") if r["thread"] == server)
    if set(badges) != CLIENT_BADGES:
        seen = ", ".join(f"badge {badge}: {count} message(s)" for badge, count in sorted(badges.items()))
        raise CheckFailed(expected=f"the server (thread {server}) receives messages with 3 distinct badges, "
                                   f"{', '.join(map(str, sorted(CLIENT_BADGES)))}, one per client, in its "
                                   "ipc_recv records",
                          seen=seen or "no ipc_recv records for the server")


@graded(points=15, name="deleting an endpoint or a thread wakes its waiters (booted)",
        hint="A waiting thread must really be in the endpoint's queue (endpoint_enqueue) and blocked "
             "there with ipc_block (THREAD_BLOCKED_SEND or THREAD_BLOCKED_RECV, blocked_on the "
             "endpoint): endpoint_destroy dequeues every waiter to wake it, and a thread that dies "
             "leaves its queue with endpoint_remove.")
def ipc_endpoint_deleted(ctx):
    name, seed = "ipc_endpoint_deleted", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, "every waiter woke with ERR_ABORTED, or was left alone, as it should")
    _expect_output(result, name, expected_output.endpoint_deleted_lines(seed), WRONG_WORDS_HINT)


@graded(points=10, name="long messages go through the IPC buffers (booted)",
        hint="ipc_transfer copies the words beyond the registers, and the capability, for you: "
             "call it once per message, with the sender first and the receiver second.")
def ipc_long_message(ctx):
    name, seed = "ipc_long_message", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, "64 words each way, and the short cases")
    _expect_output(result, name, expected_output.long_message_lines(seed), WRONG_WORDS_HINT)


@graded(points=5, name="nb_send and nb_recv never wait, and change nothing (booted)",
        hint="nb_send and nb_recv pass blocking false: when nobody waits on the other side, return "
             "ERR_WOULD_BLOCK before any endpoint_enqueue or ipc_block. A thread left in a queue "
             "while it runs on is taken for a waiter by the next partner, which then 'receives' "
             "whatever its registers held. When somebody does wait, they behave as send and recv.")
def ipc_nonblocking(ctx):
    name, seed = "ipc_nonblocking", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, "ERR_WOULD_BLOCK with nobody waiting and no thread left in a queue; "
                                  "delivery when a partner waits")
    _expect_output(result, name, expected_output.nonblocking_lines(seed), WRONG_WORDS_HINT)


@graded(points=5, name="a plain send returns once its message is taken (booted)",
        hint="When recv takes the message of a waiting sender, the sender's wait is over unless it "
             "called (then it waits for the reply: ipc_expect_reply). A plain send (ipc_is_call "
             "false) must be woken with ipc_wake, or it stays blocked for good: nobody else ever "
             "wakes it.")
def ipc_plain_send(ctx):
    name, seed = "ipc_plain_send", _new_seed()
    result = _run_user_test(ctx, name, seed)
    _expect_success(result, name, "each waiting sender's send returns 0 once recv has taken its message")
    _expect_output(result, name, expected_output.plain_send_lines(seed), WRONG_WORDS_HINT)
