/*
 * fd_file.c - open files as descriptors (fd.h): open() through fs_client.c, then the file
 * server's own requests on the open file (FS_SEEK, FS_FSTAT, FS_TRUNCATE, FS_READDIR) by
 * fd_request(). Each descriptor open() made is closed at exit.
 */
#include "exit.h"
#include "fd.h"
#include "fs_client.h"
#include "mutex.h"
#include "rpc.h"
#include "slot.h"
#include "string.h"

static uint32_t opened;  /* bit fd: open() made it (FD_MAX <= 32) */
static bool closes_at_exit;
static struct mutex lock = MUTEX_INITIALIZER;

_Static_assert(FD_MAX <= 32, "one bit per descriptor");

/* At exit: close what open() made and the program left open, so that the file server
 * frees those open files. */
static void close_opened(void)
{
    for (int fd = 0; fd < FD_MAX; fd++)
        if (opened & (1u << fd))
            close(fd);
    opened = 0;
}

int open(const char *path, unsigned flags)
{
    int slot = fs_open(path, flags, NULL);
    if (slot < 0)
        return slot;
    int fd = fd_open_stream(slot);
    if (fd < 0) {
        rpc_call(slot, STREAM_CLOSE, 0, 0, 0, 0, NULL);
        slot_free(slot);
        return fd;
    }
    mutex_lock(&lock);
    opened |= 1u << fd;
    if (!closes_at_exit)
        closes_at_exit = atexit(close_opened) == 0;
    mutex_unlock(&lock);
    return fd;
}

int lseek(int fd, int offset, unsigned whence)
{
    unsigned words[2] = { (unsigned)offset, whence };
    return fd_request(fd, FS_SEEK, words, 2, NULL, 0, NULL, 0);
}

int fstat(int fd, struct fs_stat *info)
{
    unsigned words[FS_STAT_WORDS];
    int result = fd_request(fd, FS_FSTAT, NULL, 0, words, FS_STAT_WORDS, NULL, 0);
    if (result >= 0 && info)
        memcpy(info, words, sizeof *info);
    return result < 0 ? result : 0;
}

int ftruncate(int fd, unsigned size)
{
    int result = fd_request(fd, FS_TRUNCATE, &size, 1, NULL, 0, NULL, 0);
    return result < 0 ? result : 0;
}

int fd_readdir(int fd, unsigned cookie, void *buffer, size_t size, unsigned *next)
{
    unsigned out[1] = { 0 };
    int result = fd_request(fd, FS_READDIR, &cookie, 1, out, 1, buffer, size);
    if (result >= 0 && next)
        *next = out[0];
    return result;
}
