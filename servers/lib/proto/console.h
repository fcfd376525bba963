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

enum console_label {
    /** words: [pid]: the process Ctrl-C interrupts (0: none). */
    CONSOLE_SET_FOREGROUND = RPC_BASE_CONSOLE + 1,
};

#endif
