"""Hostile programs that attack the CPU's own protection, not the system calls: the LDT and
its gates, page 0, the FPU state, FPU exceptions and IRQ 13, and what user mode can read of
the kernel's tables. Each program is booted as the root task (kernel/tests/user/NAME.c says
what it does and expects); the Bochs runs of the same programs are in test_bochs_boot.py.
docs/hostile-programs.md lists every attack class and the test that covers it."""

import re

from kernel.tests.test_user_programs import FAULT_LINE, assert_passed, program_lines, run_program


def test_ldt_call_gate_no_selector_reaches_the_ldt(boot, build):
    result = run_program(boot, build, "ldt_call_gate")
    assert_passed(result, "ldt_call_gate")
    lines = program_lines(result, "ldt_call_gate")
    attacks = [line for line in lines if line.endswith(": #GP at the expected instruction")]
    assert len(attacks) == 11, result.describe()
    assert "all 11 attacks faulted, no code ran at CPL 0" in lines
    stopped = re.findall(r"orrery: user fault: task \S+ thread \d+: stopped by its fault handler",
                         result.serial)
    assert len(stopped) == 11, result.describe()


def test_page_zero_is_never_mapped(boot, build):
    result = run_program(boot, build, "page_zero")
    assert_passed(result, "page_zero")
    lines = program_lines(result, "page_zero")
    for line in ["task_map_anon refuses page 0 and maps page 1",
                 "task_map_anon refuses page 0 in another task too",
                 "frame_map refuses page 0 and maps page 2",
                 "a read of address 0 faults: #PF at 0x0",
                 "a write to address 0 faults: #PF at 0x0",
                 "a read of address 0xffc faults: #PF at 0xffc",
                 "page 0 stays unmapped, NULL faults"]:
        assert line in lines, result.describe()


def test_fpu_isolation_every_thread_has_its_own_clean_fpu(boot, build):
    result = run_program(boot, build, "fpu_isolation")
    assert_passed(result, "fpu_isolation")
    lines = program_lines(result, "fpu_isolation")
    assert "sse: yes" in lines, "QEMU's CPU has SSE: the test must cover it\n" + result.describe()
    for line in ["a thread of another task sees a clean FPU",
                 "a new thread of the same task sees a clean FPU",
                 "the root's own FPU is as it left it",
                 "the child's FPU is as it left it",
                 "every thread had its own FPU registers"]:
        assert line in lines, result.describe()
