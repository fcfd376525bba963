/**
 * @file ext2_dir.c
 * @brief Directories: a directory's blocks hold a chain of variable-length entries
 *        (ext2_dirent), each with the length of its record; the records of a block add up
 *        to the block exactly. Every entry read is checked before it is used, so that an
 *        image with a bad record length is refused, not walked off the end of a buffer.
 *
 * ext2_dir_lookup and ext2_dir_insert are Lab 6's holes (labs/lab6/README.md, exercise 3);
 * the reference is solutions/lab6/fs/ext2_dir.c. The helpers they are written with
 * (ext2_lab.h) are given.
 */
#include "ext2.h"
#include "ext2_lab.h" /* and <string.h>: a lab file includes no system header itself */
#include "lab_hole.h"

uint8_t ext2_dir_type_of(const struct ext2_fs *fs, uint16_t mode)
{
    if (!fs->has_filetype)
        return EXT2_FT_UNKNOWN;
    switch (mode & EXT2_S_IFMT) {
    case EXT2_S_IFREG: return EXT2_FT_REG_FILE;
    case EXT2_S_IFDIR: return EXT2_FT_DIR;
    case EXT2_S_IFLNK: return EXT2_FT_SYMLINK;
    default: return EXT2_FT_UNKNOWN;
    }
}

/** Blocks of directory @p dir, checked: its size must be whole blocks. */
int ext2_dir_blocks(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    uint32_t *count)
{
    if ((dir->i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_NOT_DIR, "inode %u is not a directory", dir_ino);
    if (dir->i_size % fs->block_size != 0 || dir->i_size == 0)
        return ext2_fail(fs, FS_ERR_CORRUPT, "directory inode %u: size %u is not whole blocks",
                         dir_ino, dir->i_size);
    *count = dir->i_size / fs->block_size;
    return 0;
}

/** Holds block @p index of directory @p dir (a hole there is corrupt). */
struct ext2_buf *ext2_dir_block(struct ext2_fs *fs, uint32_t dir_ino,
                                const struct ext2_inode *dir, uint32_t index, int *error)
{
    uint32_t block;
    struct ext2_inode copy = *dir;
    *error = ext2_bmap(fs, dir_ino, &copy, index, 0, &block);
    if (*error < 0)
        return NULL;
    if (block == 0) {
        *error = ext2_fail(fs, FS_ERR_CORRUPT, "directory inode %u: block %u is a hole",
                           dir_ino, index);
        return NULL;
    }
    struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, error);
    if (buffer == NULL)
        ext2_fail(fs, *error, "directory inode %u: reading block %u failed (%d)", dir_ino,
                  block, *error);
    return buffer;
}

/** Checks the entry at @p offset of a directory block: its record inside the block and
 *  big enough for its name, its inode in range. */
int ext2_dir_check_entry(struct ext2_fs *fs, uint32_t dir_ino, uint32_t index,
                         const uint8_t *data, uint32_t offset)
{
    const struct ext2_dirent *entry = (const struct ext2_dirent *)(data + offset);
    uint32_t left = fs->block_size - offset;
    if (left < EXT2_DIRENT_HEADER || entry->rec_len < EXT2_DIRENT_HEADER ||
        entry->rec_len % 4 != 0 || entry->rec_len > left ||
        (entry->inode != 0 && EXT2_DIRENT_SIZE(entry->name_len) > entry->rec_len))
        return ext2_fail(fs, FS_ERR_CORRUPT, "directory inode %u, block %u, byte %u: bad "
                         "entry (record length %u, name length %u)", dir_ino, index, offset,
                         left < EXT2_DIRENT_HEADER ? 0u : entry->rec_len,
                         left < EXT2_DIRENT_HEADER ? 0u : entry->name_len);
    if (entry->inode > fs->super.s_inodes_count)
        return ext2_fail(fs, FS_ERR_CORRUPT, "directory inode %u, block %u, byte %u: entry "
                         "names inode %u, out of range", dir_ino, index, offset, entry->inode);
    return 0;
}

