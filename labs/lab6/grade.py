"""Lab 6 grader: the file server's ext2 allocation, block map and directories.

Run with ``make grade LAB=6``. Every check judges a disk image from outside, after the code
under test stopped, with Debian's e2fsck -fn and debugfs (ext2_judge.py): nothing the
student's code prints earns a mark.

- host (quick feedback): build/host/ext2tool, the ext2 core with the student's holes, on
  fresh mke2fs images of 1 KiB and 4 KiB blocks (host_checks.py);
- booted (the main evidence): the whole system in QEMU, kernel/tests/user/lab6_fs.c driving
  the guest file server on a fresh copy of build/disk.img (guest_checks.py; one boot serves
  every booted test).
"""

from __future__ import annotations

from grading.framework import CheckFailed, graded

import ext2_judge
import guest_checks
import host_checks
from guest_checks import DOUBLE_SIZE, INDIRECT_SIZE, MANY, SMALL_SIZE, booted_run, many_name

TITLE = "file system server"
# The files this lab's holes (LAB_HOLE) live in: what a student hands in.
STUDENT_FILES = ("servers/fs/ext2_alloc.c", "servers/fs/ext2_bmap.c", "servers/fs/ext2_dir.c")

ALLOC_HINT = ("ext2_block_alloc / ext2_inode_alloc: find a clear bit in the group's bitmap "
              "(ext2_bitmap_find_clear), set it, mark the bitmap's buffer dirty, take one from "
              "bg_free_*_count and s_free_*_count, set fs->meta_dirty; block n of group g is "
              "s_first_data_block + g * s_blocks_per_group + n, inode n is g * s_inodes_per_group "
              "+ n + 1.")
BMAP_HINT = ("ext2_bmap: blocks 0..11 are i_block[0..11]; the next addresses_per_block go "
             "through the indirect block i_block[12], the next addresses_per_block^2 through "
             "i_block[13], a block of indirect blocks. With create, allocate what is missing "
             "(ext2_bmap_alloc_zeroed), record it, and mark the indirect block you changed dirty.")
DIR_HINT = ("ext2_dir_insert: walk each block's records (ext2_dir_check_entry first); an entry "
            "uses EXT2_DIRENT_SIZE(name_len) bytes, the rest of its rec_len is slack: split the "
            "record there, or take a whole unused entry; no room: add a block with ext2_bmap(..., "
            "create) holding one entry of rec_len block_size, and grow i_size.")
LOOKUP_HINT = ("ext2_dir_lookup: every block of the directory (i_size / block_size), every "
               "record (step by rec_len, ext2_dir_check_entry first); a match is an entry in "
               "use with the same name_len and bytes (ext2_dir_name_is). Not there: "
               "ERR_NOT_FOUND.")


# -------------------------------------------------------------------------------------------
# On the host: ext2tool, with your code, on fresh images.

@graded(points=8, name="small files: blocks and inodes allocated in the bitmaps (host)",
        hint=ALLOC_HINT)
def host_small_files(ctx):
    host_checks.check_small_files(ctx)


@graded(points=8, name="large files through indirect and double-indirect blocks (host)",
        hint=BMAP_HINT)
def host_large_files(ctx):
    host_checks.check_large_files(ctx)


@graded(points=8, name="a directory of several blocks, every name found again (host)",
        hint=DIR_HINT + " " + LOOKUP_HINT)
def host_directory(ctx):
    host_checks.check_directory(ctx)


@graded(points=6, name="removed files give their blocks and inodes back (host)",
        hint="ext2_block_free / ext2_inode_free: clear the bit (it must have been set), mark "
             "the bitmap dirty, add one to both free counts; a directory's inode also takes one "
             "from bg_used_dirs_count.")
def host_free(ctx):
    host_checks.check_free(ctx)


# -------------------------------------------------------------------------------------------
# On the booted system: the file server in QEMU, the disk judged after QEMU stopped.

@graded(points=15, name="the disk the file server wrote is a clean ext2 (booted, e2fsck -fn)",
        hint="e2fsck -fn read the disk after the system stopped; its complaints name what is "
             "wrong: block/inode bitmap differences (allocation or free), free counts wrong "
             "(the group's or the superblock's count), a bad block map, a bad directory entry.")
def booted_clean(ctx):
    run = booted_run(ctx)
    if not ext2_judge.exists(run["disk"], "/lab6"):
        raise CheckFailed(expected="/lab6 made by the file server", seen="no /lab6 on the disk"
                          + guest_checks.missing_holes(run))
    guest_checks.check_clean(ctx, run)


@graded(points=15, name="files written through the server read back by debugfs (booted)",
        hint=BMAP_HINT)
