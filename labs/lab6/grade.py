"""Lab 6 grader: the file server's ext2 allocation, block map and directories.

Run with ``make grade LAB=6``. Every check judges a disk image from outside, after the code
under test stopped, with Debian's e2fsck -fn and debugfs (ext2_judge.py): nothing the
student's code prints earns a mark.

- host (quick feedback): build/host/ext2tool, the ext2 core with the student's holes, on
  fresh mke2fs images of 1 KiB and 4 KiB blocks (host_checks.py);
- booted (the main evidence, once the guest file server answers requests): the whole
  system in QEMU, kernel/tests/user/lab6_fs.c driving the guest file server on a fresh copy
  of build/disk.img.
"""

from __future__ import annotations

from grading.framework import graded

import host_checks

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
