"""User mode, seen from user space: the root task starting a server, and the test programs
of kernel/tests/user/, each booted as the root task (root=NAME), judged by how the run ended,
what the program printed and, for the scheduler, the trace."""

import re

from grading.harness.qemu import REPO, run_qemu
from kernel.tests.programs import assert_passed, program_lines, run_program
from orrery_trace.kernel_headers import header_value  # viz/, on the path through grading.harness.qemu

USER_TESTS = REPO / "kernel" / "tests" / "user"
FAULT_LINE = re.compile(r"orrery: user fault: task (\S+) thread (\d+): (#[A-Z]{2})[^\n]* "
                        r"at eip 0x([0-9a-f]{8}) address 0x([0-9a-f]{8})")


def abi_value(name):
    """A constant of kernel/abi/syscalls.h (#define NAME value, or NAME = value in an enum)."""
    return header_value("abi/syscalls.h", name)


def test_roottask_starts_hello(boot, build):
    servers = build / "servers"
    result = boot("", modules=[servers / "roottask.elf", servers / "hello.elf"])
    assert result.outcome == "success", result.describe()
    assert "roottask: 2 boot modules" in result.serial
    assert "roottask: started hello" in result.serial
    assert "hello: hello from a user task (task slot 0 is me)" in result.serial
    own_task_cap = abi_value("OBJECT_TASK") | abi_value("RIGHTS_ALL") << 8
    assert f"hello: cap_identify(0) = {own_task_cap:#x}" in result.serial


def test_roottask_with_stay_keeps_running(boot, build):
    servers = build / "servers"
    result = boot("stay", modules=[servers / "roottask.elf", servers / "hello.elf"],
                  insn_budget=400_000_000)
    assert result.outcome == "budget_exhausted", result.describe()
    assert "hello: hello from a user task" in result.serial
    assert "orrery: halting: success" not in result.serial


def test_sched_two_busy_spinners_both_run(boot, build):
    result = run_program(boot, build, "sched_two_busy")
    assert_passed(result, "sched_two_busy")
    counters = re.search(r"sched_two_busy: counters (\d+) (\d+)", result.serial)
    assert counters and all(int(c) > 0 for c in counters.groups()), result.describe()


def test_sched_priority_log_order_is_exact(boot, build):
    result = run_program(boot, build, "sched_priority")
    assert_passed(result, "sched_priority")
    assert "log HHHLLHHHL" in program_lines(result, "sched_priority")


def run_times(result, threads):
    """Guest instructions each thread in *threads* was current, from context_switch records."""
    switches = result.records("context_switch")
    times = dict.fromkeys(threads, 0)
    for switch, next_switch in zip(switches, switches[1:]):
        if switch["to_thread"] in times:
            times[switch["to_thread"]] += next_switch["ts"] - switch["ts"]
    return times


def test_sched_fairness_equal_priority_threads_share_the_cpu(boot, build):
    result = run_program(boot, build, "sched_fairness")
    assert_passed(result, "sched_fairness")
    assert re.search(r"sched_fairness: counters \d+ \d+ \d+", result.serial), result.describe()
    created = [r["thread"] for r in result.records("thread_create")]
    spinners = created[1:]  # the first is the root task's own thread
    assert len(spinners) == 3, f"thread_create records: {created}"
    times = run_times(result, spinners)
    mean = sum(times.values()) / len(times)
    assert mean > 0
    for thread, time in times.items():
        assert abs(time - mean) <= 0.2 * mean, \
            f"thread {thread} ran {time} instructions, the mean is {mean:.0f}: {times}"


