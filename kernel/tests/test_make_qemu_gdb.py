"""`make qemu-gdb` and `make run` end with status 0 when the kernel halts with success.

The kernel's success halt makes QEMU exit with status 33 (isa-debug-exit, see
docs/test-protocol.md); make must not report that as "Error 33", and must still fail on any other status.
"""

import os
import signal
import socket
import subprocess
import time

from grading.harness.qemu import REPO, build_dir


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_qemu_gdb_with_gdb(tree, build, cmdline="exit", timeout=180):
    """Run `make qemu-gdb` in *tree* (kernel command line *cmdline*), let GDB attach and
    continue until QEMU stops; return make's CompletedProcess-like (returncode, output)."""
    port = _free_port()
    make = subprocess.Popen(["make", "--no-print-directory", "qemu-gdb", f"BUILD={build}",
                             f"GDB_PORT={port}", f"CMDLINE={cmdline}"], cwd=tree,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and make.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        # QEMU's GDB stub takes one client; the probe above has gone, so GDB gets it.
        gdb = subprocess.run(["gdb", "-q", "-batch", "-nx", "-ex", f"file {build}/kernel.elf",
                              "-ex", f"target remote 127.0.0.1:{port}", "-ex", "continue"],
                             cwd=tree, capture_output=True, text=True, timeout=timeout)
        out, _ = make.communicate(timeout=timeout)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
    return make.returncode, out + gdb.stdout + gdb.stderr


def test_make_qemu_gdb_exits_0_after_the_kernel_halts_with_success():
    status, out = make_qemu_gdb_with_gdb(REPO, build_dir())
    assert "orrery: halting: success" in out, out
    assert "Error 33" not in out and status == 0, out


def test_make_qemu_gdb_still_fails_when_the_kernel_does():
    # A boot with a root task that does not exist is a boot error (QEMU status 39).
    status, out = make_qemu_gdb_with_gdb(REPO, build_dir(), cmdline="exit root=no_such_task")
    assert "BOOT ERROR" in out, out
    assert status != 0 and "Error 39" in out, out
