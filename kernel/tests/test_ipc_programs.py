"""IPC, pagers and drivers, seen from user space: the IPC test programs of kernel/tests/user/,
each booted as the root task (root=NAME), judged by how the run ended, what the program
printed and, for message passing, the ipc_send / ipc_recv / ipc_reply trace records."""

import importlib.util
import re
import secrets
import subprocess

import pytest

from grading.harness.qemu import REPO, build_dir, run_qemu
from kernel.tests.programs import assert_passed, program_lines, run_program
from orrery_trace.messages import pair_messages  # viz/, on the path through grading.harness.qemu

USER_FAULT = re.compile(r"^orrery: user fault: task (\S+) thread (\d+): (.*)$", re.MULTILINE)
IPC_PROGRAMS = ["ipc_pingpong", "ipc_many_clients", "ipc_cap_transfer", "ipc_long_message",
                "ipc_endpoint_deleted", "ipc_notification", "pager_demand_zero",
                "driver_rtc_irq", "ipc_bad_args", "bench_ipc", "ipc_reply_saved",
                "ipc_bound_notification", "driver_bound_irq", "sched_handoff_order",
                "ipc_cap_reread", "ipc_partner_waiting_errors", "ipc_nonblocking", "ipc_plain_send"]


def _load_expected_output():
    """labs/lab3/expected_output.py: the lines Lab 3's programs print for a run's seed."""
    path = REPO / "labs" / "lab3" / "expected_output.py"
    spec = importlib.util.spec_from_file_location("lab3_expected_output", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXPECTED = _load_expected_output()


def run_seeded(boot, build, name, **options):
    """run_program with a fresh test_seed on the command line (kernel/tests/user/test_seed.h);
    returns (seed, result)."""
    seed = secrets.randbits(32)
    return seed, boot(f"root={name} test_seed={seed:#010x}",
                      modules=[build / "user-tests" / f"{name}.elf"], **options)


def user_faults(result):
    """(task, thread, rest of the line) of every "orrery: user fault:" line."""
    return USER_FAULT.findall(result.serial.replace("\r", ""))


def check_message_records(result, all_received=True):
    """Check the IPC records of a run and return its messages (a MessageLog, from
    viz/orrery_trace/messages.py, which pairs them).

    Every ipc_recv names a message sent before it: a request (ipc_send, or fault_delivered,
    the kernel sending a fault message for the faulting thread) or a reply (ipc_reply, to a
    call or a fault, which the caller receives), sent by the thread the ipc_recv names as
    from_thread; every number is sent once and received at most once, and (with
    *all_received*) every message is received; no record was lost."""
    assert not result.records("lost"), "the trace lost records: the check below would be unsound"
    log = pair_messages(result.trace)
    assert not log.repeated_sends, f"a second message with the same msg: {log.repeated_sends[:3]}"
    assert not log.unsent_receives, f"ipc_recv without an earlier send of its msg: {log.unsent_receives[:3]}"
    assert not log.repeated_receives, f"a msg received twice: {log.repeated_receives[:3]}"
    wrong = log.misattributed()
    assert not wrong, f"ipc_recv names a from_thread that did not send: {[(m.sent, m.received) for m in wrong[:3]]}"
    if all_received:
        assert not log.unreceived(), f"messages sent but never received: {[m.sent for m in log.unreceived()[:3]]}"
    return log


def received(messages):
    """The messages of a list that someone received."""
    return [m for m in messages if m.received is not None]


def syscall_number(name):
    """The number of system call *name*, from SYSCALL_LIST in kernel/abi/syscalls.h."""
    text = (REPO / "kernel" / "abi" / "syscalls.h").read_text()
    return int(re.search(rf"SYSCALL\({name},\s*(\d+)", text).group(1))


def test_ipc_fast_path_system_calls_enter_and_exit_in_pairs(boot, build):
    """The fast path's direct switch returns the partner to user mode without unwinding its
    kernel stack, so sched_switch_direct traces the partner's syscall_exit itself, with the
    call number the entry stub kept in the frame: every call still has its exit, with its
    number, on both sides of 1,000 fast-path round trips."""
    result = run_program(boot, build, "ipc_pingpong")
    assert_passed(result, "ipc_pingpong")
    open_calls, exits = {}, {}
    for record in result.trace:
        if record["type"] == "syscall_entry":
            assert record["thread"] not in open_calls, f"one call at a time per thread: {record}"
            open_calls[record["thread"]] = record["number"]
        elif record["type"] == "syscall_exit":
            assert open_calls.pop(record["thread"], None) == record["number"], record
            exits[record["number"]] = exits.get(record["number"], 0) + 1
    assert exits.get(syscall_number("call"), 0) >= 1000, exits
    # the server takes the first request with recv, and its last reply_recv never returns
    assert exits.get(syscall_number("reply_recv"), 0) >= 999, exits
    # open at the end: the client's final debug_halt, the server's last reply_recv
    assert len(open_calls) <= 2, open_calls


def test_ipc_pingpong_between_two_tasks(boot, build):
    seed, result = run_seeded(boot, build, "ipc_pingpong")
    assert_passed(result, "ipc_pingpong")
    assert program_lines(result, "ipc_pingpong") == EXPECTED.pingpong_lines(seed), result.describe()
    log = check_message_records(result)
    requests = [m for m in received(log.of_kind("send")) if m.received["badge"] == 0x1234]
    assert len(requests) == 1000, f"{len(requests)} receives with the client's badge"
    client, server = requests[0].sender, requests[0].receiver
    assert client != server
    assert all(m.sender == client and m.receiver == server for m in requests)
    assert len([m for m in log.of_kind("send") if m.sender == client]) == 1000
    assert len([m for m in log.of_kind("reply") if m.sender == server and m.receiver == client]) == 1000
    # The two threads are in different tasks.
    tasks = {r["thread"]: r["task"] for r in result.records("thread_create")}
    assert tasks.get(client) != tasks.get(server), tasks


def test_ipc_many_clients_badges_and_fifo(boot, build):
    seed, result = run_seeded(boot, build, "ipc_many_clients")
    assert_passed(result, "ipc_many_clients")
    assert program_lines(result, "ipc_many_clients") == EXPECTED.many_clients_lines(seed), \
        result.describe()
    log = check_message_records(result)
    requests = sorted(received(log.of_kind("send")), key=lambda m: m.received["seq"])
    badges = [m.received["badge"] for m in requests]  # in the order the server took them
    assert len(badges) == 15 and set(badges) == {1, 2, 3}, badges
    assert badges[:3] == [1, 2, 3], badges
    senders = {}
    for m in requests:  # one client thread per badge
        senders.setdefault(m.received["badge"], set()).add(m.sender)
    assert all(len(threads) == 1 for threads in senders.values()), senders
    assert len(log.of_kind("reply")) == 15


def test_ipc_cap_transfer(boot, build):
    result = run_program(boot, build, "ipc_cap_transfer")
    assert_passed(result, "ipc_cap_transfer")
    lines = program_lines(result, "ipc_cap_transfer")
    assert "a capability without RIGHT_GRANT: ERR_NO_RIGHTS, nothing delivered" in lines
    assert "receive slot occupied: message delivered without the capability" in lines
    assert "all capability transfers behaved" in lines, result.describe()


def test_ipc_long_message(boot, build):
    seed, result = run_seeded(boot, build, "ipc_long_message")
    assert_passed(result, "ipc_long_message")
    assert program_lines(result, "ipc_long_message") == EXPECTED.long_message_lines(seed), \
        result.describe()


def test_ipc_endpoint_deleted(boot, build):
    seed, result = run_seeded(boot, build, "ipc_endpoint_deleted")
    assert_passed(result, "ipc_endpoint_deleted")
    assert program_lines(result, "ipc_endpoint_deleted") == EXPECTED.endpoint_deleted_lines(seed), \
        result.describe()


def test_ipc_nonblocking(boot, build):
    seed, result = run_seeded(boot, build, "ipc_nonblocking")
    assert_passed(result, "ipc_nonblocking")
    assert program_lines(result, "ipc_nonblocking") == EXPECTED.nonblocking_lines(seed), \
        result.describe()


def test_ipc_plain_send(boot, build):
    seed, result = run_seeded(boot, build, "ipc_plain_send")
    assert_passed(result, "ipc_plain_send")
    assert program_lines(result, "ipc_plain_send") == EXPECTED.plain_send_lines(seed), \
        result.describe()


def test_seeded_programs_print_other_words_for_another_seed(boot, build):
    """The words come from the seed on the command line, not from the program: two seeds,
    two outputs, and without a seed the program uses test_seed.h's default."""
    name = "ipc_nonblocking"
    outputs = {}
    for seed in (0x00000001, 0xFFFFFFFE):
        result = boot(f"root={name} test_seed={seed:#010x}", modules=[build / "user-tests" / f"{name}.elf"])
        assert_passed(result, name)
        outputs[seed] = program_lines(result, name)
        assert outputs[seed] == EXPECTED.nonblocking_lines(seed), result.describe()
    assert outputs[0x00000001] != outputs[0xFFFFFFFE]
    default = run_program(boot, build, name)
    assert program_lines(default, name) == EXPECTED.nonblocking_lines(EXPECTED.TEST_SEED_DEFAULT)


def test_ipc_notification(boot, build):
    result = run_program(boot, build, "ipc_notification")
    assert_passed(result, "ipc_notification")
    lines = program_lines(result, "ipc_notification")
    assert "a suspended waiter left the waiters (ERR_ABORTED on resume); a deleted one too" in lines, \
        result.describe()
    assert "all notification checks passed" in lines


def test_pager_demand_zero(boot, build):
    result = run_program(boot, build, "pager_demand_zero")
    assert_passed(result, "pager_demand_zero")
    lines = program_lines(result, "pager_demand_zero")
    served = [line for line in lines if line.startswith("pager: ") and "mapped a zeroed page" in line]
    assert len(served) == 4, result.describe()
    assert served[0].startswith("pager: read fault at 0x60000100")
    assert "the pager and the root task run on after the child's stop" in lines
    faults = user_faults(result)
    assert len(faults) == 1, faults
    assert faults[0][0] == "pager_child"
    assert "0x60020000" in faults[0][2], faults
    assert result.serial.index("orrery: user fault:") < result.serial.index("run on after")
    delivered = [r["address"] for r in result.records("fault_delivered")]
    assert delivered == [0x60000100, 0x60001000, 0x60005000, 0x6000F000, 0x60020000], \
        [hex(a) for a in delivered]
    # Each fault message went to the pager, and the faulting thread took each reply.
    log = check_message_records(result)
    faults = received(log.of_kind("fault"))
    assert len(faults) == 5
    child = {m.sender for m in faults}
    pager = {m.receiver for m in faults}
    assert len(child) == 1 and len(pager) == 1 and child != pager, (child, pager)
    answers = []
    for fault in faults:
        answer = next((m for m in log.of_kind("reply") if m.sent["seq"] > fault.received["seq"]
                       and m.sender in pager and m.receiver in child), None)
        assert answer is not None, f"no reply to the fault message {fault.msg}"
        answers.append(answer)
    assert len({a.msg for a in answers}) == 5, "one reply answered two faults"
    labels = [a.sent["tag"] >> 16 for a in answers]
    assert labels[:4] == [0, 0, 0, 0] and labels[4] != 0, labels  # resume four times, then stop


def test_ipc_reply_saved(boot, build):
    result = run_program(boot, build, "ipc_reply_saved")
    assert_passed(result, "ipc_reply_saved")
    lines = program_lines(result, "ipc_reply_saved")
    for line in ["three callers saved, answered in the order 2, 3, 1: each got its own answer",
                 "no reply owed: ERR_NOT_FOUND; wrong slots refused; a bad tag left the reply usable",
                 "a killed or suspended caller: its saved reply is stale (ERR_DEAD), resumed: ERR_ABORTED",
                 "a deleted saved reply: ERR_ABORTED; revoke deleted the copy; a copy answered once",
                 "a reply capability cannot be copied out, granted, or sent: ERR_NO_RIGHTS",
                 "the server task died with a saved reply: its caller got ERR_ABORTED",
                 "a dead saver's reply answered by another thread; a full cspace kept the reply owed",
                 "fault replies saved: one resumed by reply 0, one stopped when its reply was "
                 "deleted, one by a stop reply",
                 "all saved-reply checks passed"]:
        assert line in lines, result.describe()
    faults = user_faults(result)
    assert len(faults) == 2, faults
    assert "will not be answered (address 0x62000000" in faults[0][2], faults
    assert "stopped by its fault handler (address 0x63000000" in faults[1][2], faults
    # The trace: every saved reply names its caller; step 1's three replies went to the
    # callers in the order 2, 3, 1 (the callers are the first three reply_saved records).
    saved = result.records("reply_saved")
    assert len(saved) >= 12, saved
    first = [r["caller"] for r in saved[:3]]
    replies = check_message_records(result, all_received=False).of_kind("reply")
    to_first = [m.sent["to_thread"] for m in replies if m.sent["to_thread"] in first][:3]
    assert to_first == [first[1], first[2], first[0]], (first, to_first)
    stale = {r["caller"] for r in result.records("reply_stale")}
    assert len(stale) >= 5, stale  # killed, suspended, deleted, child task died, fault dropped


def test_ipc_bound_notification(boot, build):
    result = run_program(boot, build, "ipc_bound_notification")
    assert_passed(result, "ipc_bound_notification")
    lines = program_lines(result, "ipc_bound_notification")
    for line in ["bits pending, bits while waiting, bits before a waiting sender: each told apart",
                 "reply_recv with bits pending: the reply went out, the bits came back at once",
                 "bind rights, types and one-per-side enforced; only the bound thread may wait",
                 "unbound: receives ignore the bits, another thread may wait on N",
                 "a deleted notification and a killed thread each unbound cleanly",
                 "all bound-notification checks passed"]:
        assert line in lines, result.describe()
    check_message_records(result)
    # Each receive that returned bits has its notification_recv record, and every bind has
    # its unbind (explicit, or when one side died).
    bits = [r["bits"] for r in result.records("notification_recv")]
    assert bits[:4] == [0x4, 0x2, 0x4, 0x2] and bits[-1] == 1, bits
    binds = result.records("notification_bind")
    assert sum(1 for b in binds if b["bound"]) == sum(1 for b in binds if not b["bound"]), binds


def test_driver_bound_irq(boot, build):
    result = run_program(boot, build, "driver_bound_irq")
    assert_passed(result, "driver_bound_irq")
    lines = program_lines(result, "driver_bound_irq")
    loop = [line for line in lines if line.startswith("one receive loop: ")]
    assert loop and loop[0].endswith(" and 3 requests"), result.describe()
    assert int(loop[0].split()[3]) >= 5, loop
    assert "all bound-interrupt checks passed" in lines
    # Each interrupt the kernel delivered reached the driver's receive (notification_recv
    # with the same bits), and the requests went through saved replies.
    delivered = result.records("irq_delivered")
    received = [r for r in result.records("notification_recv") if r["bits"] == 1 << 8]
    assert len(received) >= 5 and len(received) <= len(delivered), (len(received), len(delivered))
    assert len(result.records("reply_saved")) == 3
    check_message_records(result)


def test_driver_rtc_irq(boot, build):
    result = run_program(boot, build, "driver_rtc_irq")
    assert_passed(result, "driver_rtc_irq")
    lines = program_lines(result, "driver_rtc_irq")
    assert "IRQs 0, 2 and 16 refused: ERR_INVALID" in lines
    assert "5 RTC interrupts, each signalled as bit 8 and acked" in lines, result.describe()
    assert "all driver checks passed" in lines
    faults = user_faults(result)
    assert len(faults) == 2, faults
    assert all(task == "driver_rtc_irq" and rest.startswith("#GP") for task, _, rest in faults), faults
    assert faults[0][1] != faults[1][1], "two different probe threads faulted"
    assert len(result.records("irq_delivered")) >= 5
    assert all(r["irq"] == 8 and r["bits"] == 1 << 8 for r in result.records("irq_delivered"))


def test_ipc_bad_args_all_return_their_errors(boot, build):
    result = run_program(boot, build, "ipc_bad_args")
    assert_passed(result, "ipc_bad_args")
    summary = re.search(r"ipc_bad_args: (\d+) cases, all returned their errors", result.serial)
    assert summary, result.describe()
    case_lines = [line for line in program_lines(result, "ipc_bad_args")
                  if re.search(r": (ERR_\w+|0|a value|a slot)$", line)]
    assert len(case_lines) == int(summary.group(1))


#: The traced benchmarks write about 6 MB of trace (16 records a round trip): on a machine
#: shared with other QEMUs that takes longer than run_qemu's 120 s safety net.
HEAVY_TRACE_WALL_TIMEOUT = 300.0


def test_bench_ipc_prints_its_figures(tmp_path):
    # The benchmark build (TRACE=0), as `make bench` runs it: traced, its 10,000 round trips
    # would mostly measure the trace.
    bench = build_dir() / "bench"
    result = run_qemu(bench / "kernel.elf", [bench / "user-tests" / "bench_ipc.elf"],
                      cmdline="root=bench_ipc", workdir=tmp_path / "qemu")
    assert_passed(result, "bench_ipc")
    figures = dict(re.findall(r"^bench: (\w+) (\d+) instructions\s*$", result.serial, re.MULTILINE))
    assert set(figures) == {"ipc_roundtrip", "ipc_roundtrip_cap", "fault_roundtrip"}, \
        result.describe()
    assert all(int(value) > 0 for value in figures.values())
    assert int(figures["ipc_roundtrip_cap"]) > int(figures["ipc_roundtrip"])


def test_bench_rpc_measures_the_runtime_rpc_loop(boot, build):
    # bench_rpc also checks that rpc_serve() refuses a wrong word count and an unknown label
    # with ERR_INVALID and goes on serving (servers/lib/rpc.h).
    result = run_program(boot, build, "bench_rpc", output_limit=16 * 1024 * 1024, wall_timeout=HEAVY_TRACE_WALL_TIMEOUT)
    assert_passed(result, "bench_rpc")
    figures = {name: int(value) for name, value in
               re.findall(r"^bench: (\w+) (\d+) instructions\s*$", result.serial, re.MULTILINE)}
    assert set(figures) == {"rpc_raw_roundtrip", "rpc_roundtrip_total", "rpc_roundtrip"}, \
        result.describe()
    assert figures["rpc_roundtrip_total"] > figures["rpc_raw_roundtrip"] > 0
    assert figures["rpc_roundtrip"] == figures["rpc_roundtrip_total"] - figures["rpc_raw_roundtrip"]


# The programs that exercise call and reply_recv, run again on a kernel built with
# IPC_FASTPATH=0: the general path that a student's Lab 3 takes, since the fast path is
# part of the reference solution only.
GENERAL_PATH_PROGRAMS = ["ipc_pingpong", "ipc_many_clients", "ipc_cap_transfer", "ipc_long_message",
                         "ipc_endpoint_deleted", "pager_demand_zero", "hostile_registers",
                         "ipc_reply_saved", "ipc_bound_notification", "driver_bound_irq",
                         "sched_handoff_order", "ipc_cap_reread", "ipc_partner_waiting_errors",
                         "ipc_nonblocking", "ipc_plain_send"]


def kernel_symbol_kind(kernel, name):
    """The nm type letter of symbol *name* in *kernel* (T: strong, W: weak)."""
    out = subprocess.run(["nm", str(kernel)], capture_output=True, text=True, check=True).stdout
    kinds = [line.split()[1] for line in out.splitlines() if line.split()[-1] == name]
    assert len(kinds) == 1, f"{name} in {kernel}: {kinds}"
    return kinds[0]


def test_general_path_hands_off_only_to_the_thread_the_scheduler_would_pick(boot, build):
    """A call or a reply through the general path wakes its partner behind a thread of the
    same priority that was ready first (sched.c's hand-off must not jump the queue)."""
    result = run_program(boot, build, "sched_handoff_order")
    assert_passed(result, "sched_handoff_order")
    assert "handoff order kept" in program_lines(result, "sched_handoff_order")


def test_a_blocked_senders_capability_is_read_when_its_message_is_taken(boot, build):
    """The capability a sender checked when it started is reused only within that system
    call; once it has waited, its buffer is read again (thread->ipc_offered_cap)."""
    result = run_program(boot, build, "ipc_cap_reread")
    assert_passed(result, "ipc_cap_reread")
    assert "a blocked sender's buffer is read again" in program_lines(result, "ipc_cap_reread")


def test_a_refused_message_leaves_its_waiting_partner_untouched(boot, build):
    """Capability messages the kernel refuses while the partner already waits (the fast
    path's case) return their errors before anything changes; the good one then arrives."""
    result = run_program(boot, build, "ipc_partner_waiting_errors")
    assert_passed(result, "ipc_partner_waiting_errors")
    assert "refused messages leave the partner waiting" in \
        program_lines(result, "ipc_partner_waiting_errors")


def test_the_general_path_build_has_no_fast_path(build):
    general = build / "general-ipc" / "kernel.elf"
    assert general.exists(), "make test builds build/general-ipc with IPC_FASTPATH=0"
    assert kernel_symbol_kind(build / "kernel.elf", "syscall_call") == "T"  # the reference fast path
    assert kernel_symbol_kind(general, "syscall_call") == "W"  # the general path in sys_ipc.c


@pytest.mark.parametrize("name", GENERAL_PATH_PROGRAMS)
def test_ipc_program_passes_on_the_general_path(build, tmp_path, name):
    general = build / "general-ipc"
    result = run_qemu(general / "kernel.elf", [general / "user-tests" / f"{name}.elf"],
                      cmdline=f"root={name}", workdir=tmp_path / "qemu")
    assert_passed(result, name)
    # Deleting an endpoint aborts the messages its waiting senders had not delivered; an
    # nb_send that finds nobody has numbered (traced) a message that nobody receives.
    check_message_records(result, all_received=name not in ("ipc_endpoint_deleted", "ipc_reply_saved",
                                                            "ipc_nonblocking"))


def test_every_ipc_program_states_its_expectation_and_is_run_here():
    source = (REPO / "kernel" / "tests" / "test_ipc_programs.py").read_text()
    for name in IPC_PROGRAMS:
        program = REPO / "kernel" / "tests" / "user" / f"{name}.c"
        assert program.exists(), f"{program} is missing"
        text = program.read_text()
        assert "Expected" in text[: text.index("*/")], f"{name}.c: say what is expected at the top"
        assert f'"{name}"' in source
