/**
 * @file kmem.h
 * @brief Kernel object memory: small blocks carved out of frames, in pools charged to tasks.
 *
 * Objects (threads, endpoints, task structures...) come in a few size classes, powers of
 * two from 16 to 2048 bytes. Each class keeps slabs: one frame each, holding a header and
 * equal-sized blocks. A slab whose blocks are all free goes back to pmem, so after every
 * object is freed the frames in use return to what they were.
 *
 * Slabs belong to a *pool*, and every task has one (task.h): the objects a task creates are
 * carved from its own slabs, and the task's quota is charged a whole frame for each slab its
 * pool holds. So a task pays for the memory its objects really hold: keeping one object
 * alive in each of many slabs costs a frame each, not a few bytes. (With one shared pool,
 * 17 endpoints charged 680 bytes could hold 68 KiB.) The kernel's own pool, for what exists
 * before any task does, is charged to nobody.
 */
#ifndef ORRERY_KMEM_H
#define ORRERY_KMEM_H

#include "types.h"

#define KMEM_MIN_SIZE 16
#define KMEM_MAX_SIZE 2048
#define KMEM_CLASS_COUNT 8 /* 16, 32, ..., 2048 */

struct slab;
struct task;

/** Slabs of every size class, and whose quota pays a frame for each. */
struct kmem_pool {
    struct slab *partial[KMEM_CLASS_COUNT]; /**< each class's slabs with a free block */
    struct slab *full[KMEM_CLASS_COUNT];    /**< and those without */
    struct task *owner;                     /**< charged PAGE_SIZE a slab; NULL: nobody */
};

/** The kernel's own pool (boot-time structures, the root task's struct): charged to nobody. */
extern struct kmem_pool kernel_pool;

/** A snapshot of the allocator's counters (all pools together). */
struct kmem_stats {
    uint32_t objects_in_use;                    /**< blocks handed out, all classes */
    uint32_t bytes_in_use;                      /**< their sizes, rounded to the class */
    uint32_t slab_frames;                       /**< frames held by slabs */
    uint32_t class_objects[KMEM_CLASS_COUNT];   /**< blocks handed out per class */
};

/**
 * A zero-filled block of at least @p size bytes (1..KMEM_MAX_SIZE) from @p pool; a new
 * slab, if one is needed, is charged to the pool's owner.
 * @return the block, or NULL with *error = ERR_INVALID (size), ERR_QUOTA or ERR_NO_MEMORY.
 */
void *kmem_pool_alloc(struct kmem_pool *pool, size_t size, int *error);

/** kmem_pool_alloc() from the kernel's pool. @return NULL if @p size is out of range or memory is exhausted. */
void *kmem_alloc(size_t size);

/** Free a block from either. Freeing NULL does nothing; a bad pointer panics. */
void kmem_free(void *block);

/**
 * Hand every slab of @p from to @p to (whose owner pays for them from now on: the caller
 * adds the bytes to its quota). @p from is left empty. @return the bytes moved.
 */
uint32_t kmem_pool_move(struct kmem_pool *from, struct kmem_pool *to);

/** Fill @p stats with the current counters. */
void kmem_get_stats(struct kmem_stats *stats);

#endif
