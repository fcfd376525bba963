/*
 * kmem.c - a small slab allocator for kernel objects, in pools charged to tasks (kmem.h).
 *
 * A slab is one frame: a struct slab header at the start, then blocks of one size. Free
 * blocks form a list threaded through their first word. Each class of a pool keeps two
 * doubly linked lists of slabs, those with a free block and those without, so allocating
 * and freeing are O(1): a slab moves between the lists as it fills up and empties.
 */
#include "kmem.h"
#include "abi/errors.h"
#include "dlist.h"
#include "memlayout.h"
#include "panic.h"
#include "frame_alloc.h"
#include "pmem.h"
#include "string.h"
#include "task.h"

#define SLAB_MAGIC 0x51AB51ABu

struct free_block {
    struct free_block *next;
};

struct slab {
    uint32_t magic;
    uint32_t size_class;
    uint32_t blocks_in_use;
    struct free_block *free_list;
    struct slab *next, *prev;
    struct kmem_pool *pool;
};

struct kmem_pool kernel_pool;
static struct kmem_stats stats;

static uint32_t class_size(uint32_t size_class) { return KMEM_MIN_SIZE << size_class; }

static uint32_t class_for_size(size_t size)
{
    uint32_t size_class = 0;
    while (class_size(size_class) < size)
        size_class++;
    return size_class;
}

/* The first block sits after the header, aligned to the block size (at most 64). */
static uint32_t first_block_offset(uint32_t size)
{
    uint32_t align = size < 64 ? size : 64;
    return ALIGN_UP((uint32_t)sizeof(struct slab), align);
}

/* The list @slab is on, in its pool. */
static struct slab **slab_list(struct slab *slab)
{
    struct kmem_pool *pool = slab->pool;
    return slab->free_list ? &pool->partial[slab->size_class] : &pool->full[slab->size_class];
}

static void slab_unlink(struct slab *slab)
{
    struct slab **head = slab_list(slab);
    DLIST_REMOVE(head, slab, next, prev);
}

/* Put @slab (on no list) on the right list of @pool. */
static void slab_push(struct kmem_pool *pool, struct slab *slab)
{
    slab->pool = pool;
    struct slab **head = slab_list(slab);
    DLIST_PUSH(head, slab, next, prev);
}

static struct slab *slab_create(struct kmem_pool *pool, uint32_t size_class, int *error)
{
    if (pool->owner && quota_charge(pool->owner, PAGE_SIZE)) {
        *error = ERR_QUOTA;
        return NULL;
    }
    paddr_t frame = pmem_alloc_frame_for(FRAME_USE_slab, pool->owner ? pool->owner->object.id : 0);
    if (frame == FRAME_NONE) {
        if (pool->owner)
            quota_release(pool->owner, PAGE_SIZE);
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    struct slab *slab = phys_to_virt(frame);
    uint32_t size = class_size(size_class);
    slab->magic = SLAB_MAGIC;
    slab->size_class = size_class;
    slab->blocks_in_use = 0;
    slab->free_list = NULL;
    for (uint32_t offset = first_block_offset(size); offset + size <= PAGE_SIZE; offset += size) {
        struct free_block *block = (struct free_block *)((uint8_t *)slab + offset);
        block->next = slab->free_list;
        slab->free_list = block;
    }
    slab_push(pool, slab);
    stats.slab_frames++;
    return slab;
}

static void slab_destroy(struct slab *slab)
{
    struct kmem_pool *pool = slab->pool;
    slab_unlink(slab);
    slab->magic = 0;
    stats.slab_frames--;
    pmem_free_frame(virt_to_phys(slab));
    if (pool->owner)
        quota_release(pool->owner, PAGE_SIZE);
}

void *kmem_pool_alloc(struct kmem_pool *pool, size_t size, int *error)
{
    if (size == 0 || size > KMEM_MAX_SIZE) {
        *error = ERR_INVALID;
        return NULL;
    }
    uint32_t size_class = class_for_size(size);
    struct slab *slab = pool->partial[size_class];
    if (!slab && !(slab = slab_create(pool, size_class, error)))
        return NULL;

    struct free_block *block = slab->free_list;
    if (!block->next) { /* its last free block: to the full list */
        slab_unlink(slab);
        slab->free_list = NULL;
        slab_push(pool, slab);
    } else {
        slab->free_list = block->next;
    }
    slab->blocks_in_use++;
    stats.objects_in_use++;
    stats.bytes_in_use += class_size(size_class);
    stats.class_objects[size_class]++;
    memset(block, 0, class_size(size_class));
    return block;
}

void *kmem_alloc(size_t size)
{
    int error;
    return kmem_pool_alloc(&kernel_pool, size, &error);
}

void kmem_free(void *pointer)
{
    if (!pointer)
        return;
    struct slab *slab = (struct slab *)ALIGN_DOWN((uintptr_t)pointer, PAGE_SIZE);
    uint32_t offset = (uint32_t)((uintptr_t)pointer - (uintptr_t)slab);
    if (slab->magic != SLAB_MAGIC)
        panic("kmem_free(%p): not a kernel object block", pointer);
    uint32_t size = class_size(slab->size_class);
    if (offset < first_block_offset(size) || (offset - first_block_offset(size)) % size != 0)
        panic("kmem_free(%p): not the start of a block", pointer);

    struct free_block *block = pointer;
    bool was_full = !slab->free_list;
    if (was_full) /* off the full list before free_list says otherwise */
        slab_unlink(slab);
    block->next = slab->free_list;
    slab->free_list = block;
    slab->blocks_in_use--;
    stats.objects_in_use--;
    stats.bytes_in_use -= size;
    stats.class_objects[slab->size_class]--;
    if (was_full)
        slab_push(slab->pool, slab); /* it has room again */
    if (slab->blocks_in_use == 0)
        slab_destroy(slab);
}

uint32_t kmem_pool_move(struct kmem_pool *from, struct kmem_pool *to)
{
    uint32_t moved = 0;
    for (uint32_t size_class = 0; size_class < KMEM_CLASS_COUNT; size_class++) {
        struct slab *slab;
        while ((slab = from->partial[size_class]) || (slab = from->full[size_class])) {
            slab_unlink(slab);
            slab_push(to, slab);
            moved += PAGE_SIZE;
        }
    }
    return moved;
}

void kmem_get_stats(struct kmem_stats *out) { *out = stats; }
