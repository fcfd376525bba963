/**
 * @file mm/disk_program.h
 * @brief Program files from the disk: /bin/NAME through the file server (proto/fs.h), each
 *        open file read a page at a time into a window of mm's own.
 *
 * The memory manager loads a process's program from here first and falls back on the boot
 * files (init's bootfs) when there is no such file: no file server in the manifest, none
 * registered yet, no disk, or no /bin/NAME. So what must run before the file system (and
 * every program on a machine without a disk) still comes from the boot modules.
 *
 * A process's program stays open while the process lives, so that its pages can be read
 * on first touch; at most MM_DISK_FILES_MAX at once (the file server's limit per client is
 * FS_MAX_OPEN_PER_CLIENT). mm_disk_open() refuses more with ERR_NO_MEMORY: load.c then loads
 * the whole program at once and closes it.
 */
#ifndef ORRERY_MM_DISK_PROGRAM_H
#define ORRERY_MM_DISK_PROGRAM_H

#include "types.h"

#define MM_DISK_FILES_MAX 24 /**< disk programs open at once */

/** An open program on the disk. */
struct mm_disk_file {
    int file;                /**< the open file's capability; -1: closed */
    int frame;               /**< its frame, mapped at window */
    unsigned position;       /**< the file's position (to seek only when needed) */
    unsigned index;          /**< which window */
    const uint8_t *window;   /**< where its bytes are after mm_disk_read() */
};

/**
 * Open /bin/@p name (a name without '/') on the disk into @p file. @p size gets its length.
 * @return 0, or an error: ERR_NOT_FOUND (no file server, or no such file), ERR_NO_MEMORY
 *         (MM_DISK_FILES_MAX open already, or no slot), the file server's
 *         (BLOCK_ERR_NO_DEVICE without a disk, FS_ERR_IS_DIR, ...).
 */
int mm_disk_open(struct mm_disk_file *file, const char *name, unsigned *size);

/** Read at most @p length (<= 4096) bytes at @p offset of @p file into its window.
 *  @return the bytes read (0 past its end), or an error. */
int mm_disk_read(struct mm_disk_file *file, unsigned offset, unsigned length);

/** Disk programs open now. */
unsigned mm_disk_files_open(void);

/** Close @p file (its capability and its window's frame); a closed one stays closed. */
void mm_disk_close(struct mm_disk_file *file);

#endif
