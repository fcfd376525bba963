/**
 * @file ext2_bmap.c
 * @brief A file's block map: which disk block holds each block of a file. The inode holds
 *        12 direct block numbers, then the number of an indirect block (a block full of
 *        block numbers), of a double-indirect block (a block of indirect blocks) and of a
 *        triple-indirect one (not needed below 2 GiB with 4 KiB blocks, refused here).
 *
 * ext2_bmap is Lab 6's hole (labs/lab6/README.md, exercise 2); the reference is
 * solutions/lab6/fs/ext2_bmap.c. ext2_bmap_alloc_zeroed (ext2_lab.h) and the truncation
 * are given.
 */
#include "ext2.h"
#include "ext2_lab.h"
#include "lab_hole.h"

/** Sectors of 512 bytes in a block: the unit of i_blocks. */
static uint32_t sectors_per_block(const struct ext2_fs *fs)
{
    return fs->block_size / 512u;
}

int ext2_bmap_alloc_zeroed(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t goal,
                           uint32_t *block)
{
    int result = ext2_block_alloc(fs, goal, block);
    if (result < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get_zeroed(&fs->cache, *block, &result);
    if (buffer == NULL)
        return result;
    ext2_cache_put(&fs->cache, buffer);
    inode->i_blocks += sectors_per_block(fs);
    return 0;
}

LAB_HOLE int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                       uint32_t file_block, int create, uint32_t *block)
{
    (void)inode, (void)create;
    *block = 0;
    lab_hole_missing(6, "ext2_bmap");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_bmap is not implemented (inode %u, "
                     "block %u)", ino, file_block);
}

/**
 * Frees the blocks of the subtree under @p block (@p level 0: a data block, 1: an indirect
 * block, 2: double-indirect) from leaf @p keep on. Sets *gone when @p block itself was
 * freed (keep == 0).
 */
static int free_subtree(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t block,
                        int level, uint32_t keep, int *gone)
{
    *gone = 0;
    if (!ext2_block_valid(fs, block))
        return ext2_fail(fs, FS_ERR_CORRUPT, "truncating: map names block %u, outside the "
                         "file system", block);
    if (level > 0) {
        uint32_t per_entry = level == 1 ? 1 : fs->addresses_per_block;
        int result = 0;
        struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, &result);
        if (buffer == NULL)
            return result;
        uint32_t *entries = (uint32_t *)buffer->data;
        for (uint32_t i = 0; i < fs->addresses_per_block; i++) {
            uint32_t first_leaf = i * per_entry;
            if (entries[i] == 0 || first_leaf + per_entry <= keep)
                continue;
            int child_gone = 0;
            result = free_subtree(fs, inode, entries[i], level - 1,
                                  keep > first_leaf ? keep - first_leaf : 0, &child_gone);
            if (result < 0) {
                ext2_cache_put(&fs->cache, buffer);
                return result;
            }
            if (child_gone) {
                entries[i] = 0;
                ext2_cache_dirty(buffer);
            }
        }
        ext2_cache_put(&fs->cache, buffer);
    }
    if (keep == 0) {
        int result = ext2_block_free(fs, block);
        if (result < 0)
            return result;
        if (inode->i_blocks >= sectors_per_block(fs))
            inode->i_blocks -= sectors_per_block(fs);
        *gone = 1;
    }
    return 0;
}

int ext2_bmap_truncate(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t keep)
{
    uint32_t per = fs->addresses_per_block;
    uint32_t starts[3] = { EXT2_NDIR_BLOCKS, EXT2_NDIR_BLOCKS + per, EXT2_NDIR_BLOCKS + per + per * per };
    int result, gone;
    if (!ext2_inode_has_map(fs, inode))
        return 0;
    for (uint32_t i = keep; i < EXT2_NDIR_BLOCKS; i++) {
        if (inode->i_block[i] == 0)
            continue;
        if ((result = free_subtree(fs, inode, inode->i_block[i], 0, 0, &gone)) < 0)
            return result;
        inode->i_block[i] = 0;
    }
    for (int level = 1; level <= 2; level++) {
        uint32_t slot = EXT2_NDIR_BLOCKS + (uint32_t)level - 1;
        uint32_t start = starts[level - 1];
        if (inode->i_block[slot] == 0 || keep >= starts[level])
            continue;
        result = free_subtree(fs, inode, inode->i_block[slot], level,
                              keep > start ? keep - start : 0, &gone);
        if (result < 0)
            return result;
        if (gone)
            inode->i_block[slot] = 0;
    }
    if (inode->i_block[EXT2_TIND_BLOCK] != 0)
        return ext2_fail(fs, FS_ERR_TOO_BIG, "truncating: the file has triple-indirect blocks");
    return 0;
}
