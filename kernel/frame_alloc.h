/**
 * @file frame_alloc.h
 * @brief The physical frame allocator: which 4 KiB frames of RAM are free.
 *
 * Pure code over a bitmap (one bit per frame, set = not available), so it also runs in host
 * unit tests. pmem.c holds the kernel's one allocator and feeds it the boot memory map.
 *
 * Lab 1 holes: frame_add_free_range, frame_reserve_range, frame_alloc, frame_free.
 *
 * Invariants:
 *  - free_count is the number of clear bits;
 *  - frame 0 (physical address 0) is never free, so FRAME_NONE (0) can mean "no frame";
 *  - a frame is handed out at most once until it is freed.
 */
#ifndef ORRERY_FRAME_ALLOC_H
#define ORRERY_FRAME_ALLOC_H

#include "bitmap.h"
#include "types.h"

/** Returned by frame_alloc() when no frame is free. */
#define FRAME_NONE ((paddr_t)0)

struct frame_allocator {
    struct bitmap used;    /**< bit i set: frame i (address i * PAGE_SIZE) is not available */
    uint32_t frame_count;  /**< frames the bitmap covers, starting at physical address 0 */
    uint32_t free_count;   /**< frames currently free */
    uint32_t search_start; /**< frame index where the next search begins (next fit) */
};

/**
 * Start an allocator covering @p frame_count frames from physical 0, with nothing free.
 * @param words storage for the bitmap: BITMAP_WORDS(@p frame_count) words.
 */
void frame_allocator_init(struct frame_allocator *allocator, uint32_t *words, uint32_t frame_count);

/**
 * (Lab 1) Make the frames wholly inside [@p start, @p end) free.
 *
 * A frame that is only partly inside the range is not usable: round @p start up and @p end
 * down to frame boundaries. Ignore frames beyond frame_count and frame 0. Frames that are
 * already free stay free (count each free frame once).
 *
 * Boot frees all of RAM through here (32,768 frames at 128 MiB): bitmap_clear_range(), which
 * works 32 frames at a time and says how many it changed, does that in about 1,000 steps.
 */
void frame_add_free_range(struct frame_allocator *allocator, paddr_t start, paddr_t end);

/**
 * (Lab 1) Mark every frame that overlaps [@p start, @p end) as not available.
 *
 * The opposite rounding of frame_add_free_range: a frame that holds even one byte of the
 * range (the kernel image, a boot module) must never be handed out, so round @p start down
 * and @p end up. Ignore frames beyond frame_count. Keep free_count right
 * (bitmap_set_range() returns how many frames it changed).
 */
void frame_reserve_range(struct frame_allocator *allocator, paddr_t start, paddr_t end);

/**
 * (Lab 1) Take one free frame.
 * @return its physical address (a multiple of PAGE_SIZE, never 0), or FRAME_NONE if none is
 *         free. Search from search_start so consecutive calls do not rescan used frames.
 */
paddr_t frame_alloc(struct frame_allocator *allocator);

/**
 * (Lab 1) Give back a frame that frame_alloc() returned.
 * @return ERR_OK; ERR_INVALID if @p frame is not a multiple of PAGE_SIZE, is 0, or lies
 *         beyond frame_count; ERR_NOT_ALLOCATED if the frame is already free (a double free).
 *         On an error nothing changes.
 */
int frame_free(struct frame_allocator *allocator, paddr_t frame);

#endif
