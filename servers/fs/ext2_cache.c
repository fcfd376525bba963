/**
 * @file ext2_cache.c
 * @brief The block cache (ext2_cache.h): a hash of block numbers to buffers and a list
 *        from most to least recently used; a miss reuses the least recently used buffer
 *        that is not held, writing it back first if it is dirty.
 */
#include <stdlib.h>
#include <string.h>

#include "abi/errors.h"
#include "ext2_cache.h"
#include "proto/errors.h"

/** Bytes a prefetch reads, or a sync writes, in one device request at most (the block
 *  driver's buffer: one request, however many blocks). */
#define EXT2_CACHE_RUN_BYTES (64u * 1024u)

static uint32_t hash_slot(const struct ext2_cache *cache, uint32_t block)
{
    return (block * 2654435761u >> 8) & cache->hash_mask;
}

static void lru_unlink(struct ext2_buf *buffer)
{
    buffer->lru_prev->lru_next = buffer->lru_next;
    buffer->lru_next->lru_prev = buffer->lru_prev;
}

static void lru_push_front(struct ext2_cache *cache, struct ext2_buf *buffer)
{
    buffer->lru_next = cache->lru.lru_next;
    buffer->lru_prev = &cache->lru;
    cache->lru.lru_next->lru_prev = buffer;
    cache->lru.lru_next = buffer;
}

static void lru_push_back(struct ext2_cache *cache, struct ext2_buf *buffer)
{
    buffer->lru_prev = cache->lru.lru_prev;
    buffer->lru_next = &cache->lru;
    cache->lru.lru_prev->lru_next = buffer;
    cache->lru.lru_prev = buffer;
}

static void hash_remove(struct ext2_cache *cache, struct ext2_buf *buffer)
{
    struct ext2_buf **link = &cache->hash[hash_slot(cache, buffer->block)];
    while (*link != NULL && *link != buffer)
        link = &(*link)->hash_next;
    if (*link == buffer)
        *link = buffer->hash_next;
    buffer->hash_next = NULL;
    buffer->valid = 0;
}

static struct ext2_buf *hash_find(struct ext2_cache *cache, uint32_t block)
{
    struct ext2_buf *buffer = cache->hash[hash_slot(cache, block)];
    while (buffer != NULL && buffer->block != block)
        buffer = buffer->hash_next;
    return buffer;
}

int ext2_cache_init(struct ext2_cache *cache, struct fs_device *device, uint32_t block_size,
                    uint32_t count)
{
    memset(cache, 0, sizeof *cache);
    cache->device = device;
    cache->block_size = block_size;
    cache->sectors_per_block = block_size / FS_DEVICE_SECTOR_SIZE;
    cache->count = count;
    uint32_t slots = 1;
    while (slots < count)
        slots <<= 1;
    cache->hash_mask = slots - 1;
    cache->run_blocks = EXT2_CACHE_RUN_BYTES / block_size;
    cache->buffers = calloc(count, sizeof *cache->buffers);
    cache->memory = malloc((size_t)count * block_size);
    cache->hash = calloc(slots, sizeof *cache->hash);
    cache->run = malloc(EXT2_CACHE_RUN_BYTES);
    if (!cache->buffers || !cache->memory || !cache->hash || !cache->run) {
        ext2_cache_fini(cache);
        return ERR_NO_MEMORY;
    }
    cache->lru.lru_next = cache->lru.lru_prev = &cache->lru;
    for (uint32_t i = 0; i < count; i++) {
        cache->buffers[i].data = cache->memory + (size_t)i * block_size;
        lru_push_back(cache, &cache->buffers[i]);
    }
    return 0;
}

void ext2_cache_fini(struct ext2_cache *cache)
{
    free(cache->buffers);
    free(cache->memory);
    free(cache->hash);
    free(cache->run);
    cache->buffers = NULL;
    cache->memory = NULL;
    cache->hash = NULL;
    cache->run = NULL;
}

static int write_back(struct ext2_cache *cache, struct ext2_buf *buffer)
{
    int result = cache->device->write(cache->device, buffer->block * cache->sectors_per_block,
                                      cache->sectors_per_block, buffer->data);
    if (result < 0)
        return result;
    buffer->dirty = 0;
    cache->writes++;
    return 0;
}

/** A buffer for @p block, unheld and not in the hash: the least recently used one not
 *  held (written back if dirty), or NULL with *error set. */
static struct ext2_buf *take_victim(struct ext2_cache *cache, int *error)
{
    for (struct ext2_buf *buffer = cache->lru.lru_prev; buffer != &cache->lru;
         buffer = buffer->lru_prev) {
        if (buffer->holds != 0)
            continue;
        if (buffer->valid && buffer->dirty) {
            int result = write_back(cache, buffer);
            if (result < 0) {
                *error = result;
                return NULL;
            }
        }
        if (buffer->valid)
            hash_remove(cache, buffer);
        return buffer;
    }
    *error = FS_ERR_BUSY;
    return NULL;
}

static void install(struct ext2_cache *cache, struct ext2_buf *buffer, uint32_t block)
{
    uint32_t slot = hash_slot(cache, block);
    buffer->block = block;
    buffer->valid = 1;
    buffer->dirty = 0;
    buffer->hash_next = cache->hash[slot];
    cache->hash[slot] = buffer;
}

