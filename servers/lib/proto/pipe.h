/**
 * @file proto/pipe.h
 * @brief The pipe service's protocol (servers/pipe). Each end of a pipe is a stream
 *        connection (proto/stream.h): STREAM_READ on the read end, STREAM_WRITE on the write
 *        end, STREAM_DUP and STREAM_CLOSE on either.
 *
 * A read returns 0 once every write end is closed and the pipe is empty; a write to a pipe
 * whose read ends are all closed returns ERR_DEAD. A pipe holds PIPE_CAPACITY bytes.
 */
#ifndef ORRERY_PROTO_PIPE_H
#define ORRERY_PROTO_PIPE_H

#include "proto/stream.h"

#define PIPE_CAPACITY 4096u

enum pipe_label {
    /** words: none. Reply: cap = the read end of a new pipe. */
    PIPE_CREATE = RPC_BASE_PIPE + 1,
    /** Sent on a read end. words: none. Reply: cap = a write end of the same pipe. */
    PIPE_WRITER = RPC_BASE_PIPE + 2,
};

#endif
