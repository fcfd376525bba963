/*
 * labs/tests/lab6/alloc_leaves_bitmap/fs/ext2_alloc.c - a WRONG ext2_alloc.c for
 * labs/test_lab6_wrong.py: ext2_block_alloc takes the counts but never sets the block's bit.
 * Otherwise the reference (solutions/lab6/fs/ext2_alloc.c), Lab 6's allocation holes:
 * ext2_block_alloc, ext2_block_free, ext2_inode_alloc, ext2_inode_free (ext2.h specifies
 * them).
 *
 * Linked into the file server and build/host/ext2tool in place of the stubs in
 * servers/fs/ext2_alloc.c when Lab 6 is in SOLUTIONS.
 */
#include "ext2.h"
#include "ext2_lab.h"

/** Tries group @p group from bit @p start: 1 and *block if found, 0 if full, or an error. */
static int alloc_in_group(struct ext2_fs *fs, uint32_t group, uint32_t start, uint32_t *block)
{
    struct ext2_group_desc *gd = &fs->groups[group];
    if (gd->bg_free_blocks_count == 0)
        return 0;
    int error = 0;
    struct ext2_buf *bitmap = ext2_cache_get(&fs->cache, gd->bg_block_bitmap, &error);
    if (bitmap == NULL)
        return ext2_fail(fs, error, "reading group %u's block bitmap failed (%d)", group, error);
    uint32_t end = ext2_group_blocks(fs, group);
    uint32_t bit = ext2_bitmap_find_clear(bitmap->data, start, end);
    if (bit == end && start > 0)
        bit = ext2_bitmap_find_clear(bitmap->data, 0, start);
    if (bit >= end) {
        ext2_cache_put(&fs->cache, bitmap);
        return ext2_fail(fs, FS_ERR_CORRUPT, "group %u: block bitmap full, but its descriptor "
                         "counts %u free", group, gd->bg_free_blocks_count);
    }
    uint32_t found = fs->super.s_first_data_block + group * fs->super.s_blocks_per_group + bit;
    if (ext2_is_group_metadata(fs, group, found)) {
        ext2_cache_put(&fs->cache, bitmap);
        return ext2_fail(fs, FS_ERR_CORRUPT, "group %u: block bitmap says metadata block %u "
                         "is free", group, found);
    }
    /* WRONG (a grader fixture): the bit is never set, so the block stays free in the
     * bitmap (the counts still go down) and the next allocation can hand it out again. */
    ext2_cache_put(&fs->cache, bitmap);
    gd->bg_free_blocks_count--;
    fs->super.s_free_blocks_count--;
    fs->meta_dirty = 1;
    *block = found;
    fs->alloc_hint = found + 1;
    return 1;
}

int ext2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *block)
{
    if (!ext2_block_valid(fs, goal))
        goal = fs->super.s_first_data_block;
    uint32_t group = (goal - fs->super.s_first_data_block) / fs->super.s_blocks_per_group;
    uint32_t start = (goal - fs->super.s_first_data_block) % fs->super.s_blocks_per_group;
    for (uint32_t i = 0; i < fs->group_count; i++) {
        uint32_t g = (group + i) % fs->group_count;
        int result = alloc_in_group(fs, g, i == 0 ? start : 0, block);
        if (result != 0)
            return result < 0 ? result : 0;
    }
    return ext2_fail(fs, FS_ERR_NO_SPACE, "no free block left");
}

int ext2_block_free(struct ext2_fs *fs, uint32_t block)
{
    if (!ext2_block_valid(fs, block))
        return ext2_fail(fs, FS_ERR_CORRUPT, "freeing block %u, outside the file system", block);
    uint32_t group = (block - fs->super.s_first_data_block) / fs->super.s_blocks_per_group;
    uint32_t bit = (block - fs->super.s_first_data_block) % fs->super.s_blocks_per_group;
    struct ext2_group_desc *gd = &fs->groups[group];
    if (ext2_is_group_metadata(fs, group, block))
        return ext2_fail(fs, FS_ERR_CORRUPT, "freeing block %u, group %u's metadata", block, group);
    int error = 0;
    struct ext2_buf *bitmap = ext2_cache_get(&fs->cache, gd->bg_block_bitmap, &error);
    if (bitmap == NULL)
        return ext2_fail(fs, error, "reading group %u's block bitmap failed (%d)", group, error);
    uint8_t mask = (uint8_t)(1u << (bit & 7));
    if (!(bitmap->data[bit >> 3] & mask)) {
        ext2_cache_put(&fs->cache, bitmap);
        return ext2_fail(fs, FS_ERR_CORRUPT, "freeing block %u, which is already free", block);
    }
    bitmap->data[bit >> 3] &= (uint8_t)~mask;
    ext2_cache_dirty(bitmap);
    ext2_cache_put(&fs->cache, bitmap);
    gd->bg_free_blocks_count++;
    fs->super.s_free_blocks_count++;
    fs->meta_dirty = 1;
    ext2_cache_forget(&fs->cache, block);
    return 0;
}

