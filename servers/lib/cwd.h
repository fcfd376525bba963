/**
 * @file cwd.h
 * @brief A program's working directory: where its relative paths start (path.h).
 *
 * A process starts in the directory its spawner set (PM_SET_DIRECTORY, in the start
 * information's cwd: the shell passes its own), or in "/". chdir() changes it for this
 * program only, after asking the file server that the path is a directory.
 */
#ifndef ORRERY_USER_CWD_H
#define ORRERY_USER_CWD_H

#include "types.h"

/** The working directory: absolute and normalised (never NULL, "/" at least). */
const char *cwd_get(void);

/** Set the working directory from the start information's @p cwd (program_start; NULL or
 *  one that is not absolute: "/"). Asks nothing of the file server. */
void cwd_init(const char *cwd);

/** Set the working directory to @p path, absolute and normalised already (chdir's last
 *  step). @return 0, or FS_ERR_NAME (not absolute, or START_CWD_MAX bytes or more). */
int cwd_set(const char *path);

/**
 * Change the working directory to @p path (relative to the current one).
 * @return 0, or FS_ERR_NOT_DIR, ERR_NOT_FOUND, FS_ERR_NAME (it would not fit in
 *         START_CWD_MAX bytes), the file server's error. (In fs_client.c.)
 */
int chdir(const char *path);

/** Copy the working directory into @p buffer of @p size bytes. @return @p buffer, or NULL
 *  if it does not fit. */
char *getcwd(char *buffer, size_t size);

#endif