int ext2_dir_name_is(const struct ext2_dirent *entry, const char *name, uint32_t length)
{
    return entry->inode != 0 && entry->name_len == length && memcmp(entry->name, name, length) == 0;
}

LAB_HOLE int ext2_dir_lookup(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                             const char *name, uint32_t length, uint32_t *ino)
{
    (void)dir, (void)name, (void)length, (void)ino;
    lab_hole_missing(6, "ext2_dir_lookup");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_dir_lookup is not implemented "
                     "(directory inode %u)", dir_ino);
}

void ext2_dir_fill_entry(struct ext2_dirent *entry, uint16_t rec_len, const char *name,
                         uint32_t length, uint32_t ino, uint8_t type)
{
    entry->inode = ino;
    entry->rec_len = rec_len;
    entry->name_len = (uint8_t)length;
    entry->file_type = type;
    memcpy(entry->name, name, length);
}

/** A directory changed by this core drops its hash index (ext2_format.h, EXT2_INDEX_FL). */
void ext2_dir_drop_index(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir)
{
    if (dir->i_flags & EXT2_INDEX_FL) {
        dir->i_flags &= ~EXT2_INDEX_FL;
        ext2_inode_write(fs, dir_ino, dir);
    }
}

LAB_HOLE int ext2_dir_insert(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                             const char *name, uint32_t length, uint32_t ino, uint8_t type)
{
    (void)dir, (void)name, (void)length, (void)ino, (void)type;
    lab_hole_missing(6, "ext2_dir_insert");
    return ext2_fail(fs, ERR_INVALID, "lab 6: ext2_dir_insert is not implemented "
                     "(directory inode %u)", dir_ino);
}

int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t *ino)
{
    uint32_t count;
    int result = ext2_dir_blocks(fs, dir_ino, dir, &count);
    if (result < 0)
        return result;
    for (uint32_t index = 0; index < count; index++) {
        struct ext2_buf *buffer = ext2_dir_block(fs, dir_ino, dir, index, &result);
        if (buffer == NULL)
            return result;
        struct ext2_dirent *previous = NULL;
        for (uint32_t offset = 0; offset < fs->block_size;) {
            if ((result = ext2_dir_check_entry(fs, dir_ino, index, buffer->data, offset)) < 0) {
                ext2_cache_put(&fs->cache, buffer);
                return result;
            }
            struct ext2_dirent *entry = (struct ext2_dirent *)(buffer->data + offset);
            if (ext2_dir_name_is(entry, name, length)) {
                *ino = entry->inode;
                if (previous != NULL)
                    previous->rec_len = (uint16_t)(previous->rec_len + entry->rec_len);
                else
                    entry->inode = 0;
                ext2_cache_dirty(buffer);
                ext2_cache_put(&fs->cache, buffer);
                ext2_dir_drop_index(fs, dir_ino, dir);
                return 0;
            }
            previous = entry;
            offset += entry->rec_len;
        }
        ext2_cache_put(&fs->cache, buffer);
    }
    return ext2_fail(fs, ERR_NOT_FOUND, "no entry \"%s\" in directory inode %u",
                     ext2_text(fs, name, length), dir_ino);
}

int ext2_dir_next(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                  uint32_t *cookie, struct ext2_dir_entry *out)
{
    uint32_t count;
    int result = ext2_dir_blocks(fs, dir_ino, dir, &count);
    if (result < 0)
        return result;
    while (*cookie / fs->block_size < count) {
        uint32_t index = *cookie / fs->block_size;
        struct ext2_buf *buffer = ext2_dir_block(fs, dir_ino, dir, index, &result);
        if (buffer == NULL)
            return result;
        /* Walk from the block's start: a cookie is only ever an entry's offset, but a
         * client may send any number. */
        uint32_t offset = 0, target = *cookie % fs->block_size;
        while (offset < fs->block_size) {
            if ((result = ext2_dir_check_entry(fs, dir_ino, index, buffer->data, offset)) < 0) {
                ext2_cache_put(&fs->cache, buffer);
                return result;
            }
            const struct ext2_dirent *entry = (const struct ext2_dirent *)(buffer->data + offset);
            uint32_t next = offset + entry->rec_len;
            if (offset >= target && entry->inode != 0) {
                out->inode = entry->inode;
                out->type = fs->has_filetype ? entry->file_type : 0;
                out->name_length = entry->name_len;
                memcpy(out->name, entry->name, entry->name_len);
                out->name[entry->name_len] = '\0';
                *cookie = index * fs->block_size + next;
                ext2_cache_put(&fs->cache, buffer);
                return 1;
            }
            offset = next;
        }
        ext2_cache_put(&fs->cache, buffer);
        *cookie = (index + 1) * fs->block_size;
    }
    return 0;
}

