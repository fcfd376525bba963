"""Helpers of the ext2 host tests: images made by Debian's mke2fs, changed by our
build/host/ext2tool (the file server's core, under ASan/UBSan), judged by e2fsck -fn and
debugfs: tools that know ext2 and are not ours."""

import hashlib
import os
import subprocess
from pathlib import Path

from grading.harness.qemu import build_dir

MKE2FS = "/usr/sbin/mke2fs"
E2FSCK = "/usr/sbin/e2fsck"
DEBUGFS = "/usr/sbin/debugfs"
# The same image every time: fixed UUID, hash seed and clock.
REPRODUCIBLE = {"E2FSPROGS_FAKE_TIME": "1700000000"}


def ext2tool() -> Path:
    tool = build_dir() / "host" / "ext2tool"
    assert tool.exists(), f"{tool} is missing: run make (it builds build/host/ext2tool)"
    return tool


def make_image(path: Path, block_size: int, size: str = "8M", tree: Path | None = None,
               inodes: int | None = None) -> Path:
    """An ext2 image at path, made by mke2fs (of tree's files, with -d)."""
    command = [MKE2FS, "-q", "-F", "-t", "ext2", "-b", str(block_size),
               "-U", "8f5c2a1e-0b7d-4e3a-9c61-5d2f0e4b7a10", "-E", "hash_seed=1b4e28ba-2fa1-11d2-883f-b9a761bde3fb"]
    if inodes:
        command += ["-N", str(inodes)]
    if tree is not None:
        command += ["-d", str(tree)]
    subprocess.run(command + [str(path), size], check=True, capture_output=True,
                   env={**os.environ, **REPRODUCIBLE})
    return path


def tool(image: Path, *args: str, data: bytes | None = None, ok: bool = True,
         timeout: float = 120) -> subprocess.CompletedProcess:
    """Runs ext2tool IMAGE ARGS...; with ok, asserts that it succeeded; never lets a crash
    (a sanitizer report, a signal) pass as an ordinary failure."""
    result = subprocess.run([str(ext2tool()), str(image), *args], input=data or b"",
                            capture_output=True, timeout=timeout)
    stderr = result.stderr.decode(errors="replace")
    assert "Sanitizer" not in stderr and "runtime error" not in stderr, \
        f"ext2tool {' '.join(args)} crashed:\n{stderr}"
    assert result.returncode in (0, 1, 2), \
        f"ext2tool {' '.join(args)} died with status {result.returncode}:\n{stderr}"
    if ok:
        assert result.returncode == 0, f"ext2tool {' '.join(args)} failed:\n{stderr}"
    return result


def fsck_clean(image: Path) -> str:
    """Asserts e2fsck -fn finds nothing wrong; returns its report."""
    result = subprocess.run([E2FSCK, "-fn", str(image)], capture_output=True, text=True)
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"e2fsck -fn found problems (status {result.returncode}):\n{report}"
    return report


def debugfs(image: Path, request: str, writable: bool = False) -> bytes:
    command = [DEBUGFS] + (["-w"] if writable else []) + ["-R", request, str(image)]
    return subprocess.run(command, capture_output=True, check=True).stdout


def debugfs_cat(image: Path, path: str) -> bytes:
    return debugfs(image, f"cat {path}")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def free_counts(image: Path) -> tuple[int, int]:
    """(free blocks, free inodes) as the superblock says, read by debugfs."""
    text = debugfs(image, "stats").decode()
    values = {}
    for line in text.splitlines():
        if ":" in line:
            key, _, value = line.partition(":")
            values[key.strip()] = value.strip()
    return int(values["Free blocks"]), int(values["Free inodes"])


def names(image: Path, path: str) -> set[str]:
    """The names in directory path, as debugfs lists them."""
    text = debugfs(image, f"ls -p {path}").decode()
    found = set()
    for line in text.splitlines():
        fields = line.strip().split("/")
        # An unused entry (inode 0, first in its block) is listed too: not a name.
        if len(fields) >= 6 and fields[1] != "0" and fields[5] not in (".", ".."):
            found.add(fields[5])
    return found
