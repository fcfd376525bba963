/**
 * @file ext2_ops.c
 * @brief The operations on names: create, mkdir, unlink, rmdir, rename; and freeing an
 *        inode with its last link. Each validates everything first (the names, what they
 *        name), then changes the disk.
 */
#include <string.h>

#include "ext2.h"

#define EXT2_NEW_FILE_MODE (EXT2_S_IFREG | 0644u)
#define EXT2_NEW_DIR_MODE (EXT2_S_IFDIR | 0755u)

static int is_dir(const struct ext2_inode *inode)
{
    return (inode->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

/** Frees inode @p ino (no links left) and its blocks. */
static int free_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode)
{
    int result = ext2_bmap_truncate(fs, inode, 0);
    if (result < 0)
        return result;
    int dir = is_dir(inode);
    inode->i_links_count = 0;
    inode->i_size = 0;
    inode->i_dtime = ext2_now(fs);
    if ((result = ext2_inode_write(fs, ino, inode)) < 0)
        return result;
    return ext2_inode_free(fs, ino, dir);
}

/** Drops one link of @p ino; frees it with the last, unless it is open. */
static int drop_link(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode)
{
    if (inode->i_links_count > 0)
        inode->i_links_count--;
    inode->i_ctime = ext2_now(fs);
    if (inode->i_links_count == 0 &&
        (fs->inode_open == NULL || !fs->inode_open(fs->inode_open_context, ino)))
        return free_inode(fs, ino, inode);
    return ext2_inode_write(fs, ino, inode);
}

int ext2_release(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode inode;
    int result = ext2_inode_read(fs, ino, &inode);
    if (result < 0)
        return result;
    return inode.i_links_count == 0 && inode.i_mode != 0 ? free_inode(fs, ino, &inode) : 0;
}

/** The parent of a new name at @p path, checked to have no entry of that name. */
static int new_name(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *parent,
                    struct ext2_inode *parent_inode, const char **name, uint32_t *name_length)
{
    int result = ext2_path_parent(fs, path, length, parent, name, name_length);
    if (result < 0)
        return result;
    if ((result = ext2_inode_read(fs, *parent, parent_inode)) < 0)
        return result;
    uint32_t existing;
    result = ext2_dir_lookup(fs, *parent, parent_inode, *name, *name_length, &existing);
    if (result == 0)
        return ext2_fail(fs, ERR_EXISTS, "\"%s\" exists", ext2_text(fs, path, length));
    return result == ERR_NOT_FOUND ? 0 : result;
}

/** Makes a fresh inode of @p mode and links it as @p name in @p parent. */
static int make_node(struct ext2_fs *fs, uint32_t parent, struct ext2_inode *parent_inode,
                     const char *name, uint32_t name_length, uint16_t mode, uint32_t *ino)
{
    int dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
    int result = ext2_inode_alloc(fs, parent, dir, ino);
    if (result < 0)
        return result;
    struct ext2_inode inode;
    if ((result = ext2_inode_init(fs, *ino, mode, &inode)) < 0)
        goto undo;
    if (dir) {
        inode.i_links_count = 2;
        if ((result = ext2_dir_init(fs, *ino, &inode, parent)) < 0)
            goto undo;
    }
    result = ext2_dir_insert(fs, parent, parent_inode, name, name_length, *ino,
                             ext2_dir_type_of(fs, mode));
    if (result < 0)
        goto undo;
    if (dir)
        parent_inode->i_links_count++;
    parent_inode->i_mtime = parent_inode->i_ctime = ext2_now(fs);
    return ext2_inode_write(fs, parent, parent_inode);
undo:
    free_inode(fs, *ino, &inode);
    return result;
}

int ext2_create(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *ino)
{
    uint32_t parent, name_length;
    const char *name;
    struct ext2_inode parent_inode;
    int result = new_name(fs, path, length, &parent, &parent_inode, &name, &name_length);
    if (result < 0)
        return result;
    return make_node(fs, parent, &parent_inode, name, name_length, EXT2_NEW_FILE_MODE, ino);
}

int ext2_mkdir(struct ext2_fs *fs, const char *path, uint32_t length)
{
    uint32_t parent, name_length, ino;
    const char *name;
    struct ext2_inode parent_inode;
    int result = new_name(fs, path, length, &parent, &parent_inode, &name, &name_length);
    if (result < 0)
        return result;
    return make_node(fs, parent, &parent_inode, name, name_length, EXT2_NEW_DIR_MODE, &ino);
}

/** The existing entry @p path: its parent and the inode it names, both read. */
static int existing_name(struct ext2_fs *fs, const char *path, uint32_t length,
                         uint32_t *parent, struct ext2_inode *parent_inode, const char **name,
                         uint32_t *name_length, uint32_t *ino, struct ext2_inode *inode)
{
    int result = ext2_path_parent(fs, path, length, parent, name, name_length);
    if (result < 0)
        return result;
    if ((result = ext2_inode_read(fs, *parent, parent_inode)) < 0)
        return result;
    result = ext2_dir_lookup(fs, *parent, parent_inode, *name, *name_length, ino);
    if (result == ERR_NOT_FOUND)
        return ext2_fail(fs, ERR_NOT_FOUND, "\"%s\" does not exist", ext2_text(fs, path, length));
    if (result < 0 || (result = ext2_inode_read(fs, *ino, inode)) < 0)
        return result;
    uint32_t dotdot;
    if (is_dir(inode)) {
        /* As ext2_path_lookup() checks every directory it passes: one parent only. */
        if ((result = ext2_dir_parent(fs, *ino, inode, &dotdot)) < 0)
            return result;
        if (dotdot != *parent)
            return ext2_fail(fs, FS_ERR_CORRUPT, "directory loop: directory inode %u is in "
                             "directory inode %u, but its \"..\" is inode %u", *ino, *parent,
                             dotdot);
    }
    return 0;
}

int ext2_unlink(struct ext2_fs *fs, const char *path, uint32_t length)
{
    uint32_t parent, name_length, ino, removed;
    const char *name;
    struct ext2_inode parent_inode, inode;
    int result = existing_name(fs, path, length, &parent, &parent_inode, &name, &name_length,
                               &ino, &inode);
    if (result < 0)
        return result;
    if (is_dir(&inode))
        return ext2_fail(fs, FS_ERR_IS_DIR, "\"%s\" is a directory", ext2_text(fs, path, length));
    if ((result = ext2_dir_remove(fs, parent, &parent_inode, name, name_length, &removed)) < 0)
        return result;
    parent_inode.i_mtime = parent_inode.i_ctime = ext2_now(fs);
    if ((result = ext2_inode_write(fs, parent, &parent_inode)) < 0)
        return result;
    return drop_link(fs, ino, &inode);
}

/** Checks that directory @p ino may go: empty, not open. */
static int check_removable_dir(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *inode)
{
    int empty = ext2_dir_is_empty(fs, ino, inode);
    if (empty < 0)
        return empty;
    if (!empty)
        return ext2_fail(fs, FS_ERR_NOT_EMPTY, "directory inode %u is not empty", ino);
    return 0;
}

/** Frees the empty directory @p ino whose entry in @p parent is already gone. */
static int drop_dir(struct ext2_fs *fs, uint32_t parent, struct ext2_inode *parent_inode,
                    uint32_t ino, struct ext2_inode *inode)
{
    if (parent_inode->i_links_count > 2)
        parent_inode->i_links_count--;
    parent_inode->i_mtime = parent_inode->i_ctime = ext2_now(fs);
    int result = ext2_inode_write(fs, parent, parent_inode);
    if (result < 0)
        return result;
    inode->i_links_count = 1;   /* its "." goes with it */
    return drop_link(fs, ino, inode);
}

int ext2_rmdir(struct ext2_fs *fs, const char *path, uint32_t length)
{
    uint32_t root;
    if (ext2_path_lookup(fs, path, length, &root) == 0 && root == EXT2_ROOT_INO)
        return ext2_fail(fs, ERR_INVALID, "the root directory cannot be removed");
    uint32_t parent, name_length, ino, removed;
    const char *name;
    struct ext2_inode parent_inode, inode;
    int result = existing_name(fs, path, length, &parent, &parent_inode, &name, &name_length,
                               &ino, &inode);
    if (result < 0)
        return result;
    if (!is_dir(&inode))
        return ext2_fail(fs, FS_ERR_NOT_DIR, "\"%s\" is not a directory", ext2_text(fs, path, length));
    if ((result = check_removable_dir(fs, ino, &inode)) < 0)
        return result;
    if ((result = ext2_dir_remove(fs, parent, &parent_inode, name, name_length, &removed)) < 0)
        return result;
    return drop_dir(fs, parent, &parent_inode, ino, &inode);
}

/** FS_ERR_BUSY if directory @p dir is @p ancestor or below it (walking up the ".."s). */
static int check_not_below(struct ext2_fs *fs, uint32_t dir, uint32_t ancestor)
{
    for (uint32_t steps = 0; steps <= fs->super.s_inodes_count; steps++) {
        if (dir == ancestor)
            return ext2_fail(fs, FS_ERR_BUSY, "cannot move directory inode %u into itself",
                             ancestor);
        if (dir == EXT2_ROOT_INO)
            return 0;
        struct ext2_inode inode;
        int result = ext2_inode_read(fs, dir, &inode);
        if (result < 0 || (result = ext2_dir_parent(fs, dir, &inode, &dir)) < 0)
            return result;
    }
    return ext2_fail(fs, FS_ERR_CORRUPT, "directory loop: the \"..\"s from inode %u never "
                     "reach the root", dir);
}

int ext2_rename(struct ext2_fs *fs, const char *old_path, uint32_t old_length,
                const char *new_path, uint32_t new_length)
{
    uint32_t old_parent, old_name_length, ino;
    const char *old_name;
    struct ext2_inode old_parent_inode, inode;
    int result = existing_name(fs, old_path, old_length, &old_parent, &old_parent_inode,
                               &old_name, &old_name_length, &ino, &inode);
    if (result < 0)
        return result;
    uint32_t new_parent, new_name_length, target = 0;
    const char *new_name_start;
    struct ext2_inode new_parent_inode, target_inode;
    if ((result = ext2_path_parent(fs, new_path, new_length, &new_parent, &new_name_start,
                                   &new_name_length)) < 0)
        return result;
    if ((result = ext2_inode_read(fs, new_parent, &new_parent_inode)) < 0)
        return result;
    if (is_dir(&inode) && (result = check_not_below(fs, new_parent, ino)) < 0)
        return result;
    result = ext2_dir_lookup(fs, new_parent, &new_parent_inode, new_name_start,
                             new_name_length, &target);
    if (result < 0 && result != ERR_NOT_FOUND)
        return result;
    if (result == 0) {
        if (target == ino)
            return 0;
        if ((result = ext2_inode_read(fs, target, &target_inode)) < 0)
            return result;
        if (is_dir(&inode) && !is_dir(&target_inode))
            return ext2_fail(fs, FS_ERR_NOT_DIR, "\"%s\" is not a directory",
                             ext2_text(fs, new_path, new_length));
        if (!is_dir(&inode) && is_dir(&target_inode))
            return ext2_fail(fs, FS_ERR_IS_DIR, "\"%s\" is a directory",
                             ext2_text(fs, new_path, new_length));
        if (is_dir(&target_inode) && (result = check_removable_dir(fs, target, &target_inode)) < 0)
            return result;
        /* Acted on from here: the old target goes, its name then points at ino. */
        uint32_t removed;
        if ((result = ext2_dir_remove(fs, new_parent, &new_parent_inode, new_name_start,
                                      new_name_length, &removed)) < 0)
            return result;
        result = is_dir(&target_inode)
                     ? drop_dir(fs, new_parent, &new_parent_inode, target, &target_inode)
                     : drop_link(fs, target, &target_inode);
        if (result < 0)
            return result;
        if ((result = ext2_inode_read(fs, new_parent, &new_parent_inode)) < 0)
            return result;
    }
    if ((result = ext2_dir_insert(fs, new_parent, &new_parent_inode, new_name_start,
                                  new_name_length, ino, ext2_dir_type_of(fs, inode.i_mode))) < 0)
        return result;
    if ((result = ext2_inode_read(fs, old_parent, &old_parent_inode)) < 0)
        return result;
    uint32_t removed;
    if ((result = ext2_dir_remove(fs, old_parent, &old_parent_inode, old_name, old_name_length,
                                  &removed)) < 0)
        return result;
    uint32_t now = ext2_now(fs);
    if (is_dir(&inode) && old_parent != new_parent) {
        if ((result = ext2_dir_set_parent(fs, ino, &inode, new_parent)) < 0)
            return result;
        if (old_parent_inode.i_links_count > 2)
            old_parent_inode.i_links_count--;
    }
    old_parent_inode.i_mtime = old_parent_inode.i_ctime = now;
    if ((result = ext2_inode_write(fs, old_parent, &old_parent_inode)) < 0)
        return result;
    if ((result = ext2_inode_read(fs, new_parent, &new_parent_inode)) < 0)
        return result;
    if (is_dir(&inode) && old_parent != new_parent)
        new_parent_inode.i_links_count++;
    new_parent_inode.i_mtime = new_parent_inode.i_ctime = now;
    if ((result = ext2_inode_write(fs, new_parent, &new_parent_inode)) < 0)
        return result;
    inode.i_ctime = now;
    return ext2_inode_write(fs, ino, &inode);
}
