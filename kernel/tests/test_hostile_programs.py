"""Hostile programs that attack the CPU's own protection, not the system calls: the LDT and
its gates, page 0, the FPU state, FPU exceptions and IRQ 13, and what user mode can read of
the kernel's tables. Each program is booted as the root task, in QEMU and in Bochs (from a
GRUB ISO, as test_bochs_boot.py does), and judged the same way on both;
kernel/tests/user/NAME.c says what it does and expects. docs/hostile-programs.md lists every
attack class and the test that covers it."""

import re
import subprocess
from dataclasses import dataclass

import pytest

from grading.harness.bochs import run_bochs
from grading.harness.iso import build_iso
from grading.harness.qemu import decode_stream
from kernel.tests.test_user_programs import FAULT_LINE, run_program

EMULATORS = ["qemu", "bochs"]


@dataclass
class Run:
    """What the checks need of one run, on either emulator."""
    emulator: str
    passed: bool    # the program ended the run with the success status
    serial: str
    records: list   # the decoded trace
    describe: str   # for assertion messages

    def lines(self, name):
        """The lines the program printed, without its "NAME: " prefix."""
        prefix = f"{name}: "
        return [line[len(prefix):] for line in self.serial.splitlines() if line.startswith(prefix)]


@pytest.fixture
def run(boot, build, image, tmp_path, request):
    """run(NAME): boot kernel/tests/user/NAME.c as the root task on the emulator of the test."""
    def start(name):
        if request.node.callspec.params["emulator"] == "qemu":
            result = run_program(boot, build, name)
            return Run("qemu", result.outcome == "success" and result.panic is None,
                       result.serial.replace("\r", ""), result.trace, result.describe())
        kernel, _ = image
        iso = tmp_path / f"{name}.iso"
        build_iso(kernel, [build / "user-tests" / f"{name}.elf"], f"root={name}", iso)
        result = run_bochs(iso, memory_mb=64, timeout_s=120, workdir=tmp_path / "bochs")
        serial = result.serial.replace("\r", "")
        passed = result.shutdown and not result.timed_out and "orrery: halting: success" in serial
        return Run("bochs", passed, serial, decode_stream(result.debugcon).records,
                   f"bochs run, last serial lines:\n{serial[-3000:]}")
    return start


def assert_passed(result, name):
    assert result.passed, result.describe
    assert f"{name}: FAIL" not in result.serial, result.describe


@pytest.mark.parametrize("emulator", EMULATORS)
def test_ldt_call_gate_no_selector_reaches_the_ldt(run, emulator):
    result = run("ldt_call_gate")
    assert_passed(result, "ldt_call_gate")
    lines = result.lines("ldt_call_gate")
    attacks = [line for line in lines if line.endswith(": #GP at the expected instruction")]
    assert len(attacks) == 11, result.describe
    assert "iret with EFLAGS.NT set (a task return): #TS at the expected instruction" in lines
    assert "all 12 attacks faulted, no code ran at CPL 0" in lines
    stopped = re.findall(r"orrery: user fault: task \S+ thread \d+: stopped by its fault handler",
                         result.serial)
    assert len(stopped) == 12, result.describe


@pytest.mark.parametrize("emulator", EMULATORS)
def test_page_zero_is_never_mapped(run, emulator):
    result = run("page_zero")
    assert_passed(result, "page_zero")
    lines = result.lines("page_zero")
    for line in ["task_map_anon refuses page 0 and maps page 1",
                 "task_map_anon refuses page 0 in another task too",
                 "frame_map refuses page 0 and maps page 2",
                 "a read of address 0 faults: #PF at 0x0",
                 "a write to address 0 faults: #PF at 0x0",
                 "a read of address 0xffc faults: #PF at 0xffc",
                 "page 0 stays unmapped, NULL faults"]:
        assert line in lines, result.describe


@pytest.mark.parametrize("emulator", EMULATORS)
def test_fpu_isolation_every_thread_has_its_own_clean_fpu(run, emulator):
    result = run("fpu_isolation")
    assert_passed(result, "fpu_isolation")
    lines = result.lines("fpu_isolation")
    assert "sse: yes" in lines, f"{emulator}'s CPU has SSE: the test must cover it\n{result.describe}"
    for line in ["a thread of another task sees a clean FPU",
                 "a thread of another task, after the child's SSE work, sees a clean FPU",
                 "a new thread of the same task sees a clean FPU",
                 "the root's own FPU is as it left it",
                 "the child's FPU is as it left it",
                 "every thread had its own FPU registers"]:
        assert line in lines, result.describe


