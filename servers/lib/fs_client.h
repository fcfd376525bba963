/**
 * @file fs_client.h
 * @brief The file server's client side (proto/fs.h): the connection, and the requests that
 *        name a path (open, stat, unlink, mkdir, rmdir, rename) or none (sync, statfs).
 *
 * The first request looks "fs" up in the name service (the boot manifest must let the
 * program call it: `call=fs`) and maps the connection's shared frame (FS_MAP), where every
 * path travels. Paths may be relative: they are resolved against the working directory
 * (cwd.h) and normalised (path.h) before they go. One lock keeps threads' paths apart.
 * At exit the connection is ended (FS_DISCONNECT); pm ends it too for a process that did
 * not get to exit (STREAM_CLOSE on the process's connection, proto/pm.h).
 *
 * Errors are negative codes: the kernel's (abi/errors.h; ERR_NOT_FOUND also when there is
 * no file server to ask) and the services' (proto/errors.h); error_text() words them.
 * Open files are descriptors (fd.h: open()); fs_open() gives the raw capability, for
 * whoever passes it on (the shell's `>`).
 */
#ifndef ORRERY_USER_FS_CLIENT_H
#define ORRERY_USER_FS_CLIENT_H

#include "proto/fs.h"
#include "types.h"

/** The connection's endpoint (looked up and mapped the first time). @return its slot, or
 *  an error (ERR_NOT_FOUND: no file server, or this program may not call it). */
int fs_connection(void);

/**
 * Open @p path with FS_O_* @p flags. @p stat (may be NULL) gets the file's fs_stat.
 * @return the slot of the open file's capability (a stream connection, proto/stream.h;
 *         the caller owns it: STREAM_CLOSE then slot_free), or an error.
 */
int fs_open(const char *path, unsigned flags, struct fs_stat *stat);

/** The fs_stat of @p path into @p stat. @return 0 or an error. */
int fs_stat(const char *path, struct fs_stat *stat);

/** Remove the name @p path of a file (FS_ERR_IS_DIR for a directory). @return 0 or an error. */
int fs_unlink(const char *path);

/** Make the empty directory @p path (ERR_EXISTS if something is there). @return 0 or an error. */
int fs_mkdir(const char *path);

/** Remove the empty directory @p path (FS_ERR_NOT_EMPTY). @return 0 or an error. */
int fs_rmdir(const char *path);

/** Rename @p from to @p to (replacing a file there). @return 0 or an error. */
int fs_rename(const char *from, const char *to);

/** Write every cached change to the disk. @return 0 or an error. */
int fs_sync(void);

/** The file system's sizes into @p info. @return 0 or an error. */
int fs_statfs(struct fs_statfs *info);

/** Sync, then empty the server's block cache (benchmarks of a cold read). @return 0 or an error. */
int fs_drop_cache(void);

/* POSIX-like names for the same requests (paths relative to the working directory). */

/** fs_stat(). */
int stat(const char *path, struct fs_stat *info);
/** fs_mkdir(). */
int mkdir(const char *path);
/** fs_rmdir(). */
int rmdir(const char *path);
/** fs_unlink(). */
int unlink(const char *path);
/** fs_rename(). */
int rename(const char *from, const char *to);

#endif
