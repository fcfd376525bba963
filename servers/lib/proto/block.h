/**
 * @file proto/block.h
 * @brief The block driver's protocol (servers/ata, registered as "ata"): a disk as a run of
 *        512-byte sectors, read and written through memory shared per connection.
 *
 * A client (the file server, later the pager's swap) looks up "ata" in the name service; its
 * badge is its connection. Once, it asks for the connection's buffer (BLOCK_MAP, one frame
 * per page, BLOCK_BUFFER_PAGES pages) and maps the pages at consecutive addresses of its
 * shared area (block_client.h does all this). A request then carries only a sector number
 * and a count: BLOCK_READ leaves the sectors at the start of the buffer, BLOCK_WRITE takes
 * them from there. Requests are served one at a time, in the order they arrive; each waits
 * for the device's interrupt, and every wait is bounded: a request past the end of the disk
 * is refused before the device sees it, and a device error or a device that never answers
 * comes back as an error, never a hang.
 */
#ifndef ORRERY_PROTO_BLOCK_H
#define ORRERY_PROTO_BLOCK_H

#include "proto/errors.h"
#include "rpc.h"

#define BLOCK_SECTOR_SIZE 512u  /**< bytes in a sector */
#define BLOCK_BUFFER_PAGES 16u  /**< pages of a connection's buffer (64 KiB) */
#define BLOCK_BUFFER_SIZE (BLOCK_BUFFER_PAGES * 4096u)
/** The most sectors one request moves: a whole buffer. */
#define BLOCK_MAX_SECTORS (BLOCK_BUFFER_SIZE / BLOCK_SECTOR_SIZE)
#define BLOCK_MODEL_WORDS 10    /**< the disk's model name: at most 40 bytes */
#define BLOCK_CONNECTIONS_MAX 4 /**< connections (badges with a buffer) open at once */

enum block_label {
    /** words: none. Result 0; word 1: the disk's size in sectors; word 2: BLOCK_SECTOR_SIZE;
     *  words 3 .. 3 + BLOCK_MODEL_WORDS - 1: its model name (IDENTIFY's, spaces trimmed,
     *  NUL padded). BLOCK_ERR_NO_DEVICE: the channel has no disk. */
    BLOCK_INFO = RPC_BASE_BLOCK + 1,
    /** words: [page] (0 .. BLOCK_BUFFER_PAGES - 1). Reply: cap = that page of this
     *  connection's buffer (a frame, writable). Again: a copy of the same frame. The first
     *  BLOCK_MAP of a badge opens its connection: ERR_NO_MEMORY when BLOCK_CONNECTIONS_MAX
     *  are open; BLOCK_ERR_NO_DEVICE without a disk. */
    BLOCK_MAP = RPC_BASE_BLOCK + 2,
    /** words: [sector, count] (1 <= count <= BLOCK_MAX_SECTORS). Reads count sectors from
     *  @c sector on into the start of the buffer. Result: count.
     *  ERR_INVALID: count out of range, sector + count past the end of the disk, or no
     *  connection (no BLOCK_MAP before); BLOCK_ERR_NO_DEVICE: there is no disk;
     *  BLOCK_ERR_IO: the device reported an error; BLOCK_ERR_TIMEOUT: it did not answer. */
    BLOCK_READ = RPC_BASE_BLOCK + 3,
    /** words: [sector, count]. Writes count sectors from the start of the buffer. Result:
     *  count, once the device has taken them; errors as BLOCK_READ. */
    BLOCK_WRITE = RPC_BASE_BLOCK + 4,
    /** words: none. Waits until the device has written its own cache to the medium (ATA
     *  FLUSH CACHE). Result 0; errors as BLOCK_READ. */
    BLOCK_FLUSH = RPC_BASE_BLOCK + 5,
    /** words: none. Ends this badge's connection: its buffer's frames are taken back
     *  (revoked: the client's mappings of them go too). Result 0; ERR_NOT_FOUND: it has no
     *  connection. A client that keeps the driver for its whole life need not close. */
    BLOCK_CLOSE = RPC_BASE_BLOCK + 6,
};

#endif