@pytest.mark.parametrize("emulator", EMULATORS)
def test_fpu_exception_is_a_fault_of_the_thread_never_irq_13(run, emulator):
    result = run("fpu_exception")
    assert_passed(result, "fpu_exception")
    lines = result.lines("fpu_exception")
    assert "sse: yes" in lines, f"{emulator}'s CPU has SSE: the test must cover it\n{result.describe}"
    for line in ["irq_handler_create of IRQ 13: ERR_INVALID",
                 "a new thread sees a clean FPU: nothing pending",
                 "it was stopped",
                 "every FPU error was a fault of its own thread"]:
        assert line in lines, result.describe
    faults = [line for line in lines if "at the expected instruction, badge" in line]
    assert any(line.startswith("an unmasked x87 division by zero: vector 16") for line in faults)
    sse_fault = any(line.startswith("an unmasked SSE division by zero: vector 19") for line in faults)
    if emulator == "bochs":  # QEMU 7.2 sets MXCSR's flag but never raises #XM
        assert sse_fault, result.describe
    else:
        assert sse_fault or any(line.startswith("an unmasked SSE division by zero: no #XM from this "
                                                "CPU model, ZE set") for line in lines)
    # The thread without a fault handler: the kernel's report names #MF at its fwait.
    fwait = re.search(r"its fwait at eip 0x([0-9a-f]{8})", result.serial).group(1)
    reports = [m.groups() for m in FAULT_LINE.finditer(result.serial)]
    assert [(task, vector, eip) for task, _, vector, eip, _ in reports] == \
        [("fpu_exception", "#MF", fwait)], result.describe
    # FERR# never became IRQ 13.
    assert not [r for r in result.records if r["type"] == "irq_raised" and r["irq"] == 13]


def kernel_symbol(kernel, name):
    """The address of a kernel symbol, from nm."""
    found = re.search(rf"^([0-9a-f]{{8}}) \w {name}$",
                      subprocess.run(["nm", str(kernel)], capture_output=True, text=True,
                                     check=True).stdout, re.MULTILINE)
    return int(found.group(1), 16)


@pytest.mark.parametrize("emulator", EMULATORS)
def test_cpu_disclosure_user_mode_sees_what_the_docs_say(run, image, emulator):
    result = run("cpu_disclosure")
    assert_passed(result, "cpu_disclosure")
    lines = result.lines("cpu_disclosure")
    kernel, _ = image
    assert f"gdt base {kernel_symbol(kernel, 'gdt'):#010x} limit 55" in lines, result.describe
    assert f"idt base {kernel_symbol(kernel, 'idt'):#010x} limit 2047" in lines, result.describe
    assert "str 0x28 sldt 0x0" in lines
    assert any(re.fullmatch(r"smsw 0x\w+ 0x\w+ 0x\w+: PE MP NE, TS set/clear/set", line)
               for line in lines), result.describe
    assert "a data page and the stack are executable" in lines
    assert "all as documented" in lines


def test_fpu_quota_the_state_is_charged_and_given_back(boot, build):
    result = run_program(boot, build, "fpu_quota")
    assert result.outcome == "success" and "fpu_quota: FAIL" not in result.serial, result.describe()
    lines = [line[len("fpu_quota: "):] for line in result.serial.replace("\r", "").splitlines()
             if line.startswith("fpu_quota: ")]
    assert lines == ["the FPU state costs a 4096-byte slab while the thread lives, nothing after",
                     "with 100 bytes of quota left, fninit faults: #NM at the fninit",
                     "with the quota back, fninit works"], result.describe()


# A CPU without FXSAVE and SSE (QEMU can take the features away): the kernel switches the
# x87 state with FNSAVE/FRSTOR instead, and the same programs must pass.
NO_FXSR_CPU = ["-cpu", "qemu32,-fxsr,-sse,-sse2,-sse3"]


@pytest.mark.parametrize("name", ["fpu_isolation", "fpu_exception", "fpu_quota"])
def test_fpu_without_fxsr_falls_back_to_fnsave(boot, build, name):
    result = run_program(boot, build, name, extra_args=NO_FXSR_CPU)
    assert result.outcome == "success" and f"{name}: FAIL" not in result.serial, result.describe()
    if name != "fpu_quota":
        assert f"{name}: sse: no" in result.serial.replace("\r", ""), result.describe()