def booted_files(ctx):
    run = booted_run(ctx)
    guest_checks.check_files(ctx, run, {
        "/lab6/small.txt": ext2_judge.pattern(1, SMALL_SIZE),
        "/lab6/indirect.bin": ext2_judge.pattern(2, INDIRECT_SIZE),
        "/lab6/double.bin": ext2_judge.pattern(3, DOUBLE_SIZE),
    }, {"/lab6/indirect.bin": {"IND"}, "/lab6/double.bin": {"IND", "DIND"}})


@graded(points=10, name="a large file read back through the server, cold (booted)",
        hint="The server read /lab6/double.bin after dropping its cache and wrote what it read "
             "to /lab6/double.copy: its map on the disk must lead to the right blocks, "
             "through the indirect and double-indirect blocks. " + BMAP_HINT)
def booted_read_back(ctx):
    run = booted_run(ctx)
    guest_checks.check_files(ctx, run, {"/lab6/double.copy": ext2_judge.pattern(3, DOUBLE_SIZE)},
                             {})


@graded(points=15, name="a directory of many entries, each found again by name (booted)",
        hint=DIR_HINT + " " + LOOKUP_HINT)
def booted_directory(ctx):
    run = booted_run(ctx)
    disk = run["disk"]
    seen = ext2_judge.names(disk, "/lab6/many")
    wanted = {many_name(i) for i in range(MANY)}
    if sorted(seen) != sorted(wanted):
        raise CheckFailed(expected=f"/lab6/many holds the {MANY} names lab6_fs made, each once",
                          seen=f"{len(seen)} names; missing {sorted(wanted - set(seen))[:3]}, "
                               f"unexpected {sorted(set(seen) - wanted)[:3]}"
                               + guest_checks.missing_holes(run))
    if ext2_judge.blocks_held(disk, "/lab6/many") < 4:
        raise CheckFailed(expected="/lab6/many spans several blocks",
                          seen=f"{ext2_judge.blocks_held(disk, '/lab6/many')} blocks")
    # Each was opened again without FS_O_CREATE (a lookup) and "found\n" appended.
    for i in range(MANY):
        ext2_judge.same_bytes(disk, f"/lab6/many/{many_name(i)}", f"entry {i}\nfound\n".encode(),
                              hint=LOOKUP_HINT)


@graded(points=10, name="lookups of names mke2fs made, and of a missing name (booted)",
        hint=LOOKUP_HINT)
def booted_lookup(ctx):
    run = booted_run(ctx)
    disk, original = run["disk"], run["original"]
    readme = ext2_judge.debugfs(original, "cat /home/student/README")
    ext2_judge.same_bytes(disk, "/home/student/README", readme + b"lab6 was here\n")
    if ext2_judge.inode_of(disk, "/home/student/README") != \
            ext2_judge.inode_of(original, "/home/student/README"):
        raise CheckFailed(expected="/home/student/README keeps its inode",
                          seen="another inode: the name was made again, not found")
    ext2_judge.same_bytes(disk, "/lab6/not-found", b"ERR_NOT_FOUND\n",
                          hint="Opening /lab6/many/absent (never made) must fail with "
                               "ERR_NOT_FOUND. " + LOOKUP_HINT)


@graded(points=5, name="an unlinked file's blocks and inode are free again (booted)",
        hint="ext2_block_free / ext2_inode_free: clear the bit and add one to both free "
             "counts. e2fsck -fn checks the counts; the test compares them with the disk's.")
def booted_free(ctx):
    run = booted_run(ctx)
    disk, original = run["disk"], run["original"]
    if ext2_judge.exists(disk, "/lab6/doomed.bin"):
        raise CheckFailed(expected="/lab6/doomed.bin unlinked", seen="it is still there")
    guest_checks.check_clean(ctx, run)
    blocks_before, inodes_before = ext2_judge.free_counts(original)
    blocks_after, inodes_after = ext2_judge.free_counts(disk)
    made = ["/lab6", "/lab6/small.txt", "/lab6/indirect.bin", "/lab6/double.bin",
            "/lab6/double.copy", "/lab6/many", "/lab6/not-found"] + \
        [f"/lab6/many/{many_name(i)}" for i in range(MANY)]
    held = sum(ext2_judge.blocks_held(disk, path) for path in made)
    for grown in ("/", "/home/student"):
        held += ext2_judge.blocks_held(disk, grown) - ext2_judge.blocks_held(original, grown)
    if (inodes_before - inodes_after, blocks_before - blocks_after) != (len(made), held):
        raise CheckFailed(expected=f"{len(made)} inodes and {held} blocks fewer free than on "
                                   "the original disk (what the files made hold)",
                          seen=f"{inodes_before - inodes_after} inodes and "
                               f"{blocks_before - blocks_after} blocks fewer")