def test_sched_time_slice_longer_slice_longer_runs(boot, build):
    result = run_program(boot, build, "sched_time_slice")
    assert_passed(result, "sched_time_slice")
    assert re.search(r"sched_time_slice: slices 20 and 4 ticks: counters \d+ \d+", result.serial), \
        result.describe()
    created = [r["thread"] for r in result.records("thread_create")]
    long_thread, short_thread = created[1], created[2]  # after the root task's own thread
    slices = {r["thread"]: r["ticks"] for r in result.records("thread_time_slice")}
    assert slices.get(long_thread) == 20 and slices.get(short_thread) == 4, slices
    # The length of each run (a context switch to the thread until the next switch), in
    # guest instructions: a tick is TICK_INSTRUCTIONS of them under icount.
    switches = result.records("context_switch")
    runs = {long_thread: [], short_thread: []}
    for switch, next_switch in zip(switches, switches[1:]):
        if switch["to_thread"] in runs:
            runs[switch["to_thread"]].append(next_switch["ts"] - switch["ts"])
    assert len(runs[long_thread]) >= 5 and len(runs[short_thread]) >= 5, runs
    median = {t: sorted(r)[len(r) // 2] for t, r in runs.items()}
    ratio = median[long_thread] / median[short_thread]
    assert 4 <= ratio <= 6, f"median runs {median}: a 20-tick slice should run 5 times a 4-tick one"
    times = run_times(result, [long_thread, short_thread])
    assert times[long_thread] > 3 * times[short_thread], times


def test_quota_transfer_between_parent_and_child(boot, build):
    result = run_program(boot, build, "quota_transfer")
    assert_passed(result, "quota_transfer")
    lines = program_lines(result, "quota_transfer")
    assert "take 16 KiB: 4 pages fewer; give 24 KiB: 6 more; never below what B uses" in lines
    assert "wrap, overdraft, self, no RIGHT_CONTROL, grandchild, wrong type: all refused" in lines
    assert "all quota transfer checks passed" in lines, result.describe()
    transfers = result.records("quota_transfer")
    assert [t["bytes"] for t in transfers] == [16384, 24576, 0], transfers
    # A take moves quota from the child (from_task), a give to it (to_task): child_limit is
    # the child's limit afterwards either way.
    assert transfers[0]["child_limit"] == 65536 - 16384 and transfers[1]["child_limit"] == 65536 + 8192


def test_cap_errors(boot, build):
    result = run_program(boot, build, "cap_errors")
    assert_passed(result, "cap_errors")
    assert "all capability checks passed" in program_lines(result, "cap_errors")


def test_syscall_bad_args_all_return_their_errors(boot, build):
    result = run_program(boot, build, "syscall_bad_args")
    assert_passed(result, "syscall_bad_args")
    summary = re.search(r"syscall_bad_args: (\d+) cases, all returned their errors", result.serial)
    assert summary, result.describe()
    case_lines = [line for line in program_lines(result, "syscall_bad_args")
                  if re.search(r": (ERR_\w+|0)$", line)]
    assert len(case_lines) == int(summary.group(1))


def test_hostile_registers_leave_the_kernel_unharmed(boot, build):
    result = run_program(boot, build, "hostile_registers")
    assert_passed(result, "hostile_registers")
    lines = program_lines(result, "hostile_registers")
    assert "debug_write with DF set and DS = ES = 0" in lines, result.describe()
    assert "a frame created with DF set reads all zero" in lines
    assert "a 20-word message sent with DF set arrived intact" in lines
    assert "all checks passed, the kernel ignored DF and the null selectors" in lines


def test_quota_exhaust_returns_every_frame(boot, build):
    result = run_program(boot, build, "quota_exhaust")
    assert_passed(result, "quota_exhaust")
    lines = "\n".join(program_lines(result, "quota_exhaust"))
    assert re.search(r"\d+ children of 128 KiB, then ERR_QUOTA", lines), result.describe()
    assert re.search(r"\d+ pages mapped into the first child, then ERR_QUOTA", lines)


def check_fuzz_run(result, rounds):
    """syscall_fuzz ran *rounds* rounds, seeds 0 .. rounds - 1, and passed."""
    serial = result.serial.replace("\r", "")
    round_line = r"^syscall_fuzz: round (\d+): seed (\d+), (\d+) calls"
    done = [tuple(int(n) for n in found) for found in re.findall(round_line, serial, re.MULTILINE)]
    stopped = (f"the run stopped in round {len(done)} (seed {len(done)}); the top comment of "
               "kernel/tests/user/syscall_fuzz.c says how to replay a round")
    assert result.outcome == "success", f"{stopped}\n{result.describe()}"
    assert_passed(result, "syscall_fuzz")
    summary = re.search(r"^syscall_fuzz: (\d+) rounds, (\d+) calls, the kernel survived and every "
                        r"frame came back$", serial, re.MULTILINE)
    assert summary, result.describe()
    assert [(number, seed) for number, seed, _ in done] == [(n, n) for n in range(rounds)]
    assert int(summary.group(1)) == rounds
    calls = [count for _, _, count in done]
    assert sum(calls) == int(summary.group(2))
    assert min(calls) >= 100, f"a round made too few calls to mean much: {calls}"


def test_syscall_fuzz_the_kernel_survives_and_every_frame_comes_back(boot, build):
    result = run_program(boot, build, "syscall_fuzz", insn_budget=400_000_000,
                         output_limit=16 * 1024 * 1024)
    check_fuzz_run(result, 24)


def test_syscall_fuzz_runs_300_rounds_with_tracing_compiled_out(build, tmp_path):
    # The trace port takes most of the wall time above; without it, 300 rounds take less.
    bench = build / "bench"
    program = bench / "user-tests" / "syscall_fuzz.elf"
    assert program.exists(), "make test builds build/bench with TRACE=0"
    result = run_qemu(bench / "kernel.elf", [program], cmdline="root=syscall_fuzz fuzz_rounds=300",
                      insn_budget=1_000_000_000, workdir=tmp_path / "qemu")
    check_fuzz_run(result, 300)


def test_user_faults_stop_only_the_faulting_thread(boot, build):
    result = run_program(boot, build, "user_fault")
    assert_passed(result, "user_fault")
    faults = FAULT_LINE.findall(result.serial)
    assert [f[2] for f in faults] == ["#PF", "#DE", "#UD", "#PF", "#GP", "#GP", "#GP"], \
        result.describe()
    assert all(f[0] == "user_fault" for f in faults)
    assert len({f[1] for f in faults}) == 7, "seven different threads faulted"
    assert faults[0][4] == "00000000" and faults[3][4] == "c0100000"
    last_fault = result.serial.rindex("orrery: user fault:")
    assert last_fault < result.serial.index("user_fault: still alive")


def test_bench_null_syscall_prints_its_figures(boot, build):
    result = run_program(boot, build, "bench_null_syscall", output_limit=16 * 1024 * 1024)
    assert_passed(result, "bench_null_syscall")
    figures = dict(re.findall(r"^bench: (\w+) (\d+) instructions\s*$", result.serial, re.MULTILINE))
    assert set(figures) == {"null_syscall", "yield_self"}, result.describe()
    assert all(int(value) > 0 for value in figures.values())


def test_bench_boot_reports_the_boot_and_it_grows_with_ram(boot, build):
    """The kernel measures its own boot (DEBUG_INFO_BOOT_TSC): a positive count of
    instructions, larger with more RAM to map and to free (but not 8 times larger for 8
    times the RAM: most of the boot does not depend on it)."""
    costs = {}
    for memory_mb in (32, 256):
        result = run_program(boot, build, "bench_boot", memory_mb=memory_mb)
        assert_passed(result, "bench_boot")
        figures = re.findall(r"^bench: kernel_boot (\d+) instructions\s*$", result.serial, re.MULTILINE)
        assert len(figures) == 1, result.describe()
        costs[memory_mb] = int(figures[0])
    assert 0 < costs[32] < costs[256] < 8 * costs[32], costs


def test_every_user_program_states_its_expectation_and_is_run_here():
    # Where programs are run: the kernel's tests, and the labs' graders (Lab 4's disk
    # program, Lab 6's file-system client).
    runners = sorted((REPO / "kernel" / "tests").glob("test_*.py")) + sorted(REPO.glob("labs/lab*/*.py"))
    source = "".join(path.read_text() for path in runners)
    for program in sorted(USER_TESTS.glob("*.c")):
        text = program.read_text()
        header = text[: text.index("*/")]
        assert "Expected" in header, f"{program.name}: say what is expected in its top comment"
        assert f'"{program.stem}"' in source, \
            f"{program.name} is not run by any kernel/tests/test_*.py or labs/labN/*.py"


def test_teardown_of_hostile_graphs_is_bounded_and_complete(boot, build):
    # Chains, towers and fault chains are destroyed in bounded kernel stack; a teardown
    # run by a thread that is itself destroyed finishes, and that thread never runs again.
    result = run_program(boot, build, "teardown_graphs", insn_budget=4_000_000_000)
    assert_passed(result, "teardown_graphs")
    lines = program_lines(result, "teardown_graphs")
    for graph in ("chain", "tower", "fault chain"):
        assert any(line.startswith(f"{graph}: kernel stack peak") for line in lines), result.describe()
    assert "every graph was destroyed completely" in lines, result.describe()


def test_delete_and_revoke_cost_what_they_delete_with_interrupts_let_in(boot, build):
    # cap_delete costs the same among 300 tasks as alone; cap_revoke of ~17,700 copies is
    # linear; timer ticks are taken during a long revoke and a long teardown.
    # About 18,000 capabilities made and removed, a record each: allow more than the 120 s
    # safety net on a shared machine.
    result = run_program(boot, build, "cap_revoke_scale", insn_budget=4_000_000_000, wall_timeout=300.0)
    assert_passed(result, "cap_revoke_scale")
    lines = program_lines(result, "cap_revoke_scale")
    revoke = next(line for line in lines if line.startswith("cap_revoke of"))
    ticks = int(re.search(r"(\d+) timer ticks", revoke).group(1))
    instructions = int(re.search(r": (\d+) instructions", revoke).group(1))
    assert ticks >= instructions // 1_000_000 - 2, revoke
    assert "everything came back" in lines, result.describe()


def test_kernel_memory_is_charged_by_the_slabs_objects_hold(boot, build):
    # One endpoint kept in each of many slabs costs a frame of quota each, not 40 bytes.
    result = run_program(boot, build, "kmem_charge_held")
    assert_passed(result, "kmem_charge_held")
    held = re.search(r"(\d+) frames held, (\d+) quota bytes charged", result.serial)
    assert held and int(held.group(1)) >= 10, result.describe()
    assert int(held.group(2)) >= int(held.group(1)) * header_value("types.h", "PAGE_SIZE"), \
        result.describe()


def test_capability_spaces_grow_and_thousands_of_threads_fit(boot, build):
    result = run_program(boot, build, "cspace_grow", insn_budget=4_000_000_000)
    assert_passed(result, "cspace_grow")
    lines = program_lines(result, "cspace_grow")
    threads = re.search(r"cspace_grow: (\d+) threads exist at once, the last capability in slot (\d+)",
                        result.serial)
    assert threads and int(threads.group(1)) == 1500 and int(threads.group(2)) >= 1500, result.describe()
    assert "everything came back" in lines, result.describe()