int ext2_inode_alloc(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino)
{
    uint32_t ipg = fs->super.s_inodes_per_group;
    uint32_t first_ino = fs->super.s_rev_level == 0 ? EXT2_GOOD_OLD_FIRST_INO
                                                    : fs->super.s_first_ino;
    uint32_t home = parent >= 1 && parent <= fs->super.s_inodes_count ? (parent - 1) / ipg : 0;
    for (uint32_t i = 0; i < fs->group_count; i++) {
        uint32_t g = (home + i) % fs->group_count;
        struct ext2_group_desc *gd = &fs->groups[g];
        if (gd->bg_free_inodes_count == 0)
            continue;
        int error = 0;
        struct ext2_buf *bitmap = ext2_cache_get(&fs->cache, gd->bg_inode_bitmap, &error);
        if (bitmap == NULL)
            return ext2_fail(fs, error, "reading group %u's inode bitmap failed (%d)", g, error);
        /* Inodes below the first non-reserved one are never handed out. */
        uint32_t start = g * ipg + 1 < first_ino ? first_ino - 1 - g * ipg : 0;
        uint32_t bit = start < ipg ? ext2_bitmap_find_clear(bitmap->data, start, ipg) : ipg;
        if (bit >= ipg) {
            ext2_cache_put(&fs->cache, bitmap);
            return ext2_fail(fs, FS_ERR_CORRUPT, "group %u: inode bitmap full, but its "
                             "descriptor counts %u free", g, gd->bg_free_inodes_count);
        }
        bitmap->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
        ext2_cache_dirty(bitmap);
        ext2_cache_put(&fs->cache, bitmap);
        gd->bg_free_inodes_count--;
        fs->super.s_free_inodes_count--;
        if (is_dir)
            gd->bg_used_dirs_count++;
        fs->meta_dirty = 1;
        *ino = g * ipg + bit + 1;
        return 0;
    }
    return ext2_fail(fs, FS_ERR_NO_SPACE, "no free inode left");
}

int ext2_inode_free(struct ext2_fs *fs, uint32_t ino, int is_dir)
{
    if (ino <= EXT2_ROOT_INO || ino > fs->super.s_inodes_count)
        return ext2_fail(fs, FS_ERR_CORRUPT, "freeing inode %u, out of range", ino);
    uint32_t group = (ino - 1) / fs->super.s_inodes_per_group;
    uint32_t bit = (ino - 1) % fs->super.s_inodes_per_group;
    struct ext2_group_desc *gd = &fs->groups[group];
    int error = 0;
    struct ext2_buf *bitmap = ext2_cache_get(&fs->cache, gd->bg_inode_bitmap, &error);
    if (bitmap == NULL)
        return ext2_fail(fs, error, "reading group %u's inode bitmap failed (%d)", group, error);
    uint8_t mask = (uint8_t)(1u << (bit & 7));
    if (!(bitmap->data[bit >> 3] & mask)) {
        ext2_cache_put(&fs->cache, bitmap);
        return ext2_fail(fs, FS_ERR_CORRUPT, "freeing inode %u, which is already free", ino);
    }
    bitmap->data[bit >> 3] &= (uint8_t)~mask;
    ext2_cache_dirty(bitmap);
    ext2_cache_put(&fs->cache, bitmap);
    gd->bg_free_inodes_count++;
    fs->super.s_free_inodes_count++;
    if (is_dir && gd->bg_used_dirs_count > 0)
        gd->bg_used_dirs_count--;
    fs->meta_dirty = 1;
    return 0;
}
