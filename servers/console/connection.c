/*
 * connection.c - the console's connections: their frames and partial lines (connection.h).
 */
#include "connection.h"
#include "output.h"
#include "syscall_stubs.h"

static struct connection connections[CONSOLE_CONNECTIONS_MAX];

/* The badges of the last connections closed (a ring), to tell a double close. */
static struct closed {
    bool used;
    unsigned badge;
} closed[CONSOLE_CLOSED_REMEMBERED];
static unsigned closed_next;

static struct closed *closed_find(unsigned badge)
{
    for (unsigned i = 0; i < CONSOLE_CLOSED_REMEMBERED; i++)
        if (closed[i].used && closed[i].badge == badge)
            return &closed[i];
    return NULL;
}

struct connection *connection_find(unsigned badge)
{
    for (unsigned i = 0; i < CONSOLE_CONNECTIONS_MAX; i++)
        if (connections[i].used && connections[i].badge == badge)
            return &connections[i];
    return NULL;
}

struct connection *connection_open(unsigned badge, int *error)
{
    struct connection *connection = connection_find(badge);
    if (connection)
        return connection;
    for (unsigned i = 0; i < CONSOLE_CONNECTIONS_MAX && !connection; i++)
        if (!connections[i].used)
            connection = &connections[i];
    if (!connection) {
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    int frame = sys_frame_create();
    if (frame < 0) {
        *error = frame;
        return NULL;
    }
    unsigned address = CONNECTION_FRAMES_BASE + (unsigned)(connection - connections) * PAGE_SIZE;
    int mapped = sys_frame_map(frame, CAP_SELF_TASK, address, FRAME_MAP_WRITABLE);
    if (mapped < 0) {
        sys_cap_delete(frame);
        *error = mapped;
        return NULL;
    }
    struct closed *was_closed = closed_find(badge);
    if (was_closed)
        was_closed->used = false; /* open again */
    connection->used = true;
    connection->badge = badge;
    connection->frame = frame;
    connection->buffer = (char *)address;
    connection->partial_length = 0;
    return connection;
}

static void flush(struct connection *connection)
{
    if (connection->partial_length > 0)
        output_write(connection->partial, connection->partial_length);
    connection->partial_length = 0;
}

void connection_write(struct connection *connection, unsigned length)
{
    for (unsigned i = 0; i < length; i++) {
        char c = connection->buffer[i];
        connection->partial[connection->partial_length++] = c;
        if (c == '\n' || connection->partial_length == CONSOLE_PARTIAL_LINE_MAX)
            flush(connection);
    }
}

void connection_flush_all(void)
{
    for (unsigned i = 0; i < CONSOLE_CONNECTIONS_MAX; i++)
        if (connections[i].used)
            flush(&connections[i]);
}

void connection_close(struct connection *connection)
{
    flush(connection);
    sys_frame_unmap(connection->frame);
    sys_cap_delete(connection->frame);
    connection->used = false;
    connection->buffer = NULL;
}

int connection_close_badge(unsigned badge)
{
    struct connection *connection = connection_find(badge);
    if (connection)
        connection_close(connection);
    else if (closed_find(badge))
        return ERR_NOT_FOUND;
    closed[closed_next] = (struct closed){ true, badge };
    closed_next = (closed_next + 1) % CONSOLE_CLOSED_REMEMBERED;
    return 0;
}
