"""The shell and the file utilities on a disk: the whole system booted with a fresh copy of
build/disk.img (grading/harness/disk.py), driven over the serial console, every answer
checked against the host's own reading of the image (debugfs, e2fsprogs' tool that never
runs our code), and every write judged after QEMU is gone: debugfs reads the copy back and
``e2fsck -fn`` must find it clean.

What it covers: ls -l against the directory as debugfs lists it; cat, wc, grep and head of
the disk's files against python's reading of the same bytes; `>`, `>>`, `<`, cp, mv, rm,
mkdir, rmdir and touch seen from outside; cd, pwd and relative paths in utilities; errors
that name the path and set $?; a program that exists only on the disk (written into the
copy by debugfs, not a boot module) runs from /bin; and the spawn_from_disk benchmark.

Every test here needs the file server: without an `fs` line in the boot manifest they are
skipped, saying so (the system then has no file system to test).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from grading.harness import disk as disk_harness
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import ShellSession, system_modules

MANIFEST = REPO / "servers" / "init" / "manifest.txt"
#: The budget of spawn_from_disk (issue 11), in guest instructions.
SPAWN_FROM_DISK_BUDGET = 1_000_000
#: A program that is not a boot module: debugfs writes build/bin/echo.elf under this name
#: into the disk copy's /bin, so only the disk can give it.
DISK_ONLY_PROGRAM = "diskecho"


def _manifest_has_fs() -> bool:
    for line in MANIFEST.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if words and words[0] == "fs":
            return True
    return False


pytestmark = pytest.mark.skipif(not _manifest_has_fs(),
                                reason="no `fs` service in servers/init/manifest.txt: no file server to test")


def _tool(name: str) -> str:
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/sbin/{name}") if Path(p).exists()), None)
    if not found:
        pytest.fail(f"{name} (Debian's e2fsprogs) is not installed: grading/ensure-deps.sh installs it")
    return found


def debugfs(image: Path, request: str, write: bool = False) -> bytes:
    """What debugfs prints for *request* on *image* (stdout; its banner goes to stderr)."""
    command = [_tool("debugfs")] + (["-w"] if write else []) + ["-R", request, str(image)]
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 0, f"debugfs -R {request!r} failed: {done.stderr.decode(errors='replace')}"
    return done.stdout


def debugfs_exists(image: Path, path: str) -> bool:
    done = subprocess.run([_tool("debugfs"), "-R", f"stat {path}", str(image)], capture_output=True, timeout=60)
    return b"not found" not in done.stderr and b"not found" not in done.stdout


def listing(image: Path, directory: str) -> dict[str, tuple[int, int, str]]:
    """{name: (inode, mode, size or '')} of *directory* as debugfs's `ls -p` gives it."""
    entries = {}
    for line in debugfs(image, f"ls -p {directory}").decode().splitlines():
        fields = line.strip().split("/")
        if len(fields) >= 7:
            entries[fields[5]] = (int(fields[1]), int(fields[2], 8), fields[6])
    return entries


def e2fsck_clean(image: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_tool("e2fsck"), "-fn", str(image)], capture_output=True, text=True, timeout=120)


def mode_text(mode: int) -> str:
    kind = {0o040000: "d", 0o100000: "-", 0o120000: "l"}.get(mode & 0o170000, "?")
    return kind + "".join(letter if mode & (0o400 >> i) else "-" for i, letter in enumerate("rwxrwxrwx"))


def lines(output: str) -> list[str]:
    return [line.rstrip() for line in output.replace("\r", "").splitlines() if line.strip()]


# ---- the session ------------------------------------------------------------------------

_state: dict = {}


def _disk_image(build: Path) -> Path:
    image = build / "disk.img"
    if not image.exists():
        pytest.fail(f"{image} is missing: run `make` (it builds the disk image)")
    return image


@pytest.fixture(scope="module")
def disk(build):
    """The run's copy of the disk image, with the disk-only program written into /bin."""
    workdir = Path(tempfile.mkdtemp(prefix="orrery-files-"))
    copy = disk_harness.fresh_copy(_disk_image(build), workdir)
    debugfs(copy, f"write {build / 'bin' / 'echo.elf'} /bin/{DISK_ONLY_PROGRAM}", write=True)
    yield copy
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def shell(build, disk):
    """One boot with the disk copy attached, for every test of this module in order."""
    session = ShellSession(build, extra_args=disk_harness.qemu_drive_args(disk))
    yield session
    session.close()


