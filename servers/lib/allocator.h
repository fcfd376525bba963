/**
 * @file allocator.h
 * @brief The memory allocator behind malloc: a coalescing free list over memory that grows,
 *        with checks that turn a double free or a bad pointer into a report.
 *
 * This is plain C with no system calls, so the host unit tests (kernel/tests/host/
 * test_allocator.c) run it under AddressSanitizer. malloc.c puts one allocator over the heap
 * (heap.c's sbrk) behind the C names malloc, free, calloc and realloc.
 *
 * Layout. The allocator gets memory in spans from its grow() function. Each span is an arena:
 *
 *     [arena head][start fence][block][block]...[block][end fence]
 *
 * Every block starts with a header {size, magic} and ends with a footer, a copy of the
 * header ("boundary tags", Knuth). The size includes header and footer; the magic says
 * whether the block is in use (ALLOCATOR_MAGIC_USED) or free (ALLOCATOR_MAGIC_FREE). The
 * fences are blocks marked in use that are never handed out (the end fence is a header of
 * size 0), so that walking or merging stops at an arena's edges. A free block keeps the
 * links of the free list in its payload. When grow() returns memory right after the last
 * arena (sbrk does), that arena is extended instead of a new one being started.
 *
 * free(p) merges the block with its free neighbours at once (found through the footer before
 * it and the header after it), so no two free blocks are ever next to each other.
 *
 * Checks. free and realloc check the pointer before they touch anything: inside an arena,
 * aligned, a header marked in use whose footer matches. Freeing a free block is reported as
 * a double free; a pointer with no header as not from malloc; a damaged footer as a write past
 * the end of the block. The check finds most mistakes, not all: a stale pointer into memory
 * handed out again looks valid.
 */
#ifndef ORRERY_USER_ALLOCATOR_H
#define ORRERY_USER_ALLOCATOR_H

#include "types.h"

/** Every pointer the allocator returns is a multiple of this (8 on i386). */
#define ALLOCATOR_ALIGN (2 * sizeof(size_t))
/** The magic of a block header in use, and of a free one. */
#define ALLOCATOR_MAGIC_USED ((size_t)0xA110CA7Eu)
#define ALLOCATOR_MAGIC_FREE ((size_t)0xF4EEB10Cu)
/** The largest request: bigger ones fail at once (sizes near SIZE_MAX would wrap around). */
#define ALLOCATOR_MAX_REQUEST ((size_t)-1 / 2)

struct allocator_block;
struct allocator_arena;

/** One allocator: fill in grow, report and grow_unit, zero the rest. */
struct allocator {
    /**
     * Get at least @p bytes (a multiple of grow_unit) of new memory, ALLOCATOR_ALIGN-aligned.
     * @return its start, or NULL when there is no more.
     */
    void *(*grow)(size_t bytes);
    /**
     * Report a misuse found by the function called @p function ("free", "realloc") on
     * @p pointer: @p problem says what is wrong, as a sentence. May end the program (malloc.c's
     * does); if it returns, the call does nothing (realloc returns NULL).
     */
    void (*report)(const char *function, const void *pointer, const char *problem);
    /** grow() is asked for multiples of this (a power of two: PAGE_SIZE for the heap). */
    size_t grow_unit;

    /* The allocator's own state: zero before the first call. */
    struct allocator_arena *arenas;     /**< the newest arena first */
    struct allocator_block *free_list;  /**< every free block, newest first */
};

/** What allocator_check() counts. */
struct allocator_stats {
    size_t arenas;
    size_t used_blocks, used_bytes; /**< blocks handed out, and their sizes (headers included) */
    size_t free_blocks, free_bytes; /**< free blocks, and their sizes */
    size_t largest_free;            /**< the size of the largest free block */
};

/**
 * @p size bytes, ALLOCATOR_ALIGN-aligned (a block of its own even for size 0).
 * @return the memory, or NULL if @p size is over ALLOCATOR_MAX_REQUEST or grow() fails.
 */
void *allocator_alloc(struct allocator *allocator, size_t size);

/**
 * Give back the memory at @p pointer (allocator_alloc's, or NULL: then nothing happens),
 * merging it with free neighbours. A pointer that fails the checks is reported, not freed.
 */
void allocator_free(struct allocator *allocator, void *pointer);

/**
 * @p count * @p size bytes, zeroed. @return the memory, or NULL (no memory, or the product
 * overflows).
 */
void *allocator_calloc(struct allocator *allocator, size_t count, size_t size);

/**
 * Resize the memory at @p pointer to @p size bytes, keeping its contents up to the smaller
 * size: in place when it shrinks or the block after it is free and large enough, else by
 * moving it. realloc(NULL, n) is alloc(n); realloc(p, 0) frees p and returns NULL.
 * @return the (maybe moved) memory, or NULL: then the old memory is unchanged and still yours.
 */
void *allocator_realloc(struct allocator *allocator, void *pointer, size_t size);

/** The bytes usable at @p pointer (at least what was asked for), or 0 for a bad pointer. */
size_t allocator_usable_size(struct allocator *allocator, const void *pointer);

/**
 * Walk every arena and the free list and check every invariant (headers and footers agree,
 * sizes add up to each arena, no two free blocks side by side, the free list holds exactly
 * the free blocks). Fills @p stats (may be NULL).
 * @return NULL if all is well, else a sentence naming the first thing wrong.
 */
const char *allocator_check(const struct allocator *allocator, struct allocator_stats *stats);

#endif
