/*
 * frame_alloc.c - the physical frame allocator (see frame_alloc.h).
 *
 * The four functions marked LAB_HOLE are Lab 1's first exercise; labs/lab1/README.md walks
 * through them and the host tests in kernel/tests/host/test_frame_alloc.c check them.
 */
#include "frame_alloc.h"
#include "abi/errors.h"
#include "lab.h"

void frame_allocator_init(struct frame_allocator *allocator, uint32_t *words, uint32_t frame_count)
{
    bitmap_init(&allocator->used, words, frame_count, true);
    allocator->frame_count = frame_count;
    allocator->free_count = 0;
    allocator->search_start = 0;
}

LAB_HOLE void frame_add_free_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    (void)allocator, (void)start, (void)end;
    lab_hole_missing(1, "frame_add_free_range");
}

LAB_HOLE void frame_reserve_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    (void)allocator, (void)start, (void)end;
    lab_hole_missing(1, "frame_reserve_range");
}

LAB_HOLE paddr_t frame_alloc(struct frame_allocator *allocator)
{
    (void)allocator;
    lab_hole_missing(1, "frame_alloc");
}

LAB_HOLE int frame_free(struct frame_allocator *allocator, paddr_t frame)
{
    (void)allocator, (void)frame;
    lab_hole_missing(1, "frame_free");
}
