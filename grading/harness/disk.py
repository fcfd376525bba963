"""The disk a test boots with: always a fresh copy of build/disk.img in the run's own
directory, never the image itself, so that no test changes what a student edits and no two
tests share a disk. The copy stays for the test to read after the emulator ended (bytes the
guest wrote, judged from outside: python, e2fsck, debugfs).

    copy = fresh_copy(build / "disk.img", run_dir)
    command += qemu_drive_args(copy)          # primary master, IDE
    lines = bochs_disk_lines(copy)            # ata0-master (the CD-ROM moves to ata1)

run_qemu(..., disk=IMAGE) and run_bochs(..., disk=IMAGE) do this themselves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SECTOR_SIZE = 512
#: The copy's name in the run directory.
COPY_NAME = "disk.img"


def fresh_copy(image: Path | str, run_dir: Path | str) -> Path:
    """Copy *image* to RUN_DIR/disk.img (replacing an older copy) and return the copy."""
    image, run_dir = Path(image), Path(run_dir)
    if not image.is_file():
        raise FileNotFoundError(f"no disk image {image}: run `make` (it builds build/disk.img)")
    if image.stat().st_size % SECTOR_SIZE:
        raise ValueError(f"{image} is not a whole number of {SECTOR_SIZE}-byte sectors")
    run_dir.mkdir(parents=True, exist_ok=True)
    copy = run_dir / COPY_NAME
    if copy.resolve() == image.resolve():
        raise ValueError(f"{image} is already the run directory's copy: pass the original")
    copy.unlink(missing_ok=True)
    shutil.copyfile(image, copy)
    return copy


def qemu_drive_args(path: Path | str, cache: str = "unsafe") -> list[str]:
    """QEMU's arguments for *path* as the primary channel's master IDE disk, raw.
    cache=unsafe: the host never syncs it (a test's copy needs no durability), and QEMU
    still writes every sector to the file before it exits."""
    return ["-drive", f"file={path},format=raw,if=ide,index=0,cache={cache}"]


def bochs_geometry(size: int) -> tuple[int, int, int]:
    """Cylinders, heads and sectors per track covering exactly *size* bytes (Bochs reports
    cylinders x heads x sectors as the disk's LBA size)."""
    sectors = size // SECTOR_SIZE
    for heads, per_track in ((16, 63), (16, 32), (16, 16), (16, 1)):
        if sectors % (heads * per_track) == 0:
            return sectors // (heads * per_track), heads, per_track
    raise ValueError(f"no geometry covers {sectors} sectors (not a multiple of 16)")


def bochs_disk_lines(path: Path | str, size: int | None = None) -> list[str]:
    """The bochsrc lines that make *path* the primary master hard disk (a flat image of
    *size* bytes: by default, the file's size)."""
    size = Path(path).stat().st_size if size is None else size
    cylinders, heads, per_track = bochs_geometry(size)
    return [f"ata0-master: type=disk, path={path}, mode=flat, cylinders={cylinders}, "
            f"heads={heads}, spt={per_track}"]


def read_sectors(path: Path | str, first: int, count: int) -> bytes:
    """Sectors FIRST .. FIRST + COUNT - 1 of the disk image at *path*."""
    with open(path, "rb") as disk:
        disk.seek(first * SECTOR_SIZE)
        return disk.read(count * SECTOR_SIZE)
