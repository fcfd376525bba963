/*
 * solutions/lab1/frame_alloc.c - reference solution for Lab 1's frame allocator holes.
 *
 * Linked in place of the stubs in kernel/frame_alloc.c when Lab 1 is in SOLUTIONS.
 */
#include "frame_alloc.h"
#include "abi/errors.h"

/* Frames are numbered from physical 0: frame i starts at i * PAGE_SIZE. 64-bit arithmetic
 * keeps ranges that end at 4 GiB from wrapping. */
static uint32_t frame_index(uint64_t address) { return (uint32_t)(address >> PAGE_SHIFT); }

void frame_add_free_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    uint64_t first = frame_index(ALIGN_UP((uint64_t)start, PAGE_SIZE));
    uint64_t last = frame_index(ALIGN_DOWN((uint64_t)end, PAGE_SIZE)); /* exclusive */
    if (first == 0)
        first = 1; /* frame 0 stays reserved so that FRAME_NONE can be 0 */
    if (last > allocator->frame_count)
        last = allocator->frame_count;
    if (first < last) /* a word (32 frames) at a time; counts the frames that were used */
        allocator->free_count += bitmap_clear_range(&allocator->used, (uint32_t)first, (uint32_t)(last - first));
}

void frame_reserve_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    uint64_t first = frame_index(ALIGN_DOWN((uint64_t)start, PAGE_SIZE));
    uint64_t last = frame_index(ALIGN_UP((uint64_t)end, PAGE_SIZE)); /* exclusive */
    if (last > allocator->frame_count)
        last = allocator->frame_count;
    if (first < last)
        allocator->free_count -= bitmap_set_range(&allocator->used, (uint32_t)first, (uint32_t)(last - first));
}

paddr_t frame_alloc(struct frame_allocator *allocator)
{
    uint32_t index = bitmap_find_clear(&allocator->used, allocator->search_start);
    if (index == BITMAP_NONE)
        return FRAME_NONE;
    bitmap_set(&allocator->used, index);
    allocator->free_count--;
    allocator->search_start = index + 1;
    return (paddr_t)index << PAGE_SHIFT;
}

int frame_free(struct frame_allocator *allocator, paddr_t frame)
{
    if (frame == 0 || !IS_ALIGNED(frame, PAGE_SIZE) || frame_index(frame) >= allocator->frame_count)
        return ERR_INVALID;
    uint32_t index = frame_index(frame);
    if (!bitmap_test(&allocator->used, index))
        return ERR_NOT_ALLOCATED;
    bitmap_clear(&allocator->used, index);
    allocator->free_count++;
    return ERR_OK;
}
