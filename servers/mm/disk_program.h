/**
 * @file mm/disk_program.h
 * @brief Program files from the disk: /bin/NAME through the file server (proto/fs.h), one
 *        open at a time, read a page at a time into a window of mm's own.
 *
 * The memory manager loads a process's program from here first and falls back on the boot
 * files (init's bootfs) when there is no such file: no file server in the manifest, none
 * registered yet, no disk, or no /bin/NAME. So what must run before the file system (and
 * every program on a machine without a disk) still comes from the boot modules.
 */
#ifndef ORRERY_MM_DISK_PROGRAM_H
#define ORRERY_MM_DISK_PROGRAM_H

#include "types.h"

/** Where the open program's bytes are after mm_disk_read(). */
extern const uint8_t *const mm_disk_window;

/**
 * Open /bin/@p name (a name without '/') on the disk. @p size gets its length.
 * @return 0, or an error: ERR_NOT_FOUND (no file server, or no such file), the file
 *         server's (BLOCK_ERR_NO_DEVICE without a disk, FS_ERR_IS_DIR, ...).
 */
int mm_disk_open(const char *name, unsigned *size);

/** Read at most @p length (<= 4096) bytes at @p offset of the open program into
 *  mm_disk_window. @return the bytes read (0 past its end), or an error. */
int mm_disk_read(unsigned offset, unsigned length);

/** Close the open program (its capability and the window's frame). */
void mm_disk_close(void);

#endif
