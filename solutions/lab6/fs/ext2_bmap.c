/*
 * solutions/lab6/fs/ext2_bmap.c - reference solution of Lab 6's block-map hole, ext2_bmap
 * (ext2.h specifies it): direct, indirect and double-indirect blocks, allocating on write.
 *
 * Linked into the file server and build/host/ext2tool in place of the stub in
 * servers/fs/ext2_bmap.c when Lab 6 is in SOLUTIONS.
 */
#include "ext2.h"
#include "ext2_lab.h"

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
        uint32_t goal = ext2_block_valid(fs, fs->alloc_hint) ? fs->alloc_hint : table + 1;
        result = ext2_bmap_alloc_zeroed(fs, inode, goal, &entry);
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
        int result = ext2_bmap_alloc_zeroed(fs, inode, goal, &entry);
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