int ext2_dir_is_empty(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir)
{
    uint32_t cookie = 0;
    struct ext2_dir_entry entry;
    int result;
    while ((result = ext2_dir_next(fs, dir_ino, dir, &cookie, &entry)) == 1) {
        int dots = (entry.name_length == 1 && entry.name[0] == '.') ||
                   (entry.name_length == 2 && entry.name[0] == '.' && entry.name[1] == '.');
        if (!dots)
            return 0;
    }
    return result < 0 ? result : 1;
}

int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *dir, uint32_t parent)
{
    uint32_t block;
    int result = ext2_bmap(fs, ino, dir, 0, 1, &block);
    if (result < 0)
        return result;
    struct ext2_buf *buffer = ext2_cache_get_zeroed(&fs->cache, block, &result);
    if (buffer == NULL)
        return result;
    uint8_t type = ext2_dir_type_of(fs, EXT2_S_IFDIR);
    struct ext2_dirent *dot = (struct ext2_dirent *)buffer->data;
    ext2_dir_fill_entry(dot, 12, ".", 1, ino, type);
    ext2_dir_fill_entry((struct ext2_dirent *)(buffer->data + 12), (uint16_t)(fs->block_size - 12),
               "..", 2, parent, type);
    ext2_cache_put(&fs->cache, buffer);
    dir->i_size = fs->block_size;
    return ext2_inode_write(fs, ino, dir);
}

/** Holds the first block of @p dir and finds its ".." entry (checked). */
static struct ext2_buf *dotdot(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                               struct ext2_dirent **entry, int *error)
{
    uint32_t count;
    if ((*error = ext2_dir_blocks(fs, dir_ino, dir, &count)) < 0)
        return NULL;
    struct ext2_buf *buffer = ext2_dir_block(fs, dir_ino, dir, 0, error);
    if (buffer == NULL)
        return NULL;
    struct ext2_dirent *dot = (struct ext2_dirent *)buffer->data;
    if ((*error = ext2_dir_check_entry(fs, dir_ino, 0, buffer->data, 0)) == 0 &&
        (*error = ext2_dir_check_entry(fs, dir_ino, 0, buffer->data, dot->rec_len % fs->block_size)) == 0) {
        struct ext2_dirent *dd = (struct ext2_dirent *)(buffer->data + dot->rec_len);
        if (dot->rec_len < fs->block_size && dd->name_len == 2 && dd->name[0] == '.' &&
            dd->name[1] == '.' && dd->inode != 0) {
            *entry = dd;
            return buffer;
        }
        *error = ext2_fail(fs, FS_ERR_CORRUPT, "directory inode %u: its second entry is "
                           "not \"..\"", dir_ino);
    }
    ext2_cache_put(&fs->cache, buffer);
    return NULL;
}

int ext2_dir_parent(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    uint32_t *parent)
{
    struct ext2_dirent *entry;
    int error;
    struct ext2_buf *buffer = dotdot(fs, dir_ino, dir, &entry, &error);
    if (buffer == NULL)
        return error;
    *parent = entry->inode;
    ext2_cache_put(&fs->cache, buffer);
    return 0;
}

int ext2_dir_set_parent(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                        uint32_t parent)
{
    struct ext2_dirent *entry;
    int error;
    struct ext2_buf *buffer = dotdot(fs, dir_ino, dir, &entry, &error);
    if (buffer == NULL)
        return error;
    entry->inode = parent;
    ext2_cache_dirty(buffer);
    ext2_cache_put(&fs->cache, buffer);
    return 0;
}
