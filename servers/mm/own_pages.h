/**
 * @file mm/own_pages.h
 * @brief Pages of the memory manager's own memory, for its tables (the frame table's
 *        chunks, the page maps' directories and tables).
 *
 * mm has no heap (its own faults would come to itself), so its tables grow a page at a time
 * here: each page is a frame mm creates and maps into itself (frame_create, frame_map),
 * between MM_OWN_PAGES_BASE and MM_OWN_PAGES_BASE + MM_OWN_PAGES_MAX pages, and a freed page
 * is deleted, so its frame goes back to the kernel: the frames in use after a process ended
 * are what they were before it started.
 */
#ifndef ORRERY_MM_OWN_PAGES_H
#define ORRERY_MM_OWN_PAGES_H

#include "types.h"

#define MM_OWN_PAGES_BASE 0x60000000u /**< mm's own pages: below MM_SHARED_BASE, above its code */
#define MM_OWN_PAGES_MAX 8192u        /**< 32 MiB of tables at most */

/** @p count (1 or 2) contiguous zeroed pages of mm's own, or NULL (no memory). */
void *own_pages_alloc(unsigned count);

/** Give back the @p count pages at @p pages (own_pages_alloc's): their frames are freed. */
void own_pages_free(void *pages, unsigned count);

/** mm's own pages in use now. */
unsigned own_pages_in_use(void);

#endif
