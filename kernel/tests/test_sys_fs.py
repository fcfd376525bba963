"""The file server (servers/fs, "fs") in the whole system: init starts ata and fs from the
manifest and runs kernel/tests/user/fs_client.c as a process (``run=fs_client,MODE``) on a
fresh copy of build/disk.img. The evidence is read from outside the guest after QEMU
stopped: e2fsck -fn must find the copy clean, and debugfs must read back what the program
wrote, byte for byte; the checksum the guest reports of a file it read is compared with
the image's own bytes. fs_client also measures the file system's costs in guest
instructions (rdtsc under -icount) and prints them beside the issue's budgets."""

import re
import subprocess

import pytest

from grading.harness.bochs import run_bochs
from grading.harness.iso import build_iso
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import system_modules
from kernel.tests.programs import program_lines

NAME = "fs_client"
# fs_client.c's constants.
NOTES_SIZE, CUT_WRITTEN, CUT_SIZE, CHILDREN, CHILD_SIZE = 10000, 30000, 5000, 2, 20000
WALL_TIMEOUT = 900.0
#: Guest instructions the run may take: under -icount without sleep, the time QEMU's disk
#: takes to answer on a loaded host counts too (the guest idles meanwhile), so a run of a
#: few hundred disk requests needs far more than the default budget.
INSN_BUDGET = 60_000_000_000
#: The kernel's trace of a few thousand file requests is more than the default 4 MiB.
OUTPUT_LIMIT = 64 * 1024 * 1024
DEBUGFS, E2FSCK = "/usr/sbin/debugfs", "/usr/sbin/e2fsck"
#: The issue's budgets, in instructions (per KiB for the reads: 8 and 1 per byte).
BUDGETS = {"file_read_1mib_cold": 8 * 1024, "file_read_1mib_warm": 1 * 1024,
           "file_create_write_close": 400_000, "dir_list_root": 100_000}


def pattern(seed, count):
    """fs_client.c's pattern_byte() for offsets 0 .. count - 1."""
    return bytes((offset * 7 + seed * 13 + (offset >> 8) * 3) & 0xFF for offset in range(count))


def fnv1a(data):
    value = 2166136261
    for byte in data:
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def debugfs(image, request):
    return subprocess.run([DEBUGFS, "-R", request, str(image)], capture_output=True, check=True).stdout


def exists(image, path):
    result = subprocess.run([DEBUGFS, "-R", f"stat {path}", str(image)], capture_output=True)
    return b"File not found" not in result.stderr + result.stdout


def boot_system(build, tmp_path, mode, disk):
    modules = system_modules(build, REPO / "servers" / "init" / "manifest.txt") + \
        [build / "user-tests" / f"{NAME}.elf"]
    return run_qemu(build / "kernel.elf", modules, cmdline=f"root=init run={NAME},{mode}",
                    workdir=tmp_path / "qemu", disk=disk, wall_timeout=WALL_TIMEOUT,
                    insn_budget=INSN_BUDGET, output_limit=OUTPUT_LIMIT)


def judge_disk_run(result, original, copy):
    """What mode ``disk`` must leave, checked from outside: the checksum the guest printed of
    big.txt is the image's own, e2fsck -fn finds the copy clean, debugfs reads back every file
    the program wrote and finds gone what it removed, and the image itself is unchanged.
    Returns the guest's serial output."""
    serial = result.serial.replace("\r", "")
    assert f"{NAME}: PASS" in serial and f"{NAME}: FAIL" not in serial, serial[-4000:]
    big = debugfs(original, "cat /home/student/big.txt")
    lines = program_lines(result, NAME)
    assert f"checksum of /home/student/big.txt: 0x{fnv1a(big):08x} ({len(big)} bytes)" in lines, \
        f"the guest read other bytes than the image holds: {lines}"
    fsck = subprocess.run([E2FSCK, "-fn", str(copy)], capture_output=True, text=True)
    assert fsck.returncode == 0, f"e2fsck -fn on the guest's disk:\n{fsck.stdout}{fsck.stderr}"
    assert debugfs(copy, "cat /home/student/notes.txt") == pattern(1, NOTES_SIZE) + b"appended\n"
    assert debugfs(copy, "cat /work/sub/moved.txt") == b"alpha beta\n"
    assert debugfs(copy, "cat /work/cut.txt") == pattern(2, CUT_WRITTEN)[:CUT_SIZE]
    for k in range(CHILDREN):
        assert debugfs(copy, f"cat /home/student/child-{k}.txt") == pattern(10 + k, CHILD_SIZE), \
            f"child {k}'s file is not on the disk"
    assert not exists(copy, "/home/student/README"), "README is still there after FS_UNLINK"
    assert not exists(copy, "/work/empty") and not exists(copy, "/work/a.txt")
    assert not exists(copy, "/work/doomed.txt")   # and e2fsck found no inode left behind
    assert exists(original, "/home/student/README"), "the image itself changed"
    return serial


def test_the_file_server_writes_a_clean_ext2_that_debugfs_reads(build, tmp_path):
    original = build / "disk.img"
    if not original.exists():
        pytest.fail(f"{original} does not exist: run `make BUILD={build}`")
    result = boot_system(build, tmp_path, "disk", original)
    assert result.outcome == "success", result.describe()
    serial = judge_disk_run(result, original, result.disk)
    figures = dict(re.findall(r"^bench: (\w+) (\d+) \w+$", serial, re.M))
    print()
    for name, budget in BUDGETS.items():
        assert name in figures, f"no figure for {name}: {serial[-3000:]}"
        value = int(figures[name])
        per = " per KiB" if "read" in name else ""
        print(f"{name}: {value} instructions{per} (budget {budget}{per})")


def test_in_bochs_the_file_server_writes_the_same_clean_ext2(build, tmp_path):
    """The same run on Bochs's disk (ata0-master; the CD-ROM on ata1-master), judged the
    same way from outside: a driver and a file server that only worked on QEMU's timing
    would fail here."""
    original = build / "disk.img"
    iso = tmp_path / "system.iso"
    build_iso(build / "kernel.elf", system_modules(build) + [build / "user-tests" / f"{NAME}.elf"],
              f"root=init run={NAME},disk", iso)
    result = run_bochs(iso, memory_mb=32, timeout_s=WALL_TIMEOUT, workdir=tmp_path / "bochs",
                       disk=original)
    assert result.shutdown and not result.timed_out, result.serial[-3000:]
    judge_disk_run(result, original, tmp_path / "bochs" / "disk.img")


def test_without_a_disk_fs_registers_and_answers_no_device(build, tmp_path):
    result = boot_system(build, tmp_path, "nodisk", None)
    assert result.outcome == "success", result.describe()
    serial = result.serial.replace("\r", "")
    assert "fs: no disk" in serial, result.describe()
    assert f"{NAME}: PASS" in serial, serial[-3000:]
