/*
 * error_text.c - the names and sentences of error codes (error_text.h): one table of the
 * kernel's codes (0 .. -14, abi/errors.h), one of the services' (-32 .. -47, proto/errors.h).
 */
#include "error_text.h"
#include "abi/errors.h"
#include "proto/errors.h"
#include "types.h"

struct error_words {
    const char *name;
    const char *text;
};

/* Indexed by -code. */
static const struct error_words kernel_errors[] = {
    { "0", "success" },
    { "ERR_INVALID", "invalid argument" },
    { "ERR_NO_MEMORY", "out of memory" },
    { "ERR_EXISTS", "already exists" },
    { "ERR_NOT_FOUND", "no such file or directory" },
    { "ERR_FAULT", "bad address" },
    { "ERR_NOT_ALLOCATED", "not allocated" },
    { "ERR_INVALID_CAP", "no such capability" },
    { "ERR_WRONG_TYPE", "wrong type of capability" },
    { "ERR_NO_RIGHTS", "permission denied" },
    { "ERR_QUOTA", "out of kernel memory quota" },
    { "ERR_NO_SYSCALL", "no such system call" },
    { "ERR_DEAD", "the other side is gone" },
    { "ERR_WOULD_BLOCK", "would block" },
    { "ERR_ABORTED", "interrupted" },
};

/* Indexed by -code - 32 (BLOCK_ERR_IO is the first). */
static const struct error_words service_errors[] = {
    { "BLOCK_ERR_IO", "input/output error" },
    { "BLOCK_ERR_TIMEOUT", "the disk did not answer" },
    { "BLOCK_ERR_NO_DEVICE", "no disk" },
    { NULL, NULL }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL },
    { "FS_ERR_NOT_DIR", "not a directory" },
    { "FS_ERR_IS_DIR", "is a directory" },
    { "FS_ERR_NOT_EMPTY", "directory not empty" },
    { "FS_ERR_NO_SPACE", "no space left on the file system" },
    { "FS_ERR_NAME", "file name too long or malformed" },
    { "FS_ERR_CORRUPT", "the file system is corrupt" },
    { "FS_ERR_TOO_BIG", "file too large" },
    { "FS_ERR_BUSY", "busy: too many open files, or a directory moved into itself" },
};

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

static const struct error_words *lookup(int code)
{
    if (code > 0)
        return NULL;
    unsigned index = 0u - (unsigned)code;
    if (index < COUNT(kernel_errors))
        return &kernel_errors[index];
    index -= (unsigned)-BLOCK_ERR_IO;
    if (code <= BLOCK_ERR_IO && index < COUNT(service_errors) && service_errors[index].name)
        return &service_errors[index];
    return NULL;
}

const char *error_name(int code)
{
    if (code > 0)
        return "a value";
    const struct error_words *words = lookup(code);
    return words ? words->name : "an unknown error";
}

const char *error_text(int code)
{
    if (code >= 0)
        return "success";
    const struct error_words *words = lookup(code);
    return words ? words->text : "unknown error";
}
