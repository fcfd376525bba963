/**
 * @file error_text.h
 * @brief Names and sentences for error codes: the kernel's (abi/errors.h) and the
 *        services' (proto/errors.h), for messages such as `cat: /nope: no such file or
 *        directory (ERR_NOT_FOUND)`.
 *
 * Pure C without system calls (servers/lib/error_text.c), so the host tests check that
 * every code has both a name and a sentence (kernel/tests/host/test_user_paths.c).
 */
#ifndef ORRERY_USER_ERROR_TEXT_H
#define ORRERY_USER_ERROR_TEXT_H

/** "ERR_QUOTA" for ERR_QUOTA, "FS_ERR_NOT_DIR" for FS_ERR_NOT_DIR, "0" for 0, "a value" for
 *  anything else >= 0, "an unknown error" for a negative code nobody defined. */
const char *error_name(int code);

/** A short sentence for a user: "no such file or directory" for ERR_NOT_FOUND, "not a
 *  directory" for FS_ERR_NOT_DIR, ... ("success" for 0 and above, "unknown error" else). */
const char *error_text(int code);

#endif
