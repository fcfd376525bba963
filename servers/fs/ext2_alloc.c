/**
 * @file ext2_alloc.c
 * @brief Block and inode allocation in the bitmaps: each group has one block of bitmap for
 *        its blocks and one for its inodes (a set bit: in use). The free counts live twice,
 *        in the group's descriptor and summed in the superblock; every change here keeps
 *        both right, which is what e2fsck's pass 5 checks.
 *
 * The allocators (ext2_block_alloc, ext2_block_free, ext2_inode_alloc, ext2_inode_free) are
 * Lab 6's holes (labs/lab6/README.md, exercise 1); the reference is
 * solutions/lab6/fs/ext2_alloc.c. The helpers below (ext2_lab.h) are given.
 */
#include "ext2.h"
#include "ext2_lab.h"
#include "lab_hole.h"

uint32_t ext2_bitmap_find_clear(const uint8_t *bitmap, uint32_t start, uint32_t end)
{
    uint32_t bit = start;
    while (bit < end) {
        if ((bit & 7) == 0 && bitmap[bit >> 3] == 0xFF) {
            bit += 8;
            continue;
        }
        if (!(bitmap[bit >> 3] & (1u << (bit & 7))))
            return bit;
        bit++;
    }
    return end;
}

uint32_t ext2_group_blocks(const struct ext2_fs *fs, uint32_t group)
{
    uint32_t first = fs->super.s_first_data_block + group * fs->super.s_blocks_per_group;
    uint32_t left = fs->super.s_blocks_count - first;
    return left < fs->super.s_blocks_per_group ? left : fs->super.s_blocks_per_group;
}

int ext2_is_group_metadata(const struct ext2_fs *fs, uint32_t group, uint32_t block)
{
    const struct ext2_group_desc *gd = &fs->groups[group];
    return block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap ||
           (block >= gd->bg_inode_table && block < gd->bg_inode_table + fs->itable_blocks) ||
           block <= fs->super.s_first_data_block + fs->gdt_blocks + fs->super.s_reserved_gdt_blocks;
}

LAB_HOLE int ext2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *block)
{
    (void)goal, (void)block;
    lab_hole_missing(6, "ext2_block_alloc");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_block_alloc is not implemented");
}

LAB_HOLE int ext2_block_free(struct ext2_fs *fs, uint32_t block)
{
    lab_hole_missing(6, "ext2_block_free");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_block_free is not implemented (block %u)",
                     block);
}

LAB_HOLE int ext2_inode_alloc(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino)
{
    (void)parent, (void)is_dir, (void)ino;
    lab_hole_missing(6, "ext2_inode_alloc");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_inode_alloc is not implemented");
}

LAB_HOLE int ext2_inode_free(struct ext2_fs *fs, uint32_t ino, int is_dir)
{
    (void)is_dir;
    lab_hole_missing(6, "ext2_inode_free");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_inode_free is not implemented (inode %u)",
                     ino);
}
