/*
 * connection.c - the driver's connections and their shared buffers (connection.h).
 */
#include "connection.h"
#include "slot.h"
#include "syscall_stubs.h"

static struct block_connection connections[ATA_CONNECTIONS_MAX];

struct block_connection *connection_find(unsigned badge)
{
    for (unsigned i = 0; i < ATA_CONNECTIONS_MAX; i++)
        if (connections[i].used && connections[i].badge == badge)
            return &connections[i];
    return NULL;
}

/* Give back the first @p made frames of @p connection. */
static void free_frames(struct block_connection *connection, unsigned made)
{
    for (unsigned page = 0; page < made; page++) {
        sys_cap_revoke(connection->frames[page]);
        sys_frame_unmap(connection->frames[page]);
        sys_cap_delete(connection->frames[page]);
        connection->frames[page] = -1;
    }
}

struct block_connection *connection_open(unsigned badge, int *error)
{
    struct block_connection *connection = connection_find(badge);
    if (connection)
        return connection;
    for (unsigned i = 0; i < ATA_CONNECTIONS_MAX && !connection; i++)
        if (!connections[i].used)
            connection = &connections[i];
    if (!connection) {
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    uint32_t base = ATA_BUFFERS_BASE + (uint32_t)(connection - connections) * BLOCK_BUFFER_SIZE;
    for (unsigned page = 0; page < BLOCK_BUFFER_PAGES; page++) {
        int frame = sys_frame_create();
        int mapped = frame < 0 ? frame
                               : sys_frame_map(frame, CAP_SELF_TASK, base + page * PAGE_SIZE,
                                               FRAME_MAP_WRITABLE);
        if (mapped < 0) {
            if (frame >= 0)
                sys_cap_delete(frame);
            free_frames(connection, page);
            *error = mapped;
            return NULL;
        }
        connection->frames[page] = frame;
    }
    connection->used = true;
    connection->badge = badge;
    connection->buffer = (uint8_t *)base;
    return connection;
}

void connection_close(struct block_connection *connection)
{
    free_frames(connection, BLOCK_BUFFER_PAGES);
    connection->used = false;
    connection->buffer = NULL;
}
