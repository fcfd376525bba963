/*
 * block_ops.c - the block protocol's requests (proto/block.h): decode and check each, then
 * act on the disk (sectors.h) through the caller's connection (connection.h).
 */
#include "ata_server.h"
#include "connection.h"
#include "sectors.h"
#include "string.h"

static int block_info(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    if (!ata_disk.present)
        return BLOCK_ERR_NO_DEVICE;
    response->words[0] = ata_disk.sectors;
    response->words[1] = BLOCK_SECTOR_SIZE;
    memcpy(&response->words[2], ata_disk.model, BLOCK_MODEL_WORDS * 4); /* NUL padded */
    response->length = 2 + BLOCK_MODEL_WORDS;
    return 0;
}

static int block_map(struct rpc_request *request, struct rpc_response *response)
{
    unsigned page = request->words[0];
    if (!ata_disk.present)
        return BLOCK_ERR_NO_DEVICE;
    if (page >= BLOCK_BUFFER_PAGES)
        return ERR_INVALID;
    int error = ERR_INVALID;
    struct block_connection *connection = connection_open(request->badge, &error);
    if (!connection)
        return error;
    response->cap = connection->frames[page];
    return 0;
}

/* The caller's connection for a transfer, or NULL with *error set. */
static struct block_connection *transfer_connection(const struct rpc_request *request, int *error)
{
    *error = sectors_check(&ata_disk, request->words[0], request->words[1]);
    if (*error < 0)
        return NULL;
    struct block_connection *connection = connection_find(request->badge);
    if (!connection)
        *error = ERR_INVALID; /* no buffer: BLOCK_MAP comes first */
    return connection;
}

static int block_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct block_connection *connection = transfer_connection(request, &error);
    if (!connection)
        return error;
    return sectors_read(&ata_disk, request->words[0], request->words[1], connection->buffer);
}

static int block_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct block_connection *connection = transfer_connection(request, &error);
    if (!connection)
        return error;
    return sectors_write(&ata_disk, request->words[0], request->words[1], connection->buffer);
}

static int block_flush(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    (void)response;
    return sectors_flush(&ata_disk);
}

static int block_close(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct block_connection *connection = connection_find(request->badge);
    if (!connection)
        return ERR_NOT_FOUND;
    connection_close(connection);
    return 0;
}

const struct rpc_op ata_ops[] = {
    { BLOCK_INFO, 0, 0, false, block_info, "BLOCK_INFO" },
    { BLOCK_MAP, 1, 1, false, block_map, "BLOCK_MAP" },
    { BLOCK_READ, 2, 2, false, block_read, "BLOCK_READ" },
    { BLOCK_WRITE, 2, 2, false, block_write, "BLOCK_WRITE" },
    { BLOCK_FLUSH, 0, 0, false, block_flush, "BLOCK_FLUSH" },
    { BLOCK_CLOSE, 0, 0, false, block_close, "BLOCK_CLOSE" },
};
const unsigned ata_op_count = sizeof ata_ops / sizeof ata_ops[0];
