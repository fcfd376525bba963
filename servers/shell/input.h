/**
 * @file shell/input.h
 * @brief The shell's standard input, a line at a time (stdio's fgets on stdin, which
 *        shows the prompt first: it flushes standard output before it waits).
 */
#ifndef ORRERY_SHELL_INPUT_H
#define ORRERY_SHELL_INPUT_H

#include "types.h"

/** What shell_read_line() found. */
enum shell_input {
    SHELL_INPUT_LINE = 0, /**< a whole line (without its newline) */
    SHELL_INPUT_TOO_LONG, /**< a line longer than the buffer: read to its end and dropped */
    SHELL_INPUT_END,      /**< end of input (Ctrl-D), or no input at all */
};

/** Read the next line of standard input into @p line (@p size bytes, NUL-terminated).
 *  @return enum shell_input. */
enum shell_input shell_read_line(char *line, size_t size);

#endif
