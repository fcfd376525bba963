/*
 * kmem.c - a small slab allocator for kernel objects.
 *
 * A slab is one frame: a struct slab header at the start, then blocks of one size. Free
 * blocks form a list threaded through their first word. Each class keeps its slabs on a
 * list; allocation takes the first slab with a free block.
 */
#include "kmem.h"
#include "memlayout.h"
#include "panic.h"
#include "frame_alloc.h"
#include "pmem.h"
#include "string.h"

#define SLAB_MAGIC 0x51AB51ABu

struct free_block {
    struct free_block *next;
};

struct slab {
    uint32_t magic;
    uint32_t size_class;
    uint32_t blocks_in_use;
    struct free_block *free_list;
    struct slab *next;
};

static struct slab *class_slabs[KMEM_CLASS_COUNT];
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

static struct slab *slab_create(uint32_t size_class)
{
    paddr_t frame = pmem_alloc_frame();
    if (frame == FRAME_NONE)
        return NULL;
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
    slab->next = class_slabs[size_class];
    class_slabs[size_class] = slab;
    stats.slab_frames++;
    return slab;
}

static void slab_destroy(struct slab *slab)
{
    struct slab **link = &class_slabs[slab->size_class];
    while (*link != slab)
        link = &(*link)->next;
    *link = slab->next;
    slab->magic = 0;
    stats.slab_frames--;
    pmem_free_frame(virt_to_phys(slab));
}

void *kmem_alloc(size_t size)
{
    if (size == 0 || size > KMEM_MAX_SIZE)
        return NULL;
    uint32_t size_class = class_for_size(size);
    struct slab *slab = class_slabs[size_class];
    while (slab && !slab->free_list)
        slab = slab->next;
    if (!slab && !(slab = slab_create(size_class)))
        return NULL;

    struct free_block *block = slab->free_list;
    slab->free_list = block->next;
    slab->blocks_in_use++;
    stats.objects_in_use++;
    stats.bytes_in_use += class_size(size_class);
    stats.class_objects[size_class]++;
    memset(block, 0, class_size(size_class));
    return block;
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
    block->next = slab->free_list;
    slab->free_list = block;
    slab->blocks_in_use--;
    stats.objects_in_use--;
    stats.bytes_in_use -= size;
    stats.class_objects[slab->size_class]--;
    if (slab->blocks_in_use == 0)
        slab_destroy(slab);
}

void kmem_get_stats(struct kmem_stats *out) { *out = stats; }
