/**
 * @file shell/input.h
 * @brief The shell's standard input, a line at a time, over the stream protocol
 *        (proto/stream.h) on START_SLOT_STDIN.
 */
#ifndef ORRERY_SHELL_INPUT_H
#define ORRERY_SHELL_INPUT_H

#include "proto/mm.h"
#include "types.h"

/** Where the shell maps its input connection's shared frame (the top page of the shared area). */
#define SHELL_INPUT_BUFFER (MM_SHARED_END - PAGE_SIZE)

/** What shell_read_line() found. */
enum shell_input {
    SHELL_INPUT_LINE = 0, /**< a whole line (without its newline) */
    SHELL_INPUT_TOO_LONG, /**< a line longer than the buffer: read to its end and dropped */
    SHELL_INPUT_END,      /**< end of input (Ctrl-D), or no input at all */
};

/**
 * Read the next line of standard input into @p line (@p size bytes, NUL-terminated).
 * @return enum shell_input; *@p error (may be NULL) is the stream's error at SHELL_INPUT_END.
 */
enum shell_input shell_read_line(char *line, size_t size, int *error);

#endif
