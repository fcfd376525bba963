/*
 * block_client.c - the block driver's client stubs (block_client.h).
 */
#include "block_client.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "shared_map.h"
#include "slot.h"
#include "string.h"
#include "syscall_stubs.h"

/* Give back what a (partly) made connection holds. */
static void release(struct block_client *client)
{
    if (client->buffer)
        shared_unmap_frames(client->frames, BLOCK_BUFFER_PAGES, (uint32_t)client->buffer);
    client->buffer = NULL;
    for (unsigned page = 0; page < BLOCK_BUFFER_PAGES; page++) {
        if (client->frames[page] >= 0)
            slot_free(client->frames[page]);
        client->frames[page] = -1;
    }
    if (client->endpoint >= 0)
        slot_free(client->endpoint);
    client->endpoint = -1;
}

int block_info(struct block_client *client)
{
    unsigned words[2 + BLOCK_MODEL_WORDS];
    int result = rpc_call_long(client->endpoint, BLOCK_INFO, NULL, 0, -1, -1, words,
                               2 + BLOCK_MODEL_WORDS, NULL);
    if (result < 0)
        return result;
    client->sectors = words[0];
    rpc_unpack_string(client->model, &words[2], BLOCK_MODEL_WORDS);
    return 0;
}

int block_connect_endpoint(struct block_client *client, int endpoint)
{
    client->endpoint = endpoint;
    client->buffer = NULL;
    for (unsigned page = 0; page < BLOCK_BUFFER_PAGES; page++)
        client->frames[page] = -1;
    int error = 0;
    for (unsigned page = 0; page < BLOCK_BUFFER_PAGES && error >= 0; page++) {
        int slot = slot_alloc();
        error = slot < 0 ? slot : rpc_call_for_cap(endpoint, BLOCK_MAP, &page, 1, -1, slot);
        if (error < 0 && slot >= 0)
            slot_release(slot);
        if (error >= 0)
            client->frames[page] = slot;
    }
    if (error >= 0) {
        client->buffer = (uint8_t *)shared_map_frames(client->frames, BLOCK_BUFFER_PAGES, true);
        if (!client->buffer)
            error = ERR_NO_MEMORY;
    }
    if (error >= 0)
        error = block_info(client);
    if (error < 0) {
        if (client->frames[0] >= 0)
            rpc_call(endpoint, BLOCK_CLOSE, 0, 0, 0, 0, NULL);
        release(client);
    }
    return error < 0 ? error : 0;
}

int block_connect(struct block_client *client, int ns)
{
    int slot = slot_alloc();
    if (slot < 0)
        return slot;
    int error = ns_lookup(ns, BLOCK_SERVICE_NAME, slot);
    if (error < 0) {
        slot_free(slot);
        client->endpoint = -1;
        client->buffer = NULL;
        return error;
    }
    return block_connect_endpoint(client, slot);
}

int block_read(struct block_client *client, uint32_t sector, unsigned count)
{
    return rpc_call(client->endpoint, BLOCK_READ, 2, sector, count, 0, NULL);
}

int block_write(struct block_client *client, uint32_t sector, unsigned count)
{
    return rpc_call(client->endpoint, BLOCK_WRITE, 2, sector, count, 0, NULL);
}

int block_flush(struct block_client *client)
{
    return rpc_call(client->endpoint, BLOCK_FLUSH, 0, 0, 0, 0, NULL);
}

int block_close(struct block_client *client)
{
    int result = rpc_call(client->endpoint, BLOCK_CLOSE, 0, 0, 0, 0, NULL);
    release(client);
    return result;
}