def status(shell) -> int:
    out = lines(shell.run("echo $?"))
    assert out and out[-1].lstrip("-").isdigit(), f"echo $? printed {out}"
    return int(out[-1])


def host_file(disk: Path, path: str) -> bytes:
    return debugfs(disk, f"cat {path}")


# ---- reading -------------------------------------------------------------------------------

def test_ls_l_agrees_with_debugfs(shell, disk):
    out = lines(shell.run("ls -l /home/student"))
    seen = {}
    for line in out:
        match = re.match(r"^([-dl?][-rwx]{9})\s+(\d+)\s+(\d+)\s+(\d+)\s+(.+)$", line)
        assert match, f"ls -l printed a line it should not: {line!r} (all of it: {out})"
        seen[match.group(5)] = match.groups()
    expected = {name: entry for name, entry in listing(disk, "/home/student").items() if not name.startswith(".")}
    assert set(seen) == set(expected), f"ls -l /home/student: {sorted(seen)}, debugfs: {sorted(expected)}"
    for name, (inode, mode, size) in expected.items():
        text, links, our_size, our_inode, _ = seen[name]
        assert text == mode_text(mode), f"{name}: ls -l says {text}, the inode's mode is {oct(mode)}"
        assert int(our_inode) == inode, f"{name}: ls -l says inode {our_inode}, debugfs {inode}"
        if size:
            assert int(our_size) == int(size), f"{name}: ls -l says {our_size} bytes, debugfs {size}"


def test_ls_of_the_root_lists_bin_etc_home(shell):
    names = set(lines(shell.run("ls /")))
    assert {"bin", "etc", "home"} <= names, f"ls / printed {sorted(names)}"


def test_cat_gives_the_bytes_the_disk_holds(shell, disk):
    expected = host_file(disk, "/home/student/README").decode()
    out = shell.run("cat /home/student/README").replace("\r", "")
    assert out == expected, f"cat README printed {out!r}, the disk holds {expected!r}"


def test_wc_of_the_big_file(shell, disk):
    data = host_file(disk, "/home/student/big.txt")
    assert len(data) >= 1 << 20, "big.txt on the image is smaller than 1 MiB"
    out = lines(shell.run("wc /home/student/big.txt", timeout=300))
    assert out, "wc printed nothing"
    numbers = out[-1].split()
    counted = [str(data.count(b"\n")), str(len(data.split())), str(len(data))]
    assert numbers[:3] == counted, f"wc printed {out[-1]!r}; python counts {counted} (lines, words, bytes)"
    assert numbers[3] == "/home/student/big.txt"


def _c_source(disk: Path) -> str:
    names = [name for name in listing(disk, "/home/student") if name.endswith(".c")]
    assert names, "the image's /home/student has no .c file to grep"
    return f"/home/student/{names[0]}"


def test_grep_finds_the_lines_python_finds(shell, disk):
    source = _c_source(disk)
    text = host_file(disk, source).decode()
    for pattern in ("main", "return", "#include"):
        expected = [f"{n}:{line}".rstrip() for n, line in enumerate(text.split("\n"), 1) if pattern in line]
        out = lines(shell.run(f"grep -n '{pattern}' {source}"))
        assert out == expected, f"grep -n {pattern} {source}: {out}, python: {expected}"
    shell.run(f"grep no-such-text-anywhere {source}")
    assert status(shell) == 1, "grep without a match exits 1"


def test_head_gives_the_first_lines(shell, disk):
    text = host_file(disk, "/home/student/big.txt").decode()
    out = shell.run("head -n 3 /home/student/big.txt").replace("\r", "")
    assert out == "".join(line + "\n" for line in text.split("\n")[:3]), f"head -n 3 printed {out!r}"


