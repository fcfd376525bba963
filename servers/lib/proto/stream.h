/**
 * @file proto/stream.h
 * @brief The stream protocol: a byte stream through a shared page, spoken by the console
 *        (servers/console) and by both ends of a pipe (servers/pipe).
 *
 * A connection is one badged endpoint capability: the server tells connections apart by the
 * badge. A program's standard input, output and error are three connections in the slots
 * START_SLOT_STDIN/STDOUT/STDERR. The data travels through one frame per connection, which
 * the client gets once (STREAM_MAP) and maps into itself; requests carry only lengths.
 */
#ifndef ORRERY_PROTO_STREAM_H
#define ORRERY_PROTO_STREAM_H

#include "rpc.h"

/** The shared buffer of a connection: one page. */
#define STREAM_BUFFER_SIZE 4096u

enum stream_label {
    /** words: none. Reply: cap = the connection's shared frame (RIGHT_READ | RIGHT_WRITE);
     *  the client maps it (frame_map into CAP_SELF_TASK). Again on the same connection: the
     *  same frame (a copy of the capability). */
    STREAM_MAP = RPC_BASE_STREAM + 1,
    /** words: [length]: the first length bytes of the shared buffer are the data
     *  (length <= STREAM_BUFFER_SIZE). Returns once the server took them: the number of
     *  bytes taken (all of them, for the console; a pipe may take fewer when full after
     *  waiting for room). ERR_DEAD: nobody will ever read them (a pipe with no reader). */
    STREAM_WRITE = RPC_BASE_STREAM + 2,
    /** words: [max]. Waits for data; returns the number of bytes now at the start of the
     *  shared buffer (1..max), or 0 at end of input (Ctrl-D on the console, every writer of
     *  a pipe closed). */
    STREAM_READ = RPC_BASE_STREAM + 3,
    /** words: none. Ends the connection: its badge means nothing any more. Exactly one
     *  side sends it: the program that opened the connection, or, for a process's standard
     *  streams (PM_GIVE), the process manager as the process ends (never the process's
     *  runtime as well). A server may refuse a second close with ERR_NOT_FOUND. */
    STREAM_CLOSE = RPC_BASE_STREAM + 4,
    /** words: none. Reply: cap = a new connection to the same stream, the same direction
     *  (for a child's standard input or output). */
    STREAM_DUP = RPC_BASE_STREAM + 5,
};

#endif
