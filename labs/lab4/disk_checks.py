"""Lab 4's disk checks: what the ATA driver reads and writes, judged from outside the guest.

The whole system boots in QEMU (-icount: timeouts are guest instructions) with a fresh copy
of build/disk.img as the primary master, and kernel/tests/user/lab4_disk.c runs as a
process (``run=lab4_disk,...``; the manifest given to init lets processes call ata).

- reads: just before the boot the grader writes random bytes, new each run, into a run of
  sectors at a random place of the copy; the guest prints a checksum of each run of sectors
  it read, which must be the checksum the grader computes of those bytes. A driver that
  does not read the disk cannot know them.
- writes: the guest writes a pattern made from a random seed to a random run of sectors;
  after QEMU has ended, the grader reads the copy's file and finds exactly those bytes
  there, and every other sector as it was.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from grading.framework import CheckFailed
from grading.harness.disk import SECTOR_SIZE, read_sectors
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import ShellError, system_modules

NAME = "lab4_disk"
MEMORY_MB = 32
WALL_TIMEOUT = 300.0     # seconds: only a safety net, the run is bounded in instructions
RUN_LENGTHS = (1, 7, 8, 48)  # lab4_disk.c's run_lengths
COUNT = 64               # sectors read or written
HOLES = ("ata_pio_issue", "ata_pio_wait_interrupt", "ata_pio_transfer")
STUB_MESSAGE = "lab 4: {} is not implemented yet"


def pattern(first: int, count: int, seed: int) -> bytes:
    """lab4_disk.c's pattern_word() for sectors FIRST .. FIRST + COUNT - 1, as bytes."""
    out = bytearray()
    for sector in range(first, first + count):
        x = (seed ^ (sector * 2654435761)) & 0xFFFFFFFF | 1
        for _ in range(SECTOR_SIZE // 4):
            x ^= (x << 13) & 0xFFFFFFFF
            x ^= x >> 17
            x ^= (x << 5) & 0xFFFFFFFF
            out += x.to_bytes(4, "little")
    return bytes(out)


def fnv1a(data: bytes) -> int:
    value = 2166136261
    for byte in data:
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def runs(first: int, count: int):
    """(first sector, length) of each run lab4_disk.c moves, in order."""
    done, i = 0, 0
    while done < count:
        length = min(RUN_LENGTHS[i % len(RUN_LENGTHS)], count - done)
        yield first + done, length
        done += length
        i += 1


def _manifest(workdir: Path) -> Path:
    """servers/init/manifest.txt with call=ata for processes (the program calls ata)."""
    text = (REPO / "servers" / "init" / "manifest.txt").read_text()
    lines = [line + " call=ata" if line.startswith("processes ") else line for line in text.splitlines()]
    if not any(line.startswith("ata ") for line in lines):
        raise CheckFailed(expected="an ata line in servers/init/manifest.txt", seen="none",
                          hint="This is not your driver's fault: tell the course staff.")
    path = workdir / "manifest" / "manifest.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def _image(ctx) -> Path:
    image = ctx.build_dir / "disk.img"
    for needed in (image, ctx.build_dir / "servers" / "ata.elf", ctx.build_dir / "user-tests" / f"{NAME}.elf"):
        if not needed.exists():
            raise CheckFailed(expected=f"{needed} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    return image


def _boot(ctx, name: str, disk: Path, args: str):
    """Boot the system with *disk* (copied again into the run's directory) running
    lab4_disk with *args*; the result (its .disk is the copy the guest used)."""
    workdir = ctx.workdir / name
    try:
        modules = system_modules(ctx.build_dir, _manifest(workdir)) + [ctx.build_dir / "user-tests" / f"{NAME}.elf"]
    except ShellError as error:
        raise CheckFailed(expected="the system built", seen=str(error)) from None
    result = run_qemu(ctx.build_dir / "kernel.elf", modules, cmdline=f"root=init run={NAME},{args}",
                      memory_mb=MEMORY_MB, workdir=workdir / "qemu", disk=disk,
                      wall_timeout=min(WALL_TIMEOUT, max(30.0, ctx.remaining() - 10)))
    ctx.log(result.describe())
    return result


def _program_lines(result) -> list[str]:
    prefix = f"{NAME}: "
    return [line[len(prefix):].rstrip() for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(prefix)]


def _failure(result) -> str:
    """What the run showed when the program did not pass: the holes' stub messages, the
    program's FAIL line and the driver's own lines, or how the run ended."""
    serial = result.serial.replace("\r", "")
    stubs = [STUB_MESSAGE.format(h) for h in HOLES if STUB_MESSAGE.format(h) in serial]
    said = [line for line in serial.splitlines() if line.startswith(("ata: ", f"{NAME}: FAIL"))]
    how = [] if result.outcome == "success" else [result.how_it_ended()]
    if result.outcome == "budget_exhausted":
        how.append("the program never finished: a request that never ended? (a drive that "
                   "still waits for words of a sector, or an interrupt never acknowledged)")
    return "\n".join(stubs + said[-4:] + how) or "the program printed nothing"


def check_reads(ctx) -> None:
    """The driver identifies the disk and reads random bytes the grader wrote (see above)."""
    image = _image(ctx)
    sectors = image.stat().st_size // SECTOR_SIZE
    first = sectors - 4096 + secrets.randbelow(1024)
    prepared = ctx.workdir / "prepared.img"
    prepared.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image, prepared)
    noise = secrets.token_bytes(COUNT * SECTOR_SIZE)
    with open(prepared, "r+b") as disk:
        disk.seek(first * SECTOR_SIZE)
        disk.write(noise)
    result = _boot(ctx, "reads", prepared, f"read,{first},{COUNT}")
    lines = _program_lines(result)
    if "PASS" not in lines:
        raise CheckFailed(expected=f"{NAME} reads sectors {first}..{first + COUNT - 1} and passes",
                          seen=_failure(result))
    size_line = next((line for line in lines if line.startswith("disk of ")), "")
    if not size_line.startswith(f"disk of {sectors} sectors"):
        raise CheckFailed(expected=f"BLOCK_INFO gives the disk's size from IDENTIFY: {sectors} sectors",
                          seen=repr(size_line) or "no size line",
                          hint="IDENTIFY's words 60 and 61 hold the size: ata_pio_transfer must move "
                               "all 256 words of the identify sector, in order.")
    for start, length in runs(first, COUNT):
        offset = (start - first) * SECTOR_SIZE
        expected = f"checksum of sectors {start}..{start + length - 1}: 0x{fnv1a(noise[offset:offset + length * SECTOR_SIZE]):08x}"
        if expected not in lines:
            seen = next((line for line in lines if line.startswith(f"checksum of sectors {start}..")), "no such line")
            raise CheckFailed(expected=expected + " (random bytes the grader wrote there before the boot)",
                              seen=seen,
                              hint="Read every sector of a run, all 256 words of each, when the drive "
                                   "asks (DRQ after its interrupt), from the sector the command named.")


def check_writes(ctx) -> None:
    """The driver writes what it is given where it is told (see above)."""
    image = _image(ctx)
    sectors = image.stat().st_size // SECTOR_SIZE
    first = sectors - 2048 + secrets.randbelow(512)
    seed = secrets.randbits(32)
    result = _boot(ctx, "writes", image, f"write,{first},{COUNT},{seed:#010x}")
    lines = _program_lines(result)
    if "PASS" not in lines:
        raise CheckFailed(expected=f"{NAME} writes sectors {first}..{first + COUNT - 1} and passes",
                          seen=_failure(result))
    copy = Path(result.disk)
    for start, length in runs(first, COUNT):
        if read_sectors(copy, start, length) != pattern(start, length, seed):
            raise CheckFailed(expected=f"sectors {start}..{start + length - 1} of QEMU's disk (read from "
                                       "its file after QEMU ended) hold the bytes the program wrote",
                              seen="other bytes",
                              hint="Write all 256 words of each sector of a run, in order, each when the "
                                   "drive asks for it (DRQ), and wait for its interrupt after each.")
    original, written = image.read_bytes(), copy.read_bytes()
    start, end = first * SECTOR_SIZE, (first + COUNT) * SECTOR_SIZE
    if original[:start] != written[:start] or original[end:] != written[end:]:
        changed = next(i for i in range(0, len(original), SECTOR_SIZE)
                       if not start <= i < end and original[i:i + SECTOR_SIZE] != written[i:i + SECTOR_SIZE])
        raise CheckFailed(expected=f"only sectors {first}..{first + COUNT - 1} changed",
                          seen=f"sector {changed // SECTOR_SIZE} changed too",
                          hint="The LBA goes into the LBA low, mid and high registers and bits 24..27 "
                               "into the device register, all before the command byte.")
