/**
 * @file kmem.h
 * @brief Kernel object memory: small blocks carved out of frames, with accounting.
 *
 * Objects (threads, endpoints, capability tables...) come in a few size classes, powers of
 * two from 16 to 2048 bytes. Each class keeps slabs: one frame each, holding a header and
 * equal-sized blocks. A slab whose blocks are all free goes back to pmem, so after every
 * object is freed the frames in use return to what they were.
 */
#ifndef ORRERY_KMEM_H
#define ORRERY_KMEM_H

#include "types.h"

#define KMEM_MIN_SIZE 16
#define KMEM_MAX_SIZE 2048
#define KMEM_CLASS_COUNT 8 /* 16, 32, ..., 2048 */

/** A snapshot of the allocator's counters. */
struct kmem_stats {
    uint32_t objects_in_use;                    /**< blocks handed out, all classes */
    uint32_t bytes_in_use;                      /**< their sizes, rounded to the class */
    uint32_t slab_frames;                       /**< frames held by slabs */
    uint32_t class_objects[KMEM_CLASS_COUNT];   /**< blocks handed out per class */
};

/**
 * A zero-filled block of at least @p size bytes (1..KMEM_MAX_SIZE).
 * @return NULL if @p size is out of range or memory is exhausted.
 */
void *kmem_alloc(size_t size);

/** Free a block from kmem_alloc(). Freeing NULL does nothing; a bad pointer panics. */
void kmem_free(void *block);

/** Fill @p stats with the current counters. */
void kmem_get_stats(struct kmem_stats *stats);

#endif
