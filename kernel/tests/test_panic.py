"""Deliberate kernel bugs: the harness must report a complete, symbolized panic."""

import re


def test_null_write_panics_with_symbolized_backtrace(boot):
    result = boot("test=panic_null_write")
    assert result.outcome == "panic", result.describe()
    report = result.panic
    assert report.complete
    assert report.message == "#PF page fault in kernel mode"
    assert report.exception.startswith("vector 14 (#PF page fault)")
    assert "write, supervisor, not present" in report.exception
    assert report.fault_address == 0
    assert report.functions()[:4] == ["write_through_null", "ktest_panic_null_write", "ktest_run", "kmain"]
    assert report.backtrace[0].address == report.registers["eip"]
    assert "ktest_panic_null_write" in result.describe()


def test_divide_error_panics(boot):
    result = boot("test=panic_divide_error")
    assert result.outcome == "panic", result.describe()
    assert result.panic.exception.startswith("vector 0 (#DE divide error)")
    assert result.panic.functions()[:2] == ["divide", "ktest_panic_divide_error"]
    assert result.panic.fault_address is None


def test_failed_assertion_names_condition_and_place(boot):
    result = boot("test=panic_assertion")
    assert result.outcome == "panic", result.describe()
    assert re.fullmatch(r"assertion failed: 1 \+ 1 == 3 \(kernel/ktest/test_faults.c:\d+\)", result.panic.message)
    assert result.panic.exception is None
    assert result.panic.functions()[0] == "ktest_panic_assertion"


def test_kernel_stack_overflow_panics_through_the_double_fault_task(boot):
    # The ktest moves ESP to an unmapped page and pushes: the page fault cannot be delivered
    # on that stack, so the CPU raises a double fault. Without a double-fault task with its
    # own stack, that fails too and the machine resets silently (outcome emulator_error).
    result = boot("test=panic_kernel_stack_overflow")
    assert result.outcome == "panic", result.describe()
    report = result.panic
    assert report.complete, result.describe()
    assert report.message == "#DF double fault in kernel mode"
    assert report.exception.startswith("vector 8 (#DF double fault)")
    assert "kernel stack pointer looks bad (overflow?)" in report.text
    # cr2 is the address the CPU failed to push to: just below the bad stack pointer.
    assert report.fault_address == report.registers["esp"] - 4
    assert report.functions()[:3] == ["ktest_panic_kernel_stack_overflow", "ktest_run", "kmain"]
    assert report.backtrace[0].address == report.registers["eip"]


def test_exception_is_traced_before_the_panic(boot):
    result = boot("test=panic_null_write")
    exceptions = result.records("exception")
    assert exceptions and exceptions[-1]["vector"] == 14 and exceptions[-1]["cr2"] == 0
    assert exceptions[-1]["eip"] == result.panic.registers["eip"]


def test_kernel_stack_guard_page_names_the_thread(boot):
    # A kernel stack that overflows runs into its unmapped guard page at once: the double
    # fault's report says whose stack it was (before, a canary caught it only at the next
    # tick, after the overflow had overwritten the memory below the stack).
    result = boot("test=panic_kernel_stack_guard")
    assert result.outcome == "panic", result.describe()
    for check in ("the stack page is mapped", "the page below it is not",
                  "it is known as that thread's guard"):
        assert re.search(rf"ktest: check \d+ ok: {check}", result.serial), result.describe()
    report = result.panic
    assert report.message == "#DF double fault in kernel mode", result.describe()
    assert re.search(r"kernel stack overflow: thread 4242 \(task none\) ran off the bottom of its "
                     r"4096-byte kernel stack into the guard page below it", report.text), report.text
    assert report.functions()[0] == "recurse", report.text
