/**
 * @file ext2_cache.h
 * @brief The file server's block cache: a fixed set of block buffers found by a hash of
 *        the block number, reused least recently used first, written back when reused
 *        (write-back) or on ext2_cache_sync().
 *
 * A buffer taken with ext2_cache_get() is held (it cannot be reused) until
 * ext2_cache_put(); a change to its bytes is made known with ext2_cache_dirty(). The
 * cache reads and writes whole blocks through the fs_device.
 */
#ifndef ORRERY_FS_EXT2_CACHE_H
#define ORRERY_FS_EXT2_CACHE_H

#include <stdint.h>

#include "fs_device.h"

/** One cached block. */
struct ext2_buf {
    uint32_t block;             /**< its block number (valid only when valid != 0) */
    uint8_t *data;              /**< block_size bytes */
    uint16_t holds;             /**< ext2_cache_get()s not yet put */
    uint8_t valid;              /**< data holds the block */
    uint8_t dirty;              /**< data differs from the disk */
    struct ext2_buf *hash_next; /**< the next buffer in the same hash chain */
    struct ext2_buf *lru_prev;  /**< toward the most recently used */
    struct ext2_buf *lru_next;  /**< toward the least recently used */
};

/** The cache. Its fields are the cache's own; the counters are for tests and benchmarks. */
struct ext2_cache {
    struct fs_device *device;
    uint32_t block_size;
    uint32_t sectors_per_block;
    uint32_t count;             /**< buffers */
    struct ext2_buf *buffers;
    uint8_t *memory;            /**< count * block_size bytes of block data */
    struct ext2_buf **hash;
    uint32_t hash_mask;         /**< hash slots - 1 (a power of two) */
    struct ext2_buf lru;        /**< sentinel: lru.lru_next is the most recently used */
    uint8_t *run;               /**< scratch for ext2_cache_prefetch */
    uint32_t run_blocks;        /**< its size in blocks */
    uint32_t hits, misses, writes;
};

/**
 * @brief Make an empty cache of @p count buffers of @p block_size bytes.
 * @return 0, or ERR_NO_MEMORY.
 */
int ext2_cache_init(struct ext2_cache *cache, struct fs_device *device, uint32_t block_size,
                    uint32_t count);

/** @brief Free the cache's memory (without writing anything back: sync first). */
void ext2_cache_fini(struct ext2_cache *cache);

/**
 * @brief Hold the buffer of @p block, reading it from the disk if it is not cached.
 * @param error where to put the error when NULL is returned: the device's, or
 *        FS_ERR_BUSY when every buffer is held.
 * @return the held buffer, or NULL.
 */
struct ext2_buf *ext2_cache_get(struct ext2_cache *cache, uint32_t block, int *error);

/**
 * @brief Hold the buffer of @p block without reading it: its bytes are zeroed and it is
 *        dirty (for a block just allocated, whose old contents do not matter).
 * @return the held buffer, or NULL (@p error as ext2_cache_get()).
 */
struct ext2_buf *ext2_cache_get_zeroed(struct ext2_cache *cache, uint32_t block, int *error);

/** @brief Mark @p buffer changed: it will be written back before it is reused. */
static inline void ext2_cache_dirty(struct ext2_buf *buffer)
{
    buffer->dirty = 1;
}

/** @brief Let go of a buffer held by ext2_cache_get() (NULL: nothing). */
void ext2_cache_put(struct ext2_cache *cache, struct ext2_buf *buffer);

/**
 * @brief Read the blocks @p first .. @p first + @p count - 1 that are not cached with as
 *        few device requests as possible (a read-ahead: they are expected soon).
 * @return 0, or the device's error.
 */
int ext2_cache_prefetch(struct ext2_cache *cache, uint32_t first, uint32_t count);

/**
 * @brief Hold the buffer of @p block if it is cached; never reads (the fast path of a
 *        reader that would read ahead on a miss).
 * @return the held buffer, or NULL if @p block is not cached.
 */
struct ext2_buf *ext2_cache_lookup(struct ext2_cache *cache, uint32_t block);

/** @brief Whether @p block is in the cache now. */
int ext2_cache_contains(struct ext2_cache *cache, uint32_t block);

/** @brief Forget @p block if it is cached and not held (a freed block's stale bytes). */
void ext2_cache_forget(struct ext2_cache *cache, uint32_t block);

/**
 * @brief Write every dirty buffer back and flush the device.
 * @return 0, or the first error (the other buffers are still tried).
 */
int ext2_cache_sync(struct ext2_cache *cache);

/**
 * @brief ext2_cache_sync(), then forget every buffer not held, so that the next reads come
 *        from the disk.
 * @return as ext2_cache_sync().
 */
int ext2_cache_drop(struct ext2_cache *cache);

#endif
