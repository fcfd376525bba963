"""The whole system in Bochs: the GRUB ISO of what `make run` boots (init, the manifest,
every server and utility) comes up to the shell's prompt and answers a command there, as
in QEMU. init runs servers/bin/sysbench.c in place of the shell (`run=sysbench`): it starts
the shell on pipes, waits for its first prompt, types `hello` and prints the answer."""

from grading.harness.bochs import run_bochs
from grading.harness.iso import build_iso
from grading.harness.shell_session import system_modules


def test_bochs_boots_the_system_to_the_prompt_and_runs_a_command(build, tmp_path):
    iso = tmp_path / "system.iso"
    build_iso(build / "kernel.elf", system_modules(build), "root=init run=sysbench", iso)
    result = run_bochs(iso, memory_mb=32, timeout_s=300, workdir=tmp_path / "bochs")
    serial = result.serial.replace("\r", "")
    assert result.shutdown and not result.timed_out, serial[-3000:]
    assert "memory map (from GRUB" in serial, serial[-3000:]
    for server in ("nameserver", "mm", "pm", "console", "timer", "pipe"):
        assert f"init: {server} is up" in serial, serial[-3000:]
    assert "bench: boot_to_prompt " in serial, serial[-3000:]
    assert "sysbench: shell: hello from process " in serial, serial[-3000:]
    assert "sysbench: done" in serial and "orrery: halting: success" in serial, serial[-3000:]
