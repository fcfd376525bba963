/*
 * dir.c - directory reading (dir.h): a batch of packed entries per FS_READDIR, handed out
 * one at a time, every record checked against the batch before it is used (dirent.c).
 */
#include "dir.h"
#include "fd.h"
#include "string.h"

int opendir(struct dir *dir, const char *path)
{
    memset(dir, 0, sizeof *dir);
    dir->fd = open(path, O_RDONLY | O_DIRECTORY);
    return dir->fd < 0 ? dir->fd : 0;
}

int readdir(struct dir *dir, struct dirent *entry)
{
    while (dir->left == 0) {
        if (dir->end || dir->fd < 0)
            return 0;
        unsigned next = 0;
        int count = fd_readdir(dir->fd, dir->cookie, dir->batch, sizeof dir->batch, &next);
        if (count < 0)
            return count;
        if (count == 0) {
            dir->end = true;
            return 0;
        }
        if (next == dir->cookie) { /* a server that never moves on would loop us forever */
            dir->end = true;
            return FS_ERR_CORRUPT;
        }
        dir->cookie = next;
        dir->left = (unsigned)count;
        dir->offset = 0;
    }
    int error = dir_unpack(dir->batch, sizeof dir->batch, &dir->offset, entry);
    if (error < 0) {
        dir->left = 0;
        dir->end = true;
        return error;
    }
    dir->left--;
    return 1;
}

void closedir(struct dir *dir)
{
    if (dir->fd >= 0)
        close(dir->fd);
    dir->fd = -1;
}
