"""The very same kernel ELF, booted by GRUB from an ISO in Bochs."""

import hashlib

import pytest

from grading.harness.bochs import run_bochs
from grading.harness.iso import build_iso
from grading.harness.qemu import decode_stream


def test_bochs_boots_the_same_kernel_elf_from_a_grub_iso(image, tmp_path):
    kernel, modules = image
    digest = hashlib.sha256(kernel.read_bytes()).hexdigest()
    iso = tmp_path / "orrery.iso"
    build_iso(kernel, modules, "exit", iso)
    assert hashlib.sha256(kernel.read_bytes()).hexdigest() == digest

    result = run_bochs(iso, memory_mb=64, timeout_s=120, workdir=tmp_path / "bochs")
    assert not result.timed_out, result.serial + result.stderr
    assert result.shutdown, result.serial
    serial = result.serial.replace("\r", "")
    assert "Orrery microkernel (i386)" in serial
    assert "memory map (from GRUB" in serial
    assert "roottask" in serial and "boot modules: 1" in serial
    assert "orrery: boot complete" in serial
    assert "orrery: halting: success" in serial

    # The trace survives Bochs's own output on the same port.
    trace = decode_stream(result.debugcon, strict=True).records
    phases = [r["phase"] for r in trace if r["type"] == "boot_phase"]
    assert phases[0] == "entered_kmain" and phases[-1] == "boot_complete"


def test_bochs_reports_a_panic_like_qemu(image, tmp_path):
    kernel, modules = image
    iso = tmp_path / "panic.iso"
    build_iso(kernel, modules, "test=panic_null_write", iso)
    result = run_bochs(iso, memory_mb=64, timeout_s=120, workdir=tmp_path / "bochs")
    assert result.shutdown and not result.timed_out
    from grading.harness.panic_report import parse_panic
    report = parse_panic(result.serial)
    assert report and report.complete, result.serial
    assert report.functions()[:2] == ["write_through_null", "ktest_panic_null_write"]


# User programs whose mechanisms lean on the CPU model: IPC and context switches, the
# page-fault path to a user pager, the TSS I/O bitmap and the RTC's interrupt, the entry
# path's segment loads and cld.
BOCHS_PROGRAMS = ["ipc_pingpong", "pager_demand_zero", "driver_rtc_irq", "hostile_registers"]


@pytest.mark.parametrize("name", BOCHS_PROGRAMS)
def test_bochs_runs_user_programs_like_qemu(image, build, tmp_path, name):
    kernel, _ = image
    iso = tmp_path / f"{name}.iso"
    build_iso(kernel, [build / "user-tests" / f"{name}.elf"], f"root={name}", iso)
    result = run_bochs(iso, memory_mb=64, timeout_s=120, workdir=tmp_path / "bochs")
    serial = result.serial.replace("\r", "")
    assert result.shutdown and not result.timed_out, serial[-3000:]
    assert "orrery: halting: success" in serial, serial[-3000:]
    assert f"{name}: FAIL" not in serial


def test_bochs_reports_a_double_fault_through_its_task_gate(image, tmp_path):
    kernel, modules = image
    iso = tmp_path / "double_fault.iso"
    build_iso(kernel, modules, "test=panic_kernel_stack_overflow", iso)
    result = run_bochs(iso, memory_mb=64, timeout_s=120, workdir=tmp_path / "bochs")
    assert result.shutdown and not result.timed_out, result.serial[-3000:]
    from grading.harness.panic_report import parse_panic
    report = parse_panic(result.serial)
    assert report and report.complete, result.serial[-3000:]
    assert "double fault" in report.message, report.message
    assert report.functions()[0] == "ktest_panic_kernel_stack_overflow"
