"""Real GDB against real QEMU: kernel symbols load, breakpoints hit, Orrery commands work."""

import ast
import re
import shutil
import socket
import subprocess

from grading.harness.qemu import REPO
from orrery_trace.kernel_headers import header_value  # viz/, on the path through grading.harness.qemu


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gdb_session(kernel, module, append, commands):
    """Start QEMU halted with *kernel* and *module*, run GDB *commands* against it (kernel
    symbols and Orrery's commands loaded); return GDB's output."""
    port = _free_port()
    qemu = subprocess.Popen(
        ["qemu-system-i386", "-m", "32", "-display", "none", "-nodefaults", "-no-reboot",
         "-icount", "shift=0,sleep=off", "-S", "-gdb", f"tcp:127.0.0.1:{port}",
         "-kernel", str(kernel), "-initrd", str(module), "-append", append],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    arguments = ["gdb", "-q", "-batch", "-nx", "-ex", "set confirm off", "-ex", f"file {kernel}",
                 "-x", "kernel/gdb/orrery.gdb", "-ex", f"target remote 127.0.0.1:{port}"]
    for command in [*commands, "kill"]:
        arguments += ["-ex", command]
    try:
        gdb = subprocess.run(arguments, cwd=REPO, capture_output=True, text=True, timeout=120)
    finally:
        qemu.kill()
        qemu.wait()
    return gdb.stdout + gdb.stderr


def test_gdb_breaks_in_the_kernel_and_runs_orrery_commands(image):
    kernel, modules = image
    out = _gdb_session(kernel, modules[0], "", [
        "break pit_init", "continue", "bt", "orrery-frames", "orrery-boot", "orrery-trace",
        "delete", "break syscall_debug_write", "continue", "orrery-tasks"])
    assert "Breakpoint 1, pit_init" in out, out
    assert " in kmain " in out, out
    assert "frames: " in out and " usable, " in out, out
    covered, kib = map(int, re.search(r"bitmap covers (\d+) frames = (\d+) KiB", out).groups())
    assert kib == covered * header_value("types.h", "PAGE_SIZE") // 1024, out
    assert "module 0: roottask" in out, out
    assert "trace ring:" in out, out
    # One id space for every kernel object (object.h): the root task is the first object
    # made (1), its thread the second (2).
    assert "task 1 roottask: quota " in out, out
    assert "* thread 2 running priority 10" in out, out


def test_orrery_frames_takes_the_page_size_from_the_build(image, tmp_path):
    # A kernel whose build said PAGE_SIZE is 8 KiB: the command must believe the build's
    # orrery_constants.py beside the ELF, not a page size of its own.
    kernel, modules = image
    shutil.copy(kernel, tmp_path / "kernel.elf")
    (tmp_path / "gdb").mkdir()
    (tmp_path / "gdb" / "orrery_constants.py").write_text('EXPRESSIONS = {"PAGE_SIZE": "8192u"}\n')
    out = _gdb_session(tmp_path / "kernel.elf", modules[0], "", ["break pit_init", "continue",
                                                                 "orrery-frames"])
    covered, kib = map(int, re.search(r"bitmap covers (\d+) frames = (\d+) KiB", out).groups())
    assert covered > 0 and kib == covered * 8, out


def test_orrery_frames_without_the_built_constants_says_what_to_do(image, tmp_path):
    kernel, modules = image
    shutil.copy(kernel, tmp_path / "kernel.elf")
    out = _gdb_session(tmp_path / "kernel.elf", modules[0], "", ["break pit_init", "continue",
                                                                 "orrery-frames"])
    assert "orrery_constants.py is missing: `make` builds it" in out, out


def test_the_gdb_commands_copy_no_kernel_constant():
    # Numbers a command may write itself: 0 and 1, 8 bits a byte, 1024 bytes a KiB. Anything
    # else is a kernel constant, to be read from the build (orrery_constants.py.in).
    tree = ast.parse((REPO / "kernel" / "gdb" / "orrery_commands.py").read_text())
    literals = {node.value for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and type(node.value) is int}
    assert literals <= {0, 1, 8, 1024}, sorted(literals)



def test_orrery_tasks_shows_what_threads_wait_for_in_ipc(image, build):
    # ipc_many_clients: when the server thread first calls recv, its three clients are
    # blocked in call on the endpoint, queued in the order they came.
    kernel, _ = image
    out = _gdb_session(kernel, build / "user-tests" / "ipc_many_clients.elf", "root=ipc_many_clients",
                       ["break syscall_recv", "continue", "orrery-tasks"])
    assert "Breakpoint 1, syscall_recv" in out, out
    waiting = re.findall(r"thread (\d+) blocked_send priority \d+ on endpoint (\d+)", out)
    assert len(waiting) == 3, out
    assert len({endpoint for _, endpoint in waiting}) == 1, "all three on the same endpoint"
    assert re.search(r"\* thread \d+ running priority \d+", out), out
