"""The ATA block driver (servers/ata, "ata") in the whole system, started by init from its
manifest line, driven by kernel/tests/user/ata_client.c run as a process
(``run=ata_client,MODE``; the test's manifest gives processes ``call=ata``).

The evidence is read from outside the guest: the checksums the guest reports are compared
with the image's own sectors, and the sectors it wrote are read from its disk copy with
Python after the emulator stopped (and e2fsck finds the copy's file system still clean).
Every run gets a fresh copy of build/disk.img (grading.harness.disk); the image itself
never changes."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grading.harness.bochs import run_bochs
from grading.harness.disk import SECTOR_SIZE, fresh_copy, read_sectors
from grading.harness.iso import build_iso
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import system_modules
from kernel.tests.programs import program_lines

NAME = "ata_client"
# ata_client.c's constants.
WRITE_FROM_END, WRITE_COUNT, WRITE_SEED = 1024, 64, 7
CHILDREN, CHILD_FROM_END, CHILD_COUNT = 3, 512, 16
WALL_TIMEOUT = 600.0

BEHAVIOURS = [
    "reads and writes past the end, bad counts, huge sectors, bad labels, word counts and "
    "pages refused with ERR_INVALID",
    "after BLOCK_CLOSE a transfer is refused (ERR_INVALID), a second close gets ERR_NOT_FOUND, "
    "and the driver still serves",
    f"{CHILDREN} children wrote and read their own sectors at once, each through its own connection",
    "4 connections fill the table, one more gets ERR_NO_MEMORY, and closed ones are made again",
]


def pattern(first, count, seed):
    """ata_client.c's pattern_byte() for sectors FIRST .. FIRST + COUNT - 1."""
    return bytes((sector * 31 + offset * 7 + seed * 13 + (offset >> 8)) & 0xFF
                 for sector in range(first, first + count) for offset in range(SECTOR_SIZE))


def fnv1a(data):
    value = 2166136261
    for byte in data:
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def ata_manifest(tmp_path, irq=14):
    """servers/init/manifest.txt with call=ata for processes (the test program calls ata),
    and the driver given IRQ line *irq*."""
    text = (REPO / "servers" / "init" / "manifest.txt").read_text()
    lines = [line + " call=ata" if line.startswith("processes ") else line
             for line in text.splitlines()]
    # Without the file server: it holds a connection of its own, and the connection-limit
    # check counts the driver's connections from this program's side.
    lines = [line.replace(" call=fs", "") for line in lines if not line.startswith("fs ")]
    lines = [line.replace("irq=14 ", f"irq={irq} ") if line.startswith("ata ") else line
             for line in lines]
    assert any(line.startswith("ata ") for line in lines), "the manifest has no ata line"
    path = tmp_path / "manifest" / "manifest.txt"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def modules(build, tmp_path, irq=14):
    return system_modules(build, ata_manifest(tmp_path, irq)) + [build / "user-tests" / f"{NAME}.elf"]


def boot_system(build, tmp_path, mode, disk, irq=14, **options):
    return run_qemu(build / "kernel.elf", modules(build, tmp_path, irq),
                    cmdline=f"root=init run={NAME},{mode}", workdir=tmp_path / "qemu",
                    disk=disk, wall_timeout=WALL_TIMEOUT, **options)


def image(build):
    path = build / "disk.img"
    if not path.exists():
        pytest.fail(f"{path} does not exist: run `make BUILD={build}`")
    return path


