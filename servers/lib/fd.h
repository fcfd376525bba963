/**
 * @file fd.h
 * @brief File descriptors: small numbers naming a program's open streams, with read(),
 *        write() and close() over them.
 *
 * Today every descriptor is a stream connection (proto/stream.h): a badged endpoint
 * capability to the console or to a pipe end. The descriptor owns that capability; on first
 * use it asks for the connection's shared page (STREAM_MAP) and maps it into the shared area
 * (shared_map.h); read and write then move up to STREAM_BUFFER_SIZE bytes per request through
 * it. Descriptors 0, 1 and 2 are the standard input, output and error: program_start opens
 * them on START_SLOT_STDIN/STDOUT/STDERR when those slots hold a connection (stdio.c).
 *
 * Open files are descriptors too (open(): FS_OPEN through fs_client.h): an open file of the
 * file server speaks the same stream protocol, so read() and write() move bytes at its
 * position; lseek(), fstat() and fd_readdir() add what only files have. Every descriptor
 * this program opened is closed when it exits (an atexit handler), so the file server does
 * not keep its open files.
 *
 * Errors are negative ERR_* codes (abi/errors.h), as system calls return them: ERR_INVALID
 * for a descriptor that is not open, what the stream's server answered otherwise (ERR_DEAD:
 * a pipe nobody reads), or the kernel's error when the server is gone (never a hang).
 * Each descriptor has a lock: threads may share one.
 */
#ifndef ORRERY_USER_FD_H
#define ORRERY_USER_FD_H

#include "proto/fs.h"
#include "types.h"

/** Descriptors are 0 .. FD_MAX - 1. */
#define FD_MAX 16
#define FD_STDIN 0
#define FD_STDOUT 1
#define FD_STDERR 2

/** open()'s flags: the file server's own (proto/fs.h). */
#define O_RDONLY FS_O_READ
#define O_WRONLY FS_O_WRITE
#define O_RDWR (FS_O_READ | FS_O_WRITE)
#define O_CREAT FS_O_CREATE
#define O_EXCL FS_O_EXCL
#define O_TRUNC FS_O_TRUNC
#define O_APPEND FS_O_APPEND
#define O_DIRECTORY FS_O_DIRECTORY
#define SEEK_SET FS_SEEK_SET
#define SEEK_CUR FS_SEEK_CUR
#define SEEK_END FS_SEEK_END

/**
 * Open the file @p path (relative to the working directory, cwd.h) with O_* @p flags.
 * @return the lowest free descriptor, or the file server's error (ERR_NOT_FOUND,
 *         FS_ERR_IS_DIR, ...; error_text() words them), ERR_NO_MEMORY (FD_MAX are open).
 */
int open(const char *path, unsigned flags);

/** Move @p fd's position (an open file): @p whence SEEK_SET, SEEK_CUR or SEEK_END.
 *  @return the new position, or an error (ERR_INVALID before 0; a stream that is no file). */
int lseek(int fd, int offset, unsigned whence);

/** The fs_stat of the open file @p fd into @p info. @return 0 or an error. */
int fstat(int fd, struct fs_stat *info);

/** Cut or extend (with zeros) the open file @p fd to @p size bytes. @return 0 or an error. */
int ftruncate(int fd, unsigned size);

/**
 * FS_READDIR on the open directory @p fd from @p cookie (0: the start): the packed
 * fs_dirent records are copied into @p buffer (@p size bytes, at most FS_BUFFER_SIZE used),
 * @p next gets the cookie to go on from. dir.h reads them; this is its raw call.
 * @return the number of entries packed (0: no more), or an error.
 */
int fd_readdir(int fd, unsigned cookie, void *buffer, size_t size, unsigned *next);

/**
 * One request on @p fd's connection, under its lock: @p label with @p words (@p count),
 * the reply's words 1.. into @p out (@p out_count). With @p copy, the shared page is
 * mapped first and, after the reply, its first @p copy_size bytes (at most
 * STREAM_BUFFER_SIZE) are copied there. What fd_file.c's requests on open files are made of.
 * @return the reply's result, or ERR_INVALID (@p fd is not open), the kernel's error.
 */
int fd_request(int fd, unsigned label, const unsigned *words, unsigned count, unsigned *out,
               unsigned out_count, void *copy, size_t copy_size);

/**
 * Open a descriptor on the stream connection in @p slot (an endpoint capability); from now
 * on the descriptor owns it (close() deletes it).
 * @return the lowest free descriptor, or ERR_INVALID (the slot holds no endpoint),
 *         ERR_NO_MEMORY (FD_MAX are open).
 */
int fd_open_stream(int slot);

/**
 * Like fd_open_stream(), but as descriptor @p fd (closing what @p fd was first; dup2 style):
 * how the standard descriptors are opened.
 * @return @p fd, or ERR_INVALID (a bad @p fd or a slot with no endpoint).
 */
int fd_open_stream_as(int fd, int slot);

/**
 * As fd_open_stream_as(), for a connection whose end belongs to whoever gave it: the
 * process manager keeps a copy of each standard stream it gives a process (PM_GIVE) and
 * sends the one STREAM_CLOSE when the process ends, however it ends. close() and exit()
 * then only drop this program's capability (and its mapping): no second STREAM_CLOSE.
 * @return as fd_open_stream_as().
 */
int fd_open_given_stream_as(int fd, int slot);

/** Whether @p fd is open. */
bool fd_is_open(int fd);

/** The slot of @p fd's connection capability (to pass it on, say), or ERR_INVALID. */
int fd_slot(int fd);

/**
 * Write @p len bytes from @p buffer, in requests of at most STREAM_BUFFER_SIZE.
 * @return the bytes written (all of them unless the stream stopped taking: then fewer), or
 *         an error if none were written.
 */
int write(int fd, const void *buffer, size_t len);

/**
 * Read at most @p len bytes into @p buffer; waits until some are there.
 * @return the bytes read (1..len), 0 at the end of input, or an error.
 */
int read(int fd, void *buffer, size_t len);

/**
 * Close @p fd: tell the server (STREAM_CLOSE, unless the stream was given:
 * fd_open_given_stream_as), unmap the shared page, delete the capabilities. @return 0, or ERR_INVALID if @p fd was not open.
 */
int close(int fd);

#endif
