/**
 * @file ext2_path.c
 * @brief Paths to inodes: an absolute path's names looked up one directory at a time from
 *        the root (inode 2).
 *
 * A directory reached by a name (not by "..") must name the directory it was found in as
 * its "..": in a sound tree every directory has exactly one parent, so a directory linked
 * from a second place (which makes a loop, or two ways to one directory) is refused with
 * FS_ERR_CORRUPT instead of being walked.
 */
#include <string.h>

#include "ext2.h"

/** One name of a path: *start and *length, from *at on; 0 when the path has no more. */
static int next_name(const char *path, uint32_t length, uint32_t *at, const char **start,
                     uint32_t *name_length)
{
    while (*at < length && path[*at] == '/')
        (*at)++;
    if (*at >= length)
        return 0;
    uint32_t begin = *at;
    while (*at < length && path[*at] != '/')
        (*at)++;
    *start = path + begin;
    *name_length = *at - begin;
    return 1;
}

static int check_path(struct ext2_fs *fs, const char *path, uint32_t length)
{
    if (length == 0 || path[0] != '/')
        return ext2_fail(fs, FS_ERR_NAME, "path \"%s\" is not absolute", ext2_text(fs, path, length));
    for (uint32_t i = 0; i < length; i++)
        if (path[i] == '\0')
            return ext2_fail(fs, FS_ERR_NAME, "path has a NUL byte at byte %u", i);
    return 0;
}

/** Steps from directory @p dir (inode @p *ino, read into @p inode) to its entry @p name. */
static int step(struct ext2_fs *fs, uint32_t *ino, struct ext2_inode *inode, const char *name,
                uint32_t length)
{
    if ((inode->i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_NOT_DIR, "inode %u is not a directory", *ino);
    if (length > EXT2_NAME_LEN)
        return ext2_fail(fs, FS_ERR_NAME, "a name of %u bytes (at most 255)", length);
    if (length == 1 && name[0] == '.')
        return 0;
    uint32_t child;
    int result = ext2_dir_lookup(fs, *ino, inode, name, length, &child);
    if (result < 0)
        return result;
    struct ext2_inode child_inode;
    if ((result = ext2_inode_read(fs, child, &child_inode)) < 0)
        return result;
    if (child_inode.i_links_count == 0)
        return ext2_fail(fs, FS_ERR_CORRUPT, "entry \"%s\" of directory inode %u names inode "
                         "%u, which has no links (free)", ext2_text(fs, name, length), *ino, child);
    int dotdot = length == 2 && name[0] == '.' && name[1] == '.';
    if (!dotdot && (child_inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR) {
        uint32_t parent;
        if ((result = ext2_dir_parent(fs, child, &child_inode, &parent)) < 0)
            return result;
        if (parent != *ino)
            return ext2_fail(fs, FS_ERR_CORRUPT, "directory loop: directory inode %u is "
                             "entry \"%s\" of inode %u, but its \"..\" is inode %u",
                             child, ext2_text(fs, name, length), *ino, parent);
    }
    *ino = child;
    *inode = child_inode;
    return 0;
}

int ext2_path_lookup(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *ino)
{
    int result = check_path(fs, path, length);
    if (result < 0)
        return result;
    uint32_t current = EXT2_ROOT_INO, at = 0, name_length;
    struct ext2_inode inode;
    if ((result = ext2_inode_read(fs, current, &inode)) < 0)
        return result;
    const char *name;
    while (next_name(path, length, &at, &name, &name_length))
        if ((result = step(fs, &current, &inode, name, name_length)) < 0)
            return result;
    *ino = current;
    return 0;
}

int ext2_path_parent(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *parent,
                     const char **name, uint32_t *name_length)
{
    int result = check_path(fs, path, length);
    if (result < 0)
        return result;
    /* The last name: after the last '/' that is followed by something but slashes. */
    uint32_t end = length;
    while (end > 0 && path[end - 1] == '/')
        end--;
    uint32_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    uint32_t last = end - start;
    if (last == 0)
        return ext2_fail(fs, FS_ERR_NAME, "path \"%s\" names no entry", ext2_text(fs, path, length));
    if ((last == 1 && path[start] == '.') || (last == 2 && path[start] == '.' && path[start + 1] == '.'))
        return ext2_fail(fs, FS_ERR_NAME, "path \"%s\" ends in \".\" or \"..\"", ext2_text(fs, path, length));
    if (last > EXT2_NAME_LEN)
        return ext2_fail(fs, FS_ERR_NAME, "a name of %u bytes (at most 255)", last);
    if ((result = ext2_path_lookup(fs, path, start, parent)) < 0)
        return result;
    struct ext2_inode inode;
    if ((result = ext2_inode_read(fs, *parent, &inode)) < 0)
        return result;
    if ((inode.i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_NOT_DIR, "\"%s\" is not a directory", ext2_text(fs, path, start));
    *name = path + start;
    *name_length = last;
    return 0;
}
