"""Lab 6 on the host, for quick feedback: build/host/ext2tool is the file server's ext2 core
(the student's holes included) as a program that works on an image file. Each check makes
a fresh image with mke2fs, changes it with ext2tool, and judges it from outside with
e2fsck -fn and debugfs (ext2_judge.py), on 1 KiB and 4 KiB blocks. What ext2tool prints is
never evidence; only the image is."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from grading.framework import CheckFailed

import ext2_judge

BLOCK_SIZES = (1024, 4096)
TIMEOUT = 120


def some_bytes(count: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(count)


def ext2tool(ctx) -> Path:
    tool = ctx.build_dir / "host" / "ext2tool"
    if not tool.exists():
        raise CheckFailed(expected=f"{tool} built", seen="it is missing",
                          hint="run `make` (make grade does this for you)")
    return tool


def tool(ctx, image: Path, *args: str, data: bytes = b"") -> None:
    """ext2tool IMAGE ARGS... must succeed; its stderr (the core's message) is the failure."""
    command = [str(ext2tool(ctx)), str(image), *args]
    try:
        run = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CheckFailed(expected=f"ext2tool {' '.join(args)} ends",
                          seen=f"still running after {TIMEOUT} s (an endless loop?)") from None
    stderr = run.stderr.decode(errors="replace").strip()
    if run.returncode != 0:
        ctx.log(stderr)
        crashed = "Sanitizer" in stderr or "runtime error" in stderr or run.returncode < 0
        lines = [line for line in stderr.splitlines() if line.strip()]
        summary = next((line for line in lines if "ERROR: AddressSanitizer" in line
                        or "runtime error" in line), "; ".join(lines[-3:]))
        raise CheckFailed(expected=f"ext2tool {' '.join(a[:60] for a in args)} succeeds",
                          seen=("it crashed: " if crashed else f"exit status {run.returncode}: ")
                          + summary)


def image(ctx, block_size: int, size: str = "8M") -> Path:
    return ext2_judge.make_image(ctx.workdir / f"disk-{block_size}.img", block_size, size)


def check_small_files(ctx) -> None:
    """A few small files in / and in a new directory: blocks and inodes taken in the
    bitmaps, the counts down by exactly what the files hold."""
    for block_size in BLOCK_SIZES:
        disk = image(ctx, block_size)
        blocks_before, inodes_before = ext2_judge.free_counts(disk)
        files = {f"/small-{i}.txt": some_bytes(100 + 1500 * i, i) for i in range(4)}
        for path, data in files.items():
            tool(ctx, disk, "write", path, data=data)
        ext2_judge.fsck_clean(ctx, disk, hint="e2fsck's pass 5 compares the bitmaps with the "
                              "blocks files really use and with the free counts: set the bit "
                              "and take one from the group's and the superblock's count.")
        for path, data in files.items():
            ext2_judge.same_bytes(disk, path, data)
        blocks_after, inodes_after = ext2_judge.free_counts(disk)
        held = sum(ext2_judge.blocks_held(disk, path) for path in files)
        if (inodes_before - inodes_after, blocks_before - blocks_after) != (len(files), held):
            raise CheckFailed(expected=f"{block_size}-byte blocks: {len(files)} inodes and "
                                       f"{held} blocks fewer free",
                              seen=f"{inodes_before - inodes_after} inodes and "
                                   f"{blocks_before - blocks_after} blocks fewer")


def check_large_files(ctx) -> None:
    """Files into the indirect and the double-indirect blocks."""
    for block_size in BLOCK_SIZES:
        per = block_size // 4
        disk = image(ctx, block_size, "32M")
        indirect = some_bytes((12 + per // 2) * block_size + 77, 10)
        double = some_bytes((12 + per + 3 * per // 2) * block_size + 5, 11) if block_size == 1024 \
            else some_bytes((12 + per) * block_size + 9 * block_size + 5, 11)
        tool(ctx, disk, "write", "/indirect.bin", data=indirect)
        tool(ctx, disk, "write", "/double.bin", data=double)
        ext2_judge.fsck_clean(ctx, disk, hint="A block the map names must be allocated (its bit "
                              "set) and counted in i_blocks, the indirect blocks too; a new "
                              "indirect block must be zeroed (ext2_bmap_alloc_zeroed).")
        ext2_judge.same_bytes(disk, "/indirect.bin", indirect)
        ext2_judge.same_bytes(disk, "/double.bin", double)
        for path, kinds in (("/indirect.bin", {"IND"}), ("/double.bin", {"IND", "DIND"})):
            seen = ext2_judge.map_kinds(disk, path)
            if not kinds <= seen:
                raise CheckFailed(expected=f"{path}'s map uses {sorted(kinds)} blocks",
                                  seen=f"debugfs lists {sorted(seen) or 'direct blocks only'}")


def check_directory(ctx) -> None:
    """A directory of several blocks, names of every length: each inserted once, then found
    by name (a write to an existing name replaces its bytes in the same inode)."""
    for block_size in BLOCK_SIZES:
        disk = image(ctx, block_size, "16M")
        tool(ctx, disk, "mkdir", "/many")
        count = 50 if block_size == 1024 else 60
        files = {f"f{i:03d}-" + "n" * (i * 37 % 200): some_bytes(i * 13 % 700, i)
                 for i in range(count)}
        for name, data in files.items():
            tool(ctx, disk, "write", f"/many/{name}", data=data)
        ext2_judge.fsck_clean(ctx, disk, hint="A record's slack (rec_len beyond what its own "
                              "name needs) takes the new entry: split it, the two rec_lens adding "
                              "up to the old one; a full directory gets a new block.")
        seen = ext2_judge.names(disk, "/many")
        if sorted(seen) != sorted(files):
            extra = sorted(set(seen) - set(files))[:3]
            missing = sorted(set(files) - set(seen))[:3]
            raise CheckFailed(expected=f"the {len(files)} names written, each once",
                              seen=f"{len(seen)} names; missing {missing}, unexpected {extra}")
        blocks, least = ext2_judge.blocks_held(disk, "/many"), 3 if block_size == 1024 else 2
        if blocks < least:
            raise CheckFailed(expected=f"/many spans {least} blocks or more",
                              seen=f"{blocks} blocks")
        # Found again: a second write to each of some names must go to the same inode.
        for name in sorted(files)[::7]:
            files[name] = b"again " + name.encode() + b"\n"
            tool(ctx, disk, "write", f"/many/{name}", data=files[name])
        ext2_judge.fsck_clean(ctx, disk, hint="A lookup that misses an existing name makes the "
                              "write create a second entry of it.")
        again = ext2_judge.names(disk, "/many")
        if again != seen:
            raise CheckFailed(expected="the same names and inodes after writing to existing names",
                              seen=f"{len(again)} names, some with other inodes")
        for name in sorted(files)[::7]:
            ext2_judge.same_bytes(disk, f"/many/{name}", files[name])
        ext2_judge.same_bytes(disk, "/many/" + sorted(files)[-1], files[sorted(files)[-1]])


def check_free(ctx) -> None:
    """Removing files gives their blocks and inodes back: the counts return to mke2fs's."""
    for block_size in BLOCK_SIZES:
        disk = image(ctx, block_size, "16M")
        before = ext2_judge.free_counts(disk)
        tool(ctx, disk, "mkdir", "/d")
        paths = [f"/d/gone-{i}" for i in range(5)]
        for i, path in enumerate(paths):
            tool(ctx, disk, "write", path, data=some_bytes(20000 * i + 10, 30 + i))
        for path in paths:
            tool(ctx, disk, "rm", path)
        tool(ctx, disk, "rmdir", "/d")
        ext2_judge.fsck_clean(ctx, disk, hint="Freeing clears the bit and adds one to the "
                              "group's and the superblock's free counts (and, for a directory's "
                              "inode, takes one from bg_used_dirs_count).")
        after = ext2_judge.free_counts(disk)
        if after != before:
            raise CheckFailed(expected=f"(free blocks, free inodes) back to {before}",
                              seen=f"{after}")
