/**
 * @file connection.h
 * @brief The console's connections (proto/stream.h): one per badge, each with its shared
 *        frame, mapped in the console too, and the partial line it has written so far.
 *
 * A connection exists from its first STREAM_MAP to its STREAM_CLOSE. Its output reaches the
 * screen a whole line at a time (connection_write), so that lines of different writers never
 * mix; what is left without a newline waits in the connection until its newline, until
 * CONSOLE_PARTIAL_LINE_MAX bytes have gathered, or until connection_flush_all() (which the
 * console calls before it waits for input, so that a prompt shows).
 */
#ifndef ORRERY_CONSOLE_CONNECTION_H
#define ORRERY_CONSOLE_CONNECTION_H

#include "proto/console.h"
#include "types.h"

/** Where connection i's frame is mapped in the console: CONNECTION_FRAMES_BASE + i pages. */
#define CONNECTION_FRAMES_BASE 0x90000000u
/** Where the console maps the VGA text screen init gives it unmapped: below the frames. */
#define CONSOLE_SCREEN_ADDRESS (CONNECTION_FRAMES_BASE - PAGE_SIZE)

struct connection {
    bool used;
    unsigned badge;
    int frame;    /**< the slot of its frame capability */
    char *buffer; /**< the frame, as mapped here */
    unsigned partial_length;
    char partial[CONSOLE_PARTIAL_LINE_MAX];
};

/** The connection with @p badge, or NULL if it has none. */
struct connection *connection_find(unsigned badge);

/**
 * The connection with @p badge, made (with a fresh frame, mapped) if it has none.
 * @return it, or NULL with *@p error = ERR_NO_MEMORY (CONSOLE_CONNECTIONS_MAX in use) or
 *         what frame_create or frame_map returned.
 */
struct connection *connection_open(unsigned badge, int *error);

/** Write the first @p length bytes of its buffer (at most STREAM_BUFFER_SIZE), line by line. */
void connection_write(struct connection *connection, unsigned length);

/** Write out the partial line of every connection. */
void connection_flush_all(void);

/** Write out its partial line, unmap and delete its frame, forget it. */
void connection_close(struct connection *connection);

/**
 * STREAM_CLOSE of the connection with @p badge: connection_close() if it has a buffer, and
 * remember the badge among the last CONSOLE_CLOSED_REMEMBERED closed (until a STREAM_MAP
 * opens it again). @return 0, or ERR_NOT_FOUND if it was closed already (a double close).
 */
int connection_close_badge(unsigned badge);

#endif
