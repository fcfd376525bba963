"""Real GDB against real QEMU: kernel symbols load, breakpoints hit, Orrery commands work."""

import socket
import subprocess

from grading.harness.qemu import REPO


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gdb_breaks_in_the_kernel_and_runs_orrery_commands(image):
    kernel, modules = image
    port = _free_port()
    qemu = subprocess.Popen(
        ["qemu-system-i386", "-m", "32", "-display", "none", "-nodefaults", "-no-reboot",
         "-icount", "shift=0,sleep=off", "-S", "-gdb", f"tcp:127.0.0.1:{port}",
         "-kernel", str(kernel), "-initrd", str(modules[0]), "-append", ""],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        gdb = subprocess.run(
            ["gdb", "-q", "-batch", "-nx", "-ex", "set confirm off", "-ex", f"file {kernel}",
             "-x", "kernel/gdb/orrery.gdb", "-ex", f"target remote 127.0.0.1:{port}",
             "-ex", "break pit_init", "-ex", "continue", "-ex", "bt",
             "-ex", "orrery-frames", "-ex", "orrery-boot", "-ex", "orrery-trace",
             "-ex", "delete", "-ex", "break sys_debug_write", "-ex", "continue", "-ex", "orrery-tasks",
             "-ex", "kill"],
            cwd=REPO, capture_output=True, text=True, timeout=120)
    finally:
        qemu.kill()
        qemu.wait()
    out = gdb.stdout + gdb.stderr
    assert "Breakpoint 1, pit_init" in out, out
    assert " in kmain " in out, out
    assert "frames: " in out and " usable, " in out, out
    assert "module 0: roottask" in out, out
    assert "trace ring:" in out, out
    assert "task 1 roottask: quota " in out, out
    assert "* thread 1 running priority 10" in out, out
