"""Lab 6's judges of a disk image: Debian's e2fsck and debugfs, tools that know ext2 and are
not the student's, read the image from outside after the code under test has stopped. Each
check raises CheckFailed with what was expected and what was seen."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

from grading.framework import CheckFailed

MKE2FS = "/usr/sbin/mke2fs"
E2FSCK = "/usr/sbin/e2fsck"
DEBUGFS = "/usr/sbin/debugfs"
TIMEOUT = 120


def pattern(seed: int, count: int) -> bytes:
    """kernel/tests/user/lab6_fs.c's pattern_byte() for offsets 0 .. count - 1."""
    return bytes((offset * 7 + seed * 13 + (offset >> 8) * 3) & 0xFF for offset in range(count))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_image(path: Path, block_size: int, size: str = "8M") -> Path:
    """A fresh ext2 revision 1 image made by mke2fs (as the system disk: filetype and
    sparse_super only), the same every time."""
    command = [MKE2FS, "-q", "-F", "-t", "ext2", "-r", "1", "-b", str(block_size),
               "-O", "none,filetype,sparse_super", "-U", "8f5c2a1e-0b7d-4e3a-9c61-5d2f0e4b7a10",
               "-E", "hash_seed=1b4e28ba-2fa1-11d2-883f-b9a761bde3fb", str(path), size]
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT,
                   env={**os.environ, "E2FSPROGS_FAKE_TIME": "1700000000"})
    return path


def fsck_clean(ctx, image: Path, hint: str | None = None) -> None:
    """e2fsck -fn (read-only, every pass) must find nothing wrong."""
    run = subprocess.run([E2FSCK, "-fn", str(image)], capture_output=True, text=True,
                         timeout=TIMEOUT)
    report = (run.stdout + run.stderr).strip()
    if run.returncode != 0:
        ctx.log(report)
        lines = [line for line in report.splitlines() if line and not line.startswith("Pass ")]
        raise CheckFailed(expected="e2fsck -fn finds the image clean",
                          seen=f"e2fsck (status {run.returncode}) reports: " + "; ".join(lines[:8]),
                          hint=hint)


def debugfs(image: Path, request: str) -> bytes:
    run = subprocess.run([DEBUGFS, "-R", request, str(image)], capture_output=True,
                         timeout=TIMEOUT)
    return run.stdout + (run.stderr if run.returncode else b"")


def exists(image: Path, path: str) -> bool:
    run = subprocess.run([DEBUGFS, "-R", f"stat {path}", str(image)], capture_output=True,
                         timeout=TIMEOUT)
    return b"File not found" not in run.stdout + run.stderr


def same_bytes(image: Path, path: str, expected: bytes, hint: str | None = None) -> None:
    """debugfs must read back exactly @p expected from @p path (compared by sha256)."""
    if not exists(image, path):
        raise CheckFailed(expected=f"{path} on the disk ({len(expected)} bytes)",
                          seen="debugfs finds no such file", hint=hint)
    seen = debugfs(image, f"cat {path}")
    if seen != expected:
        first = next((i for i, (a, b) in enumerate(zip(seen, expected)) if a != b),
                     min(len(seen), len(expected)))
        raise CheckFailed(expected=f"{path}: {len(expected)} bytes, sha256 {sha(expected)[:16]}",
                          seen=f"{len(seen)} bytes, sha256 {sha(seen)[:16]}, first difference "
                               f"at byte {first} (file block {first // block_size(image)})",
                          hint=hint)


def block_size(image: Path) -> int:
    return int(stats(image)["Block size"])


def stats(image: Path) -> dict:
    """The superblock's fields as debugfs's `stats` prints them."""
    values = {}
    for line in debugfs(image, "stats").decode(errors="replace").splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip() not in values:
            values[key.strip()] = value.strip()
    return values


def free_counts(image: Path) -> tuple[int, int]:
    """(free blocks, free inodes) as the superblock says."""
    values = stats(image)
    return int(values["Free blocks"]), int(values["Free inodes"])


def inode_of(image: Path, path: str) -> int:
    match = re.search(rb"Inode: (\d+)", debugfs(image, f"stat {path}"))
    return int(match.group(1)) if match else 0


def map_kinds(image: Path, path: str) -> set[str]:
    """The kinds of map block debugfs's `stat` lists for @p path: "IND", "DIND", "TIND"."""
    return set(re.findall(r"\((T?D?IND)\)", debugfs(image, f"stat {path}").decode(errors="replace")))


def blocks_held(image: Path, path: str) -> int:
    """Blocks @p path holds, map blocks included (its i_blocks over the block size)."""
    match = re.search(rb"Blockcount: (\d+)", debugfs(image, f"stat {path}"))
    return int(match.group(1)) * 512 // block_size(image) if match else 0


def names(image: Path, path: str) -> dict[str, int]:
    """The names in directory @p path (not "." and ".."), each with its inode, as debugfs
    lists them; a name listed twice is kept as a duplicate key suffix " (again)"."""
    found: dict[str, int] = {}
    for line in debugfs(image, f"ls -p {path}").decode(errors="replace").splitlines():
        fields = line.strip().split("/")
        if len(fields) >= 6 and fields[1] != "0" and fields[5] not in (".", ".."):
            name = fields[5]
            while name in found:
                name += " (again)"
            found[name] = int(fields[1])
    return found
