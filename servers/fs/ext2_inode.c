/**
 * @file ext2_inode.c
 * @brief Inodes: inode n (counted from 1) is entry (n - 1) % inodes_per_group of the inode
 *        table of group (n - 1) / inodes_per_group, read and written through the cache.
 */
#include <string.h>

#include "ext2.h"

/** Where inode @p ino lies: the block of the inode table and the byte in it. */
static int inode_place(struct ext2_fs *fs, uint32_t ino, uint32_t *block, uint32_t *offset)
{
    if (ino == 0 || ino > fs->super.s_inodes_count)
        return ext2_fail(fs, FS_ERR_CORRUPT, "inode number %u out of range (1 .. %u)", ino,
                         fs->super.s_inodes_count);
    uint32_t index = (ino - 1) % fs->super.s_inodes_per_group;
    const struct ext2_group_desc *gd = &fs->groups[(ino - 1) / fs->super.s_inodes_per_group];
    *block = gd->bg_inode_table + index / fs->inodes_per_block;
    *offset = (index % fs->inodes_per_block) * fs->inode_size;
    return 0;
}

int ext2_inode_read(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode)
{
    uint32_t block, offset;
    int result = inode_place(fs, ino, &block, &offset);
    if (result < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, &result);
    if (buffer == NULL)
        return ext2_fail(fs, result, "reading inode %u failed (%d)", ino, result);
    memcpy(inode, buffer->data + offset, sizeof *inode);
    ext2_cache_put(&fs->cache, buffer);
    return 0;
}

int ext2_inode_write(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *inode)
{
    uint32_t block, offset;
    int result = inode_place(fs, ino, &block, &offset);
    if (result < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, &result);
    if (buffer == NULL)
        return ext2_fail(fs, result, "reading inode %u failed (%d)", ino, result);
    memcpy(buffer->data + offset, inode, sizeof *inode);
    ext2_cache_dirty(buffer);
    ext2_cache_put(&fs->cache, buffer);
    return 0;
}

int ext2_inode_init(struct ext2_fs *fs, uint32_t ino, uint16_t mode, struct ext2_inode *inode)
{
    uint32_t block, offset;
    int result = inode_place(fs, ino, &block, &offset);
    if (result < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, &result);
    if (buffer == NULL)
        return ext2_fail(fs, result, "reading inode %u failed (%d)", ino, result);
    uint8_t *place = buffer->data + offset;
    memset(place, 0, fs->inode_size);
    if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE) {
        /* i_extra_isize: the bytes of the large inode's fields in use, as mke2fs sets it. */
        uint16_t extra = fs->super.s_want_extra_isize ? fs->super.s_want_extra_isize : 32;
        if (extra > fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE)
            extra = (uint16_t)(fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE);
        memcpy(place + EXT2_GOOD_OLD_INODE_SIZE, &extra, sizeof extra);
    }
    memset(inode, 0, sizeof *inode);
    inode->i_mode = mode;
    inode->i_links_count = 1;
    inode->i_atime = inode->i_ctime = inode->i_mtime = ext2_now(fs);
    memcpy(place, inode, sizeof *inode);
    ext2_cache_dirty(buffer);
    ext2_cache_put(&fs->cache, buffer);
    return 0;
}

int ext2_inode_has_map(const struct ext2_fs *fs, const struct ext2_inode *inode)
{
    switch (inode->i_mode & EXT2_S_IFMT) {
    case EXT2_S_IFREG:
    case EXT2_S_IFDIR:
        return 1;
    case EXT2_S_IFLNK:
        return inode->i_blocks > (inode->i_file_acl ? fs->block_size / 512u : 0u);
    default:
        return 0;
    }
}
