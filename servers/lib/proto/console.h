/**
 * @file proto/console.h
 * @brief The console's own requests (servers/console), besides the stream protocol
 *        (proto/stream.h) it speaks on every connection.
 *
 * The console writes to the serial port and the VGA text screen and reads from the serial
 * port and the PS/2 keyboard. Input is edited a line at a time (backspace, Ctrl-U erases the
 * line); Ctrl-D at the start of a line is end of input (a read returns 0); Ctrl-C interrupts
 * the foreground process (the process manager's PM_INTERRUPT). Each write lands whole, and
 * lines of different writers never interleave.
 */
#ifndef ORRERY_PROTO_CONSOLE_H
#define ORRERY_PROTO_CONSOLE_H

#include "proto/stream.h"

/**
 * The badges of the connections STREAM_DUP makes: this bit and a counter below it. The
 * name service's badges (proto/nameserver.h) stay below it, so the two never collide.
 */
#define CONSOLE_BADGE_DUP 0x20000000u

/** Connections with a shared buffer (STREAM_MAP) at once; one more gets ERR_NO_MEMORY. */
#define CONSOLE_CONNECTIONS_MAX 24
/** Closed connections the console remembers: a STREAM_CLOSE of one of them again (a double
 *  close) gets ERR_NOT_FOUND and a `console: STREAM_CLOSE of connection ... closed already`
 *  line on the kernel console. */
#define CONSOLE_CLOSED_REMEMBERED 16
/** Reads waiting for input at once; one more gets ERR_NO_MEMORY. */
#define CONSOLE_READERS_MAX 8
/** A connection's output is held back until a newline, a read, STREAM_CLOSE, or this many
 *  bytes without a newline (then it goes out as it is). */
#define CONSOLE_PARTIAL_LINE_MAX 256

enum console_label {
    /** words: [pid]: the process Ctrl-C interrupts (0: none). */
    CONSOLE_SET_FOREGROUND = RPC_BASE_CONSOLE + 1,
};

#endif
