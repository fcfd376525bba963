/**
 * @file readers.h
 * @brief STREAM_READs waiting for input, answered in the order they came as lines finish.
 */
#ifndef ORRERY_CONSOLE_READERS_H
#define ORRERY_CONSOLE_READERS_H

#include "line_discipline.h"

/**
 * Keep a read of at most @p max bytes on connection @p badge waiting, to be answered through
 * the saved reply @p reply. @return false if CONSOLE_READERS_MAX already wait.
 */
bool readers_add(unsigned badge, int reply, unsigned max);

/** Whether any read waits. */
bool readers_waiting(void);

/**
 * Answer waiting reads, oldest first, while @p input has something for them: each gets the
 * bytes in its connection's buffer (or 0 at end of input). Input a reader did not take (it
 * went away) stays for the next.
 */
void readers_serve(struct line_discipline *input);

/** Answer every read waiting on connection @p badge with 0 (the connection closed). */
void readers_end(unsigned badge);

#endif
