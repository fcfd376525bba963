/**
 * @file path.h
 * @brief Paths as the file server takes them: absolute and normalised. A program's paths
 *        ("../notes", "./a//b", "/home/student/") become that before any request goes out.
 *
 * A normalised path starts with '/', has no empty, "." or ".." component and no '/' at the
 * end ("/" itself is the one path that ends in '/'). ".." of "/" is "/", as in Unix. Pure C
 * without system calls (servers/lib/path.c), tested on the host
 * (kernel/tests/host/test_user_paths.c).
 */
#ifndef ORRERY_USER_PATH_H
#define ORRERY_USER_PATH_H

#include "types.h"

/** The longest path and the longest name the file server takes (proto/fs.h's FS_PATH_MAX
 *  and FS_NAME_MAX, which fs_client.c checks these against: proto/fs.h needs the system-call
 *  stubs, and this file stays plain C for the host tests). */
#define PATH_MAX_LENGTH 1024u
#define PATH_NAME_MAX 255u

/**
 * Resolve @p path against the working directory @p cwd (absolute; NULL or not absolute
 * counts as "/") into @p out, normalised.
 * @param size the bytes of @p out, its NUL included (PATH_MAX_LENGTH + 1 holds any path the
 *        file server takes).
 * @return the length of the result, or FS_ERR_NAME: @p path is empty, a component is longer
 *         than PATH_NAME_MAX, or the result does not fit in @p size (then @p out is "").
 */
int path_resolve(const char *cwd, const char *path, char *out, size_t size);

/**
 * Join directory @p dir and @p name (a relative path, say a file's name) into @p out: an
 * absolute @p dir gives path_resolve(dir, name, ...), normalised; a relative one gives
 * "dir/name", relative still (for path_resolve against the working directory later).
 * @return the length, or FS_ERR_NAME (an empty part, or it does not fit).
 */
int path_join(const char *dir, const char *name, char *out, size_t size);

/** The last component of @p path ("c" for "/a/b/c", "c" for "c/", "/" for "/" or "//"),
 *  into @p out of @p size bytes. @return its length, or FS_ERR_NAME if it does not fit. */
int path_basename(const char *path, char *out, size_t size);

#endif
