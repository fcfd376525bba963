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
 * The file-system issue will add files as a second kind of descriptor.
 *
 * Errors are negative ERR_* codes (abi/errors.h), as system calls return them: ERR_INVALID
 * for a descriptor that is not open, what the stream's server answered otherwise (ERR_DEAD:
 * a pipe nobody reads), or the kernel's error when the server is gone (never a hang).
 * Each descriptor has a lock: threads may share one.
 */
#ifndef ORRERY_USER_FD_H
#define ORRERY_USER_FD_H

#include "types.h"

/** Descriptors are 0 .. FD_MAX - 1. */
#define FD_MAX 16
#define FD_STDIN 0
#define FD_STDOUT 1
#define FD_STDERR 2

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