def check_disk_run(serial, original, copy, lines):
    """What a run in mode `disk` must show, in its output and in its disk copy."""
    assert f"{NAME}: PASS" in serial and f"{NAME}: FAIL" not in serial, serial[-3000:]
    sectors = original.stat().st_size // SECTOR_SIZE
    assert f"disk of {sectors} sectors" in lines[0], lines
    # The checksums the guest computed are those of the image's sectors.
    for first, count in ((0, 256), (1000, 3)):
        expected = fnv1a(read_sectors(original, first, count))
        line = f"checksum of sectors {first}..{first + count - 1}: 0x{expected:08x}"
        assert line in lines, f"the guest read other bytes than the image holds: {lines}"
    for behaviour in BEHAVIOURS:
        assert behaviour in lines, f"missing `{NAME}: {behaviour}`:\n{serial[-3000:]}"
    # The pattern and the children's sectors are in the copy, read from outside.
    first = sectors - WRITE_FROM_END
    assert read_sectors(original, first, WRITE_COUNT) != pattern(first, WRITE_COUNT, WRITE_SEED)
    assert read_sectors(copy, first, WRITE_COUNT) == pattern(first, WRITE_COUNT, WRITE_SEED), \
        f"sectors {first}..{first + WRITE_COUNT - 1} of the copy do not hold the pattern written"
    for k in range(CHILDREN):
        first = sectors - CHILD_FROM_END + k * CHILD_COUNT
        assert read_sectors(copy, first, CHILD_COUNT) == pattern(first, CHILD_COUNT, 100 + k), \
            f"child {k}'s sectors are not in the copy"
    # Everything else is as it was: the writes went where they were asked to.
    changed = [s for s in range(0, sectors, 64)
               if read_sectors(copy, s, 64) != read_sectors(original, s, 64)]
    allowed = {s - s % 64 for s in [sectors - WRITE_FROM_END, sectors - CHILD_FROM_END]}
    assert set(changed) <= allowed, f"sectors changed outside the written ones: {changed}"
    e2fsck = shutil.which("e2fsck") or "/sbin/e2fsck"
    done = subprocess.run([e2fsck, "-fn", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_driver_reads_and_writes_the_disk_and_refuses_what_is_wrong(build, tmp_path):
    original = image(build)
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    result = boot_system(build, tmp_path, "disk", original)
    assert result.outcome == "success", result.describe()
    serial = result.serial.replace("\r", "")
    assert 'ata: disk "QEMU HARDDISK", 65536 sectors (32768 KiB)' in serial, result.describe()
    assert "init: ata is up" in serial
    lines = program_lines(result, NAME)
    check_disk_run(serial, original, result.disk, lines)
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest, "the image itself changed"
    bench = re.search(r"^bench: ata_read_4k (\d+) instructions$", serial, re.M)
    assert bench, result.describe()
    print(f"\nata_read_4k: {bench.group(1)} guest instructions for a 4 KiB read (8 sectors), "
          "client to driver and back, the disk's own latency left out")


def test_without_a_disk_the_driver_registers_and_answers_no_device(build, tmp_path):
    result = boot_system(build, tmp_path, "nodisk", None)
    assert result.outcome == "success", result.describe()
    serial = result.serial.replace("\r", "")
    assert "ata: no disk on the primary channel" in serial, result.describe()
    assert "init: ata is up" in serial
    assert (f"no disk: connect, BLOCK_INFO, BLOCK_READ and BLOCK_FLUSH get BLOCK_ERR_NO_DEVICE"
            in program_lines(result, NAME)), result.describe()
    assert f"{NAME}: PASS" in serial


#: QEMU's blkdebug rules: the disk fails reads of sector 1000 and writes of sector 3000
#: (ata_client.c's IO_ERROR_READ and IO_ERROR_WRITE) with EIO, which the IDE disk reports.
BLKDEBUG_RULES = """\
[inject-error]
event = "read_aio"
errno = "5"
sector = "1000"
once = "off"

[inject-error]
event = "write_aio"
errno = "5"
sector = "3000"
once = "off"
"""


def test_the_disks_errors_come_back_as_block_err_io(build, tmp_path):
    copy = fresh_copy(image(build), tmp_path / "disk")
    rules = tmp_path / "disk" / "blkdebug.conf"
    rules.write_text(BLKDEBUG_RULES)
    drive = f"file=blkdebug:{rules}:{copy},format=raw,if=ide,index=0,cache=unsafe"
    result = boot_system(build, tmp_path, "ioerror", None, extra_args=["-drive", drive])
    assert result.outcome == "success", result.describe()
    assert ("the disk's errors come back as BLOCK_ERR_IO, and the next requests work"
            in program_lines(result, NAME)), result.describe()
    # From outside: the failed write left its sector alone, the next one went in.
    assert read_sectors(copy, 3000, 1) == read_sectors(image(build), 3000, 1)
    assert read_sectors(copy, 3001, 1) == b"\x5a" * SECTOR_SIZE


def test_a_disk_that_never_interrupts_times_out_and_the_system_goes_on(build, tmp_path):
    """The driver given IRQ 10, which nothing raises: its IDENTIFY gets no interrupt, the
    watchdog ends the wait after ATA_COMMAND_TIMEOUT_MS (30 s of guest time: the kernel's
    instruction budget is raised past it) with BLOCK_ERR_TIMEOUT, and the driver goes on
    answering BLOCK_ERR_NO_DEVICE."""
    result = boot_system(build, tmp_path, "nodisk", image(build), irq=10,
                         insn_budget=100_000_000_000)
    assert result.outcome == "success", result.describe()
    serial = result.serial.replace("\r", "")
    assert "ata: the disk did not identify itself (BLOCK_ERR_TIMEOUT): no disk" in serial, \
        result.describe()
    assert f"{NAME}: PASS" in serial, result.describe()


def test_bochs_boots_with_the_disk_and_the_driver_reads_and_writes_it(build, tmp_path):
    """The same run in Bochs: its disk (ata0-master, the CD-ROM on ata1) is read and
    written the same way, judged from its copy."""
    original = image(build)
    iso = tmp_path / "system.iso"
    build_iso(build / "kernel.elf", modules(build, tmp_path), f"root=init run={NAME},disk", iso)
    workdir = tmp_path / "bochs"
    result = run_bochs(iso, memory_mb=32, timeout_s=int(WALL_TIMEOUT), workdir=workdir, disk=original)
    serial = result.serial.replace("\r", "")
    assert result.shutdown and not result.timed_out, serial[-3000:]
    assert re.search(r'ata: disk "[^"]+", 65536 sectors \(32768 KiB\)', serial), serial[-3000:]
    lines = [line[len(NAME) + 2:] for line in serial.splitlines() if line.startswith(f"{NAME}: ")]
    check_disk_run(serial, original, Path(workdir) / "disk.img", lines)
    assert "orrery: halting: success" in serial, serial[-3000:]