static struct ext2_buf *get(struct ext2_cache *cache, uint32_t block, int read, int *error)
{
    struct ext2_buf *buffer = hash_find(cache, block);
    if (buffer != NULL) {
        cache->hits++;
    } else {
        cache->misses++;
        buffer = take_victim(cache, error);
        if (buffer == NULL)
            return NULL;
        if (read) {
            int result = cache->device->read(cache->device, block * cache->sectors_per_block,
                                             cache->sectors_per_block, buffer->data);
            if (result < 0) {
                *error = result;
                return NULL;
            }
        }
        install(cache, buffer, block);
    }
    buffer->holds++;
    lru_unlink(buffer);
    lru_push_front(cache, buffer);
    return buffer;
}

struct ext2_buf *ext2_cache_lookup(struct ext2_cache *cache, uint32_t block)
{
    struct ext2_buf *buffer = hash_find(cache, block);
    if (buffer != NULL) {
        cache->hits++;
        buffer->holds++;
        lru_unlink(buffer);
        lru_push_front(cache, buffer);
    }
    return buffer;
}

struct ext2_buf *ext2_cache_get(struct ext2_cache *cache, uint32_t block, int *error)
{
    return get(cache, block, 1, error);
}

struct ext2_buf *ext2_cache_get_zeroed(struct ext2_cache *cache, uint32_t block, int *error)
{
    struct ext2_buf *buffer = get(cache, block, 0, error);
    if (buffer != NULL) {
        memset(buffer->data, 0, cache->block_size);
        buffer->dirty = 1;
    }
    return buffer;
}

void ext2_cache_put(struct ext2_cache *cache, struct ext2_buf *buffer)
{
    (void)cache;
    if (buffer != NULL && buffer->holds > 0)
        buffer->holds--;
}

int ext2_cache_prefetch(struct ext2_cache *cache, uint32_t first, uint32_t count)
{
    while (count > 0) {
        while (count > 0 && hash_find(cache, first) != NULL) {
            first++;
            count--;
        }
        uint32_t run = 0;
        while (run < count && run < cache->run_blocks && hash_find(cache, first + run) == NULL)
            run++;
        if (run == 0)
            return 0;
        int result = cache->device->read(cache->device, first * cache->sectors_per_block,
                                         run * cache->sectors_per_block, cache->run);
        if (result < 0)
            return result;
        for (uint32_t i = 0; i < run; i++) {
            int error = 0;
            struct ext2_buf *buffer = take_victim(cache, &error);
            if (buffer == NULL)
                return error;
            memcpy(buffer->data, cache->run + (size_t)i * cache->block_size, cache->block_size);
            install(cache, buffer, first + i);
            cache->misses++;
            lru_unlink(buffer);
            lru_push_front(cache, buffer);
        }
        first += run;
        count -= run;
    }
    return 0;
}

int ext2_cache_contains(struct ext2_cache *cache, uint32_t block)
{
    return hash_find(cache, block) != NULL;
}

void ext2_cache_forget(struct ext2_cache *cache, uint32_t block)
{
    struct ext2_buf *buffer = hash_find(cache, block);
    if (buffer == NULL || buffer->holds != 0)
        return;
    hash_remove(cache, buffer);
    buffer->dirty = 0;
    lru_unlink(buffer);
    lru_push_back(cache, buffer);
}

static int is_dirty(struct ext2_buf *buffer)
{
    return buffer != NULL && buffer->valid && buffer->dirty;
}

/** Writes the run of dirty blocks that starts at @p start in one request. */
static int write_run(struct ext2_cache *cache, struct ext2_buf *start)
{
    uint32_t count = 0;
    struct ext2_buf *buffer;
    while (count < cache->run_blocks &&
           is_dirty(buffer = count == 0 ? start : hash_find(cache, start->block + count))) {
        memcpy(cache->run + (size_t)count * cache->block_size, buffer->data, cache->block_size);
        count++;
    }
    int result = cache->device->write(cache->device, start->block * cache->sectors_per_block,
                                      count * cache->sectors_per_block, cache->run);
    if (result < 0)
        return result;
    for (uint32_t i = 0; i < count; i++) {
        buffer = i == 0 ? start : hash_find(cache, start->block + i);
        buffer->dirty = 0;
    }
    cache->writes += count;
    return 0;
}

int ext2_cache_sync(struct ext2_cache *cache)
{
    int first_error = 0;
    /* Each run of dirty blocks that follow one another on the disk goes in one request,
     * from its first block (one whose predecessor is not dirty). */
    for (uint32_t i = 0; i < cache->count; i++) {
        struct ext2_buf *buffer = &cache->buffers[i];
        if (!is_dirty(buffer) || (buffer->block > 0 && is_dirty(hash_find(cache, buffer->block - 1))))
            continue;
        int result = write_run(cache, buffer);
        if (result < 0 && first_error == 0)
            first_error = result;
    }
    /* What is left: the rest of runs longer than one request. */
    for (uint32_t i = 0; i < cache->count; i++) {
        struct ext2_buf *buffer = &cache->buffers[i];
        if (is_dirty(buffer)) {
            int result = write_run(cache, buffer);
            if (result < 0 && first_error == 0)
                first_error = result;
        }
    }
    if (cache->device->flush != NULL) {
        int result = cache->device->flush(cache->device);
        if (result < 0 && first_error == 0)
            first_error = result;
    }
    return first_error;
}

int ext2_cache_drop(struct ext2_cache *cache)
{
    int result = ext2_cache_sync(cache);
    for (uint32_t i = 0; i < cache->count; i++) {
        struct ext2_buf *buffer = &cache->buffers[i];
        if (buffer->valid && buffer->holds == 0 && !buffer->dirty)
            hash_remove(cache, buffer);
    }
    return result;
}
