/**
 * @file dir.h
 * @brief Reading a directory one entry at a time, over FS_READDIR's packed entries
 *        (proto/fs.h, struct fs_dirent).
 *
 *     struct dir dir;
 *     struct dirent entry;
 *     if (opendir(&dir, "/home/student") == 0) {
 *         while (readdir(&dir, &entry) > 0)
 *             printf("%s\n", entry.name);
 *         closedir(&dir);
 *     }
 *
 * Unlike POSIX's, these return error codes (error_text.h) and keep their state in a
 * struct dir the caller provides (no heap). Entries come in the file server's order, "."
 * and ".." included. A batch whose records do not add up (a length past the batch, a name
 * longer than its record) ends the reading with FS_ERR_CORRUPT rather than being trusted.
 */
#ifndef ORRERY_USER_DIR_H
#define ORRERY_USER_DIR_H

#include "path.h"
#include "proto/fs.h"
#include "types.h"

/** One entry. */
struct dirent {
    unsigned int inode;
    unsigned int type;              /**< FS_DIRENT_* (0: unknown) */
    char name[PATH_NAME_MAX + 1];   /**< NUL-terminated */
};

/** An open directory: its descriptor and the batch of entries being handed out. */
struct dir {
    int fd;
    unsigned int cookie;   /**< where the next batch starts */
    unsigned int left;     /**< entries of the batch not handed out yet */
    unsigned int offset;   /**< the next entry's offset in batch */
    bool end;              /**< the server said there are no more */
    uint8_t batch[FS_BUFFER_SIZE];
};

/** Open the directory @p path (relative to the working directory). @return 0 or an error
 *  (FS_ERR_NOT_DIR for a file, ERR_NOT_FOUND, ...). */
int opendir(struct dir *dir, const char *path);

/** The next entry into @p entry. @return 1, 0 at the end, or an error. */
int readdir(struct dir *dir, struct dirent *entry);

/** Close @p dir (its descriptor). */
void closedir(struct dir *dir);

/**
 * Unpack the entry at @p *offset of a batch of @p size bytes into @p entry and move
 * @p *offset to the next (the checks readdir makes, pure C). @return 0, or FS_ERR_CORRUPT.
 */
int dir_unpack(const uint8_t *batch, size_t size, unsigned *offset, struct dirent *entry);

#endif
