/**
 * @file line_discipline.h
 * @brief The console's input editing, with no device in sight: keys in, echo out, finished
 *        lines queued for readers (servers/console). Pure code, host-tested
 *        (kernel/tests/host/test_console_line.c).
 *
 * Keys: a printable character (0x20..0x7E) is added to the line and echoed; Enter ('\r' or
 * '\n'; a '\n' right after '\r' is the same Enter) ends the line, which with its '\n' joins
 * the queue of input waiting for a reader; backspace (0x08) or DEL (0x7F) erases the last
 * character; Ctrl-U erases the whole line; Ctrl-C discards the line and everything queued
 * and asks for the foreground program to be interrupted; Ctrl-D on an empty line is end of
 * input (the next read returns 0), on a non-empty one it hands the line over without a
 * newline. Other control characters are ignored. A line holds at most LINE_MAX_BYTES - 1
 * characters: more are refused with a bell ('\a'), as a terminal does; a finished line that
 * does not fit in the queue is dropped with a bell.
 */
#ifndef ORRERY_CONSOLE_LINE_DISCIPLINE_H
#define ORRERY_CONSOLE_LINE_DISCIPLINE_H

#include "types.h"

/** The line being edited, its '\n' included. */
#define LINE_MAX_BYTES 1024u
/** Finished input not yet read (at least two full lines). */
#define LINE_QUEUE_BYTES 2048u

/** The keys the line discipline gives a meaning to. */
enum line_key {
    LINE_KEY_CTRL_C = 0x03,
    LINE_KEY_CTRL_D = 0x04,
    LINE_KEY_BELL = 0x07,
    LINE_KEY_BACKSPACE = 0x08,
    LINE_KEY_NEWLINE = 0x0A,
    LINE_KEY_RETURN = 0x0D,
    LINE_KEY_CTRL_U = 0x15,
    LINE_KEY_DELETE = 0x7F,
};

/** What the echo of erasing one character is: back, blank it, back again. */
#define LINE_ERASE_ECHO "\b \b"

/** Where the echo goes: @p length bytes of @p text, for the screen. */
typedef void (*line_echo_function)(void *context, const char *text, unsigned length);

/** What a key did, for the console to act on. */
enum line_event {
    LINE_EVENT_NONE = 0,      /**< the line changed (or nothing did) */
    LINE_EVENT_READY = 1,     /**< input (a line or end of input) became readable */
    LINE_EVENT_INTERRUPT = 2, /**< Ctrl-C: interrupt the foreground program */
};

/** One console's input state. Initialise with line_init(). */
struct line_discipline {
    char line[LINE_MAX_BYTES];  /**< the line being edited */
    unsigned length;            /**< its characters */
    char queue[LINE_QUEUE_BYTES]; /**< finished input, a ring */
    unsigned queue_head;        /**< index of the oldest queued byte */
    unsigned queue_count;       /**< bytes queued */
    bool eof_pending;           /**< an end of input is queued ... */
    unsigned eof_after;         /**< ... after this many of the queued bytes */
    bool after_return;          /**< the last key was '\r' (a '\n' now is the same Enter) */
    line_echo_function echo;
    void *echo_context;
};

/** Start with an empty line and queue; echo through @p echo(@p context, ...). */
void line_init(struct line_discipline *line, line_echo_function echo, void *context);

/** Take one key. @return what it did (enum line_event). */
enum line_event line_input(struct line_discipline *line, char key);

/**
 * What a read of at most @p max bytes would get now, copied to @p out but not taken:
 * @return the number of bytes (1..max, never past the end of the first queued line), 0 if
 *         the next thing is the end of input, or -1 if nothing is readable yet.
 */
int line_peek(const struct line_discipline *line, char *out, unsigned max);

/** Take what line_peek() returned (@p count bytes, or the end of input if @p count is 0). */
void line_consume(struct line_discipline *line, unsigned count);

#endif
