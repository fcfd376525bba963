/**
 * @file ext2_file.c
 * @brief A file's bytes: reads and writes block by block through the block map and the
 *        cache (a read copies straight from the cached block to the caller's buffer), and
 *        truncation.
 */
#include <string.h>

#include "ext2.h"

/** Read-ahead: block @p file_block (at disk block @p block) is not cached: reads it
 *  together with the file's next blocks that follow it on the disk, in one request. */
static void read_ahead(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                       uint32_t file_block, uint32_t block)
{
    uint32_t file_blocks = (inode->i_size + fs->block_size - 1) / fs->block_size;
    uint32_t run = 1;
    while (run < fs->cache.run_blocks && file_block + run < file_blocks) {
        uint32_t next;
        if (ext2_bmap(fs, ino, inode, file_block + run, 0, &next) < 0 || next != block + run)
            break;
        run++;
    }
    /* An error here is found again, and reported, when the block itself is read. */
    (void)ext2_cache_prefetch(&fs->cache, block, run);
}

int ext2_file_read(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode, uint32_t offset,
                   void *buffer, uint32_t length)
{
    if (offset >= inode->i_size)
        return 0;
    if (length > inode->i_size - offset)
        length = inode->i_size - offset;
    if (length > EXT2_MAX_FILE_SIZE)
        length = EXT2_MAX_FILE_SIZE;
    uint8_t *out = buffer;
    uint32_t done = 0;
    while (done < length) {
        uint32_t file_block = (offset + done) / fs->block_size;
        uint32_t within = (offset + done) % fs->block_size;
        uint32_t chunk = fs->block_size - within;
        if (chunk > length - done)
            chunk = length - done;
        uint32_t block;
        int result = ext2_bmap(fs, ino, inode, file_block, 0, &block);
        if (result < 0)
            return done > 0 ? (int)done : result;
        if (block == 0) {
            memset(out + done, 0, chunk);
        } else {
            struct ext2_buf *cached = ext2_cache_lookup(&fs->cache, block);
            if (cached == NULL) {
                read_ahead(fs, ino, inode, file_block, block);
                cached = ext2_cache_get(&fs->cache, block, &result);
            }
            if (cached == NULL)
                return done > 0 ? (int)done
                                : ext2_fail(fs, result, "inode %u: reading block %u failed (%d)",
                                            ino, block, result);
            memcpy(out + done, cached->data + within, chunk);
            ext2_cache_put(&fs->cache, cached);
        }
        done += chunk;
    }
    return (int)done;
}

int ext2_file_write(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                    uint32_t offset, const void *buffer, uint32_t length)
{
    if ((inode->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_IS_DIR, "inode %u is a directory", ino);
    if (offset > EXT2_MAX_FILE_SIZE || length > EXT2_MAX_FILE_SIZE - offset)
        return ext2_fail(fs, FS_ERR_TOO_BIG, "writing %u bytes at %u: past 2 GiB", length, offset);
    const uint8_t *in = buffer;
    uint32_t done = 0;
    int error = 0;
    while (done < length) {
        uint32_t file_block = (offset + done) / fs->block_size;
        uint32_t within = (offset + done) % fs->block_size;
        uint32_t chunk = fs->block_size - within;
        if (chunk > length - done)
            chunk = length - done;
        uint32_t block;
        if ((error = ext2_bmap(fs, ino, inode, file_block, 1, &block)) < 0)
            break;
        struct ext2_buf *cached = ext2_cache_get(&fs->cache, block, &error);
        if (cached == NULL)
            break;
        memcpy(cached->data + within, in + done, chunk);
        ext2_cache_dirty(cached);
        ext2_cache_put(&fs->cache, cached);
        done += chunk;
    }
    if (offset + done > inode->i_size)
        inode->i_size = offset + done;
    inode->i_mtime = inode->i_ctime = ext2_now(fs);
    int result = ext2_inode_write(fs, ino, inode);
    if (done == 0)
        return error < 0 ? error : result;
    return (int)done;
}

int ext2_file_truncate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                       uint32_t size)
{
    if ((inode->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_IS_DIR, "inode %u is a directory", ino);
    if (size > EXT2_MAX_FILE_SIZE)
        return ext2_fail(fs, FS_ERR_TOO_BIG, "size %u is past 2 GiB", size);
    int result;
    if (size < inode->i_size) {
        uint32_t keep = (size + fs->block_size - 1) / fs->block_size;
        if ((result = ext2_bmap_truncate(fs, inode, keep)) < 0)
            return result;
        /* The rest of a partial last block reads as zeros if the file grows again. */
        uint32_t tail = size % fs->block_size, block;
        if (tail != 0 && ext2_bmap(fs, ino, inode, size / fs->block_size, 0, &block) == 0 &&
            block != 0) {
            struct ext2_buf *cached = ext2_cache_get(&fs->cache, block, &result);
            if (cached == NULL)
                return result;
            memset(cached->data + tail, 0, fs->block_size - tail);
            ext2_cache_dirty(cached);
            ext2_cache_put(&fs->cache, cached);
        }
    }
    inode->i_size = size;
    inode->i_size_high = 0;
    inode->i_mtime = inode->i_ctime = ext2_now(fs);
    return ext2_inode_write(fs, ino, inode);
}
