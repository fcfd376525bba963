/**
 * @file ext2_bmap.c
 * @brief A file's block map: which disk block holds each block of a file. The inode holds
 *        12 direct block numbers, then the number of an indirect block (a block full of
 *        block numbers), of a double-indirect block (a block of indirect blocks) and of a
 *        triple-indirect one (not needed below 2 GiB with 4 KiB blocks, refused here).
 */
#include <string.h>

#include "ext2.h"

/** Sectors of 512 bytes in a block: the unit of i_blocks. */
static uint32_t sectors_per_block(const struct ext2_fs *fs)
{
    return fs->block_size / 512u;
}

/** Allocates a zeroed block near @p goal for the map of @p inode (counted in i_blocks). */
static int alloc_zeroed(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t goal,
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

/**
 * Follows one level of the map: entry @p index of the indirect block @p table, allocating
 * (zeroed) what is missing with @p create. *next is 0 for a hole without @p create.
 */
static int follow(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode, uint32_t table,
                  uint32_t index, int create, uint32_t *next)
{
    int result = 0;
    struct ext2_buf *buffer = ext2_cache_lookup(&fs->cache, table);
    if (buffer == NULL && !create) {
        /* An indirect block lies just before the blocks it maps: read them with it, in
         * one request (a file read sequentially needs them next). */
        uint32_t run = fs->super.s_blocks_count - table;
        (void)ext2_cache_prefetch(&fs->cache, table, run < fs->cache.run_blocks ? run
                                                                             : fs->cache.run_blocks);
    }
    if (buffer == NULL)
        buffer = ext2_cache_get(&fs->cache, table, &result);
    if (buffer == NULL)
        return ext2_fail(fs, result, "inode %u: reading map block %u failed (%d)", ino, table,
                         result);
    uint32_t *entries = (uint32_t *)buffer->data;
    uint32_t entry = entries[index];
    if (entry != 0 && !ext2_block_valid(fs, entry)) {
        ext2_cache_put(&fs->cache, buffer);
        return ext2_fail(fs, FS_ERR_CORRUPT, "inode %u: map block %u names block %u, past "
                         "the end of the file system (%u blocks)", ino, table, entry,
                         fs->super.s_blocks_count);
    }
    if (entry == 0 && create) {
        result = alloc_zeroed(fs, inode, ext2_block_valid(fs, fs->alloc_hint) ? fs->alloc_hint
                                                                    : table + 1, &entry);
        if (result < 0) {
            ext2_cache_put(&fs->cache, buffer);
            return result;
        }
        entries[index] = entry;
        ext2_cache_dirty(buffer);
    }
    ext2_cache_put(&fs->cache, buffer);
    *next = entry;
    return 0;
}

/** The slot in the inode for i_block[@p slot], checked or allocated like follow(). */
static int follow_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                        uint32_t slot, int create, uint32_t goal, uint32_t *next)
{
    uint32_t entry = inode->i_block[slot];
    if (entry != 0 && !ext2_block_valid(fs, entry))
        return ext2_fail(fs, FS_ERR_CORRUPT, "inode %u: i_block[%u] = %u, past the end of the "
                         "file system (%u blocks)", ino, slot, entry, fs->super.s_blocks_count);
    if (entry == 0 && create) {
        int result = alloc_zeroed(fs, inode, goal, &entry);
        if (result < 0)
            return result;
        inode->i_block[slot] = entry;
    }
    *next = entry;
    return 0;
}

int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode, uint32_t file_block,
              int create, uint32_t *block)
{
    uint32_t per = fs->addresses_per_block;
    if (!ext2_inode_has_map(fs, inode))
        return ext2_fail(fs, ERR_INVALID, "inode %u has no block map (mode 0x%x)", ino,
                         inode->i_mode);
    /* A new file's first blocks go near its inode's group's start. */
    uint32_t goal = fs->super.s_first_data_block +
                    ((ino - 1) / fs->super.s_inodes_per_group) * fs->super.s_blocks_per_group;
    if (file_block > 0 && file_block <= EXT2_NDIR_BLOCKS && inode->i_block[file_block - 1])
        goal = inode->i_block[file_block - 1];
    else if (file_block > EXT2_NDIR_BLOCKS && ext2_block_valid(fs, fs->alloc_hint))
        goal = fs->alloc_hint;
    *block = 0;
    if (file_block < EXT2_NDIR_BLOCKS)
        return follow_inode(fs, ino, inode, file_block, create, goal, block);
    file_block -= EXT2_NDIR_BLOCKS;
    uint32_t table;
    int result;
    if (file_block < per) {
        result = follow_inode(fs, ino, inode, EXT2_IND_BLOCK, create, goal, &table);
        if (result < 0 || table == 0)
            return result;
        return follow(fs, ino, inode, table, file_block, create, block);
    }
    file_block -= per;
    if (file_block / per < per) {
        result = follow_inode(fs, ino, inode, EXT2_DIND_BLOCK, create, goal, &table);
        if (result < 0 || table == 0)
            return result;
        result = follow(fs, ino, inode, table, file_block / per, create, &table);
        if (result < 0 || table == 0)
            return result;
        return follow(fs, ino, inode, table, file_block % per, create, block);
    }
    return ext2_fail(fs, FS_ERR_TOO_BIG, "inode %u: block %u is past the double-indirect "
                     "blocks", ino, file_block + per + EXT2_NDIR_BLOCKS);
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