def test_hexdump_and_df(shell, disk):
    data = host_file(disk, "/etc/motd")
    out = lines(shell.run("hexdump /etc/motd"))
    first = " ".join(f"{b:02x}" for b in data[:8])
    assert out and first in out[0], f"hexdump's first line {out[:1]} lacks {first}"
    assert out[-1] == f"{len(data):08x}", f"hexdump ends with {out[-1]!r}, the file has {len(data)} bytes"
    df = shell.run("df")
    assert "block size" in df and "inodes" in df, f"df printed {df!r}"


# ---- writing, judged from outside ------------------------------------------------------------

def test_writes_through_the_shell_and_the_utilities(shell, disk):
    commands = [] if debugfs_exists(disk, "/tmp") else ["mkdir /tmp"]
    commands += [
        "echo hi > /tmp/x",
        "echo first > /tmp/log", "echo second >> /tmp/log",
        "cp /home/student/README /tmp/copy",
        "echo moving > /tmp/before", "mv /tmp/before /tmp/after",
        "echo doomed > /tmp/doomed", "rm /tmp/doomed",
        "mkdir /tmp/dir", "touch /tmp/dir/empty",
        "mkdir /tmp/gone", "rmdir /tmp/gone",
        "cp /tmp/x /tmp/dir",
    ]
    for command in commands:
        out = shell.run(command)
        assert status(shell) == 0, f"`{command}` failed: {out!r}"
    assert lines(shell.run("cat < /tmp/log")) == ["first", "second"]
    assert lines(shell.run("wc < /tmp/x"))[-1].split() == ["1", "1", "3"]
    out = shell.run("sync")
    assert status(shell) == 0, f"sync failed: {out!r}"
    _state["wrote"] = True


def test_the_disk_holds_what_was_written_and_is_clean(shell, disk, build):
    if not _state.get("wrote"):
        pytest.skip("the writing test did not get through")
    shell.close()  # QEMU gone: the copy is what the guest left on the disk
    assert host_file(disk, "/tmp/x") == b"hi\n"
    assert host_file(disk, "/tmp/log") == b"first\nsecond\n"
    assert host_file(disk, "/tmp/copy") == host_file(disk, "/home/student/README")
    assert host_file(disk, "/tmp/after") == b"moving\n"
    assert not debugfs_exists(disk, "/tmp/before"), "mv left the old name"
    assert not debugfs_exists(disk, "/tmp/doomed"), "rm left the file"
    assert not debugfs_exists(disk, "/tmp/gone"), "rmdir left the directory"
    assert host_file(disk, "/tmp/dir/empty") == b""
    assert host_file(disk, "/tmp/dir/x") == b"hi\n", "cp into a directory keeps the name"
    fsck = e2fsck_clean(disk)
    assert fsck.returncode == 0, f"e2fsck -fn finds the disk unclean:\n{fsck.stdout}{fsck.stderr}"


# ---- the working directory, errors, programs from disk (a second boot) -----------------------

@pytest.fixture(scope="module")
def second_shell(build):
    workdir = Path(tempfile.mkdtemp(prefix="orrery-files-2-"))
    copy = disk_harness.fresh_copy(_disk_image(build), workdir)
    debugfs(copy, f"write {build / 'bin' / 'echo.elf'} /bin/{DISK_ONLY_PROGRAM}", write=True)
    # /bin/uptime on this disk is no program: mm must say so and use the boot module.
    garbage = workdir / "not-an-elf"
    garbage.write_bytes(b"this is not an ELF file\n" * 100)
    debugfs(copy, "rm /bin/uptime", write=True)
    debugfs(copy, f"write {garbage} /bin/uptime", write=True)
    session = ShellSession(build, extra_args=disk_harness.qemu_drive_args(copy))
    yield session, copy
    session.close()
    shutil.rmtree(workdir, ignore_errors=True)


