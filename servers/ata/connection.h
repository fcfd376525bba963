/**
 * @file connection.h
 * @brief The ATA driver's connections: one per client badge, each with its buffer of
 *        BLOCK_BUFFER_PAGES frames, mapped here at consecutive pages and shared with the
 *        client page by page (BLOCK_MAP).
 *
 * A connection exists from its first BLOCK_MAP to its BLOCK_CLOSE. At most
 * ATA_CONNECTIONS_MAX exist at once (each holds 64 KiB of the driver's quota); a client
 * past that gets ERR_NO_MEMORY, and the others go on.
 */
#ifndef ORRERY_ATA_CONNECTION_H
#define ORRERY_ATA_CONNECTION_H

#include "proto/block.h"
#include "types.h"

/** Connections at once: the file server, the pager's swap, and two more. */
#define ATA_CONNECTIONS_MAX BLOCK_CONNECTIONS_MAX
/** Where connection i's buffer is mapped in the driver: one BLOCK_BUFFER_SIZE after another. */
#define ATA_BUFFERS_BASE 0x90000000u

struct block_connection {
    bool used;
    unsigned badge;
    int frames[BLOCK_BUFFER_PAGES]; /**< slots of its frames, page 0 first */
    uint8_t *buffer;                /**< the frames as mapped here, BLOCK_BUFFER_SIZE bytes */
};

/** The connection of @p badge, or NULL. */
struct block_connection *connection_find(unsigned badge);

/**
 * The connection of @p badge, made with fresh frames (mapped here) if it has none.
 * @return it, or NULL with *@p error: ERR_NO_MEMORY (ATA_CONNECTIONS_MAX in use, no slot)
 *         or what frame_create or frame_map said (ERR_QUOTA).
 */
struct block_connection *connection_open(unsigned badge, int *error);

/** End @p connection: revoke the copies of its frames the client holds (their mappings go
 *  too), unmap and delete them here, forget it. */
void connection_close(struct block_connection *connection);

#endif
