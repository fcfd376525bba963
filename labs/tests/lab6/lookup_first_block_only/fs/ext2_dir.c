/*
 * labs/tests/lab6/lookup_first_block_only/fs/ext2_dir.c - a WRONG ext2_dir.c for
 * labs/test_lab6_wrong.py: ext2_dir_lookup searches only the directory's first block.
 * Otherwise the reference, Lab 6's directory holes:
 * ext2_dir_lookup and ext2_dir_insert (ext2.h specifies them).
 *
 * Linked into the file server and build/host/ext2tool in place of the stubs in
 * servers/fs/ext2_dir.c when Lab 6 is in SOLUTIONS.
 */
#include "ext2.h"
#include "ext2_lab.h"

/* Every entry of every block is checked before it is read. */
int ext2_dir_lookup(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t *ino)
{
    uint32_t count;
    int result = ext2_dir_blocks(fs, dir_ino, dir, &count);
    if (result < 0)
        return result;
    /* WRONG (a grader fixture): only the directory's first block is searched. */
    for (uint32_t index = 0; index < count && index < 1; index++) {
        struct ext2_buf *buffer = ext2_dir_block(fs, dir_ino, dir, index, &result);
        if (buffer == NULL)
            return result;
        for (uint32_t offset = 0; offset < fs->block_size;) {
            if ((result = ext2_dir_check_entry(fs, dir_ino, index, buffer->data, offset)) < 0) {
                ext2_cache_put(&fs->cache, buffer);
                return result;
            }
            const struct ext2_dirent *entry = (const struct ext2_dirent *)(buffer->data + offset);
            if (ext2_dir_name_is(entry, name, length)) {
                *ino = entry->inode;
                ext2_cache_put(&fs->cache, buffer);
                return 0;
            }
            offset += entry->rec_len;
        }
        ext2_cache_put(&fs->cache, buffer);
    }
    return ext2_fail(fs, ERR_NOT_FOUND, "no entry \"%s\" in directory inode %u",
                     ext2_text(fs, name, length), dir_ino);
}

int ext2_dir_insert(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t ino, uint8_t type)
{
    if (length == 0 || length > EXT2_NAME_LEN)
        return ext2_fail(fs, FS_ERR_NAME, "a name of %u bytes (1 .. 255)", length);
    uint32_t count;
    int result = ext2_dir_blocks(fs, dir_ino, dir, &count);
    if (result < 0)
        return result;
    uint32_t need = EXT2_DIRENT_SIZE(length);
    for (uint32_t index = 0; index < count; index++) {
        struct ext2_buf *buffer = ext2_dir_block(fs, dir_ino, dir, index, &result);
        if (buffer == NULL)
            return result;
        for (uint32_t offset = 0; offset < fs->block_size;) {
            if ((result = ext2_dir_check_entry(fs, dir_ino, index, buffer->data, offset)) < 0) {
                ext2_cache_put(&fs->cache, buffer);
                return result;
            }
            struct ext2_dirent *entry = (struct ext2_dirent *)(buffer->data + offset);
            /* An entry uses the bytes of its name rounded up; the rest of its record is
             * slack a new entry can take (all of it, if the entry is unused). */
            uint32_t used = entry->inode ? EXT2_DIRENT_SIZE(entry->name_len) : 0;
            if (entry->rec_len - used >= need) {
                if (used == 0) {
                    ext2_dir_fill_entry(entry, entry->rec_len, name, length, ino, type);
                } else { /* split the record: the old entry keeps what it uses */
                    struct ext2_dirent *added =
                        (struct ext2_dirent *)(buffer->data + offset + used);
                    ext2_dir_fill_entry(added, (uint16_t)(entry->rec_len - used), name, length,
                                        ino, type);
                    entry->rec_len = (uint16_t)used;
                }
                ext2_cache_dirty(buffer);
                ext2_cache_put(&fs->cache, buffer);
                ext2_dir_drop_index(fs, dir_ino, dir);
                return 0;
            }
            offset += entry->rec_len;
        }
        ext2_cache_put(&fs->cache, buffer);
    }
    /* No room: one more block, a single entry spanning it. */
    if (dir->i_size > EXT2_MAX_FILE_SIZE - fs->block_size)
        return ext2_fail(fs, FS_ERR_TOO_BIG, "directory inode %u is as big as it gets", dir_ino);
    uint32_t block;
    if ((result = ext2_bmap(fs, dir_ino, dir, count, 1, &block)) < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get_zeroed(&fs->cache, block, &result);
    if (buffer == NULL)
        return result;
    ext2_dir_fill_entry((struct ext2_dirent *)buffer->data, (uint16_t)fs->block_size, name,
                        length, ino, type);
    ext2_cache_put(&fs->cache, buffer);
    dir->i_size += fs->block_size;
    dir->i_flags &= ~EXT2_INDEX_FL;
    dir->i_mtime = dir->i_ctime = ext2_now(fs);
    return ext2_inode_write(fs, dir_ino, dir);
}