def test_cd_pwd_and_relative_paths(second_shell):
    shell, copy = second_shell
    assert lines(shell.run("pwd")) == ["/"]
    shell.run("cd /home/student")
    assert status(shell) == 0
    assert lines(shell.run("pwd")) == ["/home/student"]
    expected = host_file(copy, "/home/student/README").decode()
    assert shell.run("cat README").replace("\r", "") == expected, "cat of a relative path"
    assert shell.run("cat ./../student/README").replace("\r", "") == expected
    shell.run("cd ..")
    assert lines(shell.run("pwd")) == ["/home"]
    assert "README" in lines(shell.run("ls student"))
    out = shell.run("cd /nope")
    assert "/nope" in out and "no such file" in out, f"cd /nope printed {out!r}"
    assert status(shell) != 0
    assert lines(shell.run("pwd")) == ["/home"], "a failed cd leaves the directory as it was"
    shell.run("cd")
    assert lines(shell.run("pwd")) == ["/home/student"], "cd alone goes home"


def test_errors_name_the_path_and_set_the_status(second_shell):
    shell, _ = second_shell
    for command, needle in [("cat /nope", "cat: /nope: no such file or directory"),
                            ("ls /nope", "ls: /nope: no such file or directory"),
                            ("rmdir /home", "rmdir: /home: directory not empty"),
                            ("rm /home", "rm: /home: is a directory"),
                            ("mkdir /etc", "mkdir: /etc: already exists"),
                            ("cat < /nope", "shell: /nope: no such file or directory"),
                            ("echo x > /nope/dir/file", "shell: /nope/dir/file:"),
                            ("cp /etc/motd /etc/../etc/motd", "are the same file")]:
        out = shell.run(command)
        assert needle in out, f"`{command}` printed {out!r}, not {needle!r}"
        assert status(shell) != 0, f"`{command}` left $? at 0"


def test_a_program_only_the_disk_has(second_shell, build):
    shell, _ = second_shell
    assert not (build / "bin" / f"{DISK_ONLY_PROGRAM}.elf").exists()
    assert DISK_ONLY_PROGRAM not in [m.stem for m in system_modules(build)], "it must not be a boot module"
    assert lines(shell.run(f"{DISK_ONLY_PROGRAM} read from the disk")) == ["read from the disk"]
    assert status(shell) == 0


def test_files_of_killed_programs_are_freed(second_shell):
    """A program killed while it holds a file open cannot end its connection to the file
    server itself: pm does. Here cat has big.txt open and waits for room in a pipe that
    sleep never reads; Ctrl-C stops sleep and the shell kills cat. Without pm's close the
    server's 32 connections fill with dead programs' open files and, after that many, the
    next program cannot open a file. (The pause before Ctrl-C only lets cat get as far as
    opening the file; a round where it did not is a round that proves less, never a false
    failure.)"""
    shell, copy = second_shell
    motd = host_file(copy, "/etc/motd").decode().strip().splitlines()[0]
    for round in range(40):
        shell.send("cat /home/student/big.txt | sleep 60\r")
        time.sleep(0.5)
        shell.control("c")
        out = shell.wait_prompt()
        assert "interrupted" in out, f"round {round}: {out!r}"
    out = shell.run("cat /etc/motd")
    assert motd in out, f"after 40 killed programs, cat /etc/motd printed {out!r}"
    assert status(shell) == 0


def test_a_broken_program_on_the_disk_falls_back_on_the_boot_module(second_shell):
    shell, _ = second_shell
    out = shell.run("uptime")
    assert "mm: cannot load /bin/uptime from the disk" in out, f"uptime printed {out!r}"
    assert re.search(r"^up \d+\.\d{3} s$", out.replace("\r", ""), re.M), f"uptime printed {out!r}"
    assert status(shell) == 0


# ---- the benchmark ---------------------------------------------------------------------------

def test_spawn_from_disk_benchmark(build):
    """spawnbench (servers/bin/spawnbench.c) as init's program, under -icount, with a disk
    (run_qemu copies it): spawn /bin/true from the disk and wait; printed beside its budget."""
    result = run_qemu(build / "kernel.elf", system_modules(build), cmdline="root=init run=spawnbench",
                      memory_mb=32, disk=_disk_image(build))
    serial = result.serial.replace("\r", "")
    match = re.search(r"^bench: spawn_from_disk (\d+) instructions$", serial, re.M)
    assert match, f"spawnbench printed no figure:\n{result.describe()}"
    value = int(match.group(1))
    print(f"spawn_from_disk {value} instructions (budget {SPAWN_FROM_DISK_BUDGET})")
    assert "spawnbench: done" in serial
    assert value > 0
