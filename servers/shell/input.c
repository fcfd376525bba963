/*
 * shell/input.c - lines from standard input (input.h), through stdio's fgets; a line that
 * does not fit is read to its end and refused whole, never run in pieces.
 */
#include "input.h"
#include "stdio.h"
#include "string.h"

enum shell_input shell_read_line(char *line, size_t size)
{
    if (!fgets(line, (int)size, stdin))
        return SHELL_INPUT_END;
    size_t length = strlen(line);
    if (length > 0 && line[length - 1] == '\n') {
        line[length - 1] = '\0';
        return SHELL_INPUT_LINE;
    }
    if (length + 1 < size)
        return SHELL_INPUT_LINE; /* the input ended without a newline */
    static char rest[128];
    for (;;) { /* the line goes on: skip to its end */
        if (!fgets(rest, sizeof rest, stdin))
            break;
        size_t n = strlen(rest);
        if (n > 0 && rest[n - 1] == '\n')
            break;
    }
    line[0] = '\0';
    return SHELL_INPUT_TOO_LONG;
}
