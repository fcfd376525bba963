/**
 * @file block_client.h
 * @brief The block driver's client library (proto/block.h): connect to "ata", and read,
 *        write and flush runs of sectors through the connection's shared buffer.
 *
 *     struct block_client disk;
 *     if (block_connect(&disk, START_SLOT_NS) == 0 && block_read(&disk, 0, 2) == 2)
 *         use(disk.buffer);                  // sectors 0 and 1, 1024 bytes
 *
 * The buffer (BLOCK_BUFFER_SIZE bytes, BLOCK_MAX_SECTORS sectors) is memory shared with the
 * driver: a read leaves its sectors at its start, a write takes them from there. One
 * client is one connection; a program may hold several only with different badges (the
 * driver tells connections apart by the badge of the caller's endpoint capability).
 */
#ifndef ORRERY_USER_BLOCK_CLIENT_H
#define ORRERY_USER_BLOCK_CLIENT_H

#include "proto/block.h"
#include "types.h"

/** The service name the driver registers. */
#define BLOCK_SERVICE_NAME "ata"

/** One connection to the block driver. */
struct block_client {
    int endpoint;                    /**< the driver's endpoint (slot), or -1 */
    int frames[BLOCK_BUFFER_PAGES];  /**< the buffer's frame capabilities (slots) */
    uint8_t *buffer;                 /**< the buffer, mapped here; NULL when not connected */
    uint32_t sectors;                /**< the disk's size in sectors (BLOCK_INFO) */
    char model[BLOCK_MODEL_WORDS * 4 + 1]; /**< the disk's model, NUL-terminated */
};

/**
 * Connect through the name service @p ns (look up "ata": the caller needs call=ata in the
 * manifest), map the buffer and ask for the disk's size and model.
 * @return 0, or the error: the lookup's, BLOCK_ERR_NO_DEVICE (no disk), ERR_NO_MEMORY (the
 *         driver's connections are all in use, no slot or no room to map the buffer), or
 *         BLOCK_MAP's. On error nothing is left held.
 */
int block_connect(struct block_client *client, int ns);

/**
 * Connect to the driver at @p endpoint (a capability the caller has, which this client then
 * owns and deletes on block_close()); otherwise as block_connect().
 */
int block_connect_endpoint(struct block_client *client, int endpoint);

/**
 * Ask the driver for the disk's size and model again (BLOCK_INFO) into @p client.
 * @return 0 or an error (BLOCK_ERR_NO_DEVICE).
 */
int block_info(struct block_client *client);

/**
 * Read @p count (1..BLOCK_MAX_SECTORS) sectors from @p sector on into the buffer's start.
 * @return count, or ERR_INVALID (count out of range, past the end of the disk),
 *         BLOCK_ERR_IO, BLOCK_ERR_TIMEOUT, BLOCK_ERR_NO_DEVICE, or the kernel's IPC error.
 */
int block_read(struct block_client *client, uint32_t sector, unsigned count);

/** Write @p count sectors from the buffer's start to @p sector on. @return as block_read(). */
int block_write(struct block_client *client, uint32_t sector, unsigned count);

/** Have the drive put its cache on the medium (FLUSH CACHE). @return 0 or an error. */
int block_flush(struct block_client *client);

/** End the connection (BLOCK_CLOSE), unmap the buffer and free its slots and the
 *  endpoint's. @return BLOCK_CLOSE's result. */
int block_close(struct block_client *client);

#endif
