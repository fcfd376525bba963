/*
 * test_allocator.c - host unit tests of servers/lib/allocator.c, malloc's allocator:
 * memory handed out is aligned, distinct and writable; freed neighbours merge back into one
 * block; the heap grows in place when grow() returns the memory after it (as sbrk does) and
 * in new arenas when it does not; running out gives NULL and leaves the heap intact;
 * realloc keeps contents; double frees, foreign pointers and writes past a block's end are
 * reported and change nothing. Each case ends with allocator_check() of the whole heap.
 *
 * The "heap" is a static buffer handed out by a fake sbrk, so AddressSanitizer sees a write
 * outside it; grow() can be told to leave gaps (new arenas) or to refuse after a limit.
 */
#include <stdio.h>

#include "allocator.h"
#include "host_test.h"
#include "string.h"

#define HEAP_BYTES (1u << 20)
#define UNIT 4096u

static _Alignas(4096) char heap[HEAP_BYTES];
static size_t heap_break;    /* bytes of heap[] handed out */
static size_t heap_limit;    /* grow() refuses past this */
static size_t gap_bytes;     /* grow() skips this much before each span (non-contiguous) */
static int grow_calls;

static void *fake_grow(size_t bytes)
{
    grow_calls++;
    if (heap_break + gap_bytes + bytes > heap_limit)
        return NULL;
    heap_break += gap_bytes;
    void *span = &heap[heap_break];
    heap_break += bytes;
    return span;
}

static int reports;
static char last_report[256];

static void record_report(const char *function, const void *pointer, const char *problem)
{
    reports++;
    snprintf(last_report, sizeof last_report, "%s(%p): %s", function, pointer, problem);
}

/* Whether @p text contains @p part (the kernel's string.h, first on the path, has no strstr). */
static bool contains(const char *text, const char *part)
{
    for (; *text; text++)
        if (strncmp(text, part, strlen(part)) == 0)
            return true;
    return false;
}

static struct allocator fresh(void)
{
    heap_break = 0, heap_limit = HEAP_BYTES, gap_bytes = 0, grow_calls = 0;
    reports = 0, last_report[0] = '\0';
    memset(heap, 0xCC, sizeof heap); /* not zero: the allocator must not count on it */
    return (struct allocator){ .grow = fake_grow, .report = record_report, .grow_unit = UNIT };
}

/* allocator_check() finds nothing wrong; returns the stats. */
static struct allocator_stats expect_heap_ok(struct allocator *a, const char *when)
{
    struct allocator_stats stats = {0};
    const char *problem = allocator_check(a, &stats);
    EXPECT_TRUE(problem == NULL, "allocator_check %s: %s", when, problem ? problem : "");
    return stats;
}

HOST_TEST(alloc_returns_aligned_distinct_writable_memory)
{
    struct allocator a = fresh();
    enum { COUNT = 50 };
    unsigned char *p[COUNT];
    for (int i = 0; i < COUNT; i++) {
        size_t size = (size_t)(i * 37 % 300);
        p[i] = allocator_alloc(&a, size);
        if (!EXPECT_TRUE(p[i] != NULL, "allocator_alloc(%zu) number %d", size, i))
            return;
        EXPECT_EQ(0, (uintptr_t)p[i] % ALLOCATOR_ALIGN, "alignment of allocation %d", i);
        EXPECT_TRUE(allocator_usable_size(&a, p[i]) >= size, "usable size of allocation %d", i);
        memset(p[i], i, size);
    }
    for (int i = 0; i < COUNT; i++) {
        size_t size = (size_t)(i * 37 % 300);
        for (size_t j = 0; j < size; j++)
            if (p[i][j] != (unsigned char)i) {
                HOST_FAIL("allocation %d byte %zu was overwritten by another allocation", i, j);
                return;
            }
    }
    struct allocator_stats stats = expect_heap_ok(&a, "after 50 allocations");
    EXPECT_EQ(COUNT, stats.used_blocks, "blocks in use");
    EXPECT_EQ(0, reports, "reports");
}

HOST_TEST(free_merges_neighbours_back_into_one_block)
{
    struct allocator a = fresh();
    void *first = allocator_alloc(&a, 100);
    void *x = allocator_alloc(&a, 100), *y = allocator_alloc(&a, 100), *z = allocator_alloc(&a, 100);
    struct allocator_stats before = expect_heap_ok(&a, "after four allocations");
    EXPECT_EQ(1, before.free_blocks, "free blocks after four allocations (the rest of the arena)");
    allocator_free(&a, first);
    allocator_free(&a, z); /* merges with the free rest of the arena */
    struct allocator_stats middle = expect_heap_ok(&a, "after freeing the first and the last");
    EXPECT_EQ(2, middle.free_blocks, "free blocks: the first one, and z with the rest");
    allocator_free(&a, x);
    allocator_free(&a, y); /* merges with x on its left and the rest on its right */
    struct allocator_stats after = expect_heap_ok(&a, "after freeing everything");
    EXPECT_EQ(0, after.used_blocks, "blocks in use");
    EXPECT_EQ(1, after.free_blocks, "free blocks once all are freed (merged into one)");
    EXPECT_EQ(before.free_bytes + before.used_bytes, after.free_bytes, "bytes of the one free block");
}

HOST_TEST(freed_memory_is_used_again)
{
    struct allocator a = fresh();
    for (int round = 0; round < 1000; round++) {
        void *p = allocator_alloc(&a, 2000);
        void *q = allocator_alloc(&a, 10);
        if (!EXPECT_TRUE(p && q, "round %d: allocations", round))
            return;
        allocator_free(&a, p);
        allocator_free(&a, q);
    }
    EXPECT_EQ(1, grow_calls, "grow() calls for 1000 rounds of alloc and free (memory is reused)");
    struct allocator_stats stats = expect_heap_ok(&a, "after 1000 rounds");
    EXPECT_EQ(0, stats.used_blocks, "blocks in use");
}

HOST_TEST(grow_extends_the_arena_when_memory_is_contiguous)
{
    struct allocator a = fresh();
    void *small = allocator_alloc(&a, 16);
    void *big = allocator_alloc(&a, 3 * UNIT); /* more than the first span had */
    EXPECT_TRUE(small && big, "both allocations succeed");
    struct allocator_stats stats = expect_heap_ok(&a, "after growing");
    EXPECT_EQ(1, stats.arenas, "arenas (contiguous memory extends the one arena)");
    allocator_free(&a, big);
    allocator_free(&a, small);
    stats = expect_heap_ok(&a, "after freeing both");
    EXPECT_EQ(1, stats.free_blocks, "free blocks (the extension merged with the old end)");
}

HOST_TEST(grow_starts_new_arenas_when_memory_has_gaps)
{
    struct allocator a = fresh();
    gap_bytes = UNIT;
    void *p[4];
    for (int i = 0; i < 4; i++)
        p[i] = allocator_alloc(&a, 2 * UNIT);
    struct allocator_stats stats = expect_heap_ok(&a, "after four spans with gaps");
    EXPECT_EQ(4, stats.arenas, "arenas");
    for (int i = 0; i < 4; i++)
        allocator_free(&a, p[i]);
    stats = expect_heap_ok(&a, "after freeing all");
    EXPECT_EQ(4, stats.free_blocks, "free blocks (one per arena: arenas never merge)");
    EXPECT_EQ(0, reports, "reports");
}

HOST_TEST(out_of_memory_returns_null_and_keeps_the_heap)
{
    struct allocator a = fresh();
    heap_limit = 8 * UNIT;
    void *p = allocator_alloc(&a, 1000);
    EXPECT_TRUE(p != NULL, "a small allocation within the limit");
    EXPECT_TRUE(allocator_alloc(&a, 100 * UNIT) == NULL, "an allocation over the limit gives NULL");
    EXPECT_TRUE(allocator_alloc(&a, ALLOCATOR_MAX_REQUEST + 1) == NULL, "a huge size gives NULL");
    EXPECT_TRUE(allocator_alloc(&a, (size_t)-1) == NULL, "SIZE_MAX gives NULL");
    EXPECT_TRUE(allocator_calloc(&a, (size_t)1 << (sizeof(size_t) * 4), (size_t)1 << (sizeof(size_t) * 4)) == NULL,
                "calloc whose count * size overflows gives NULL");
    int taken = 0;
    while (allocator_alloc(&a, 512))
        taken++;
    EXPECT_TRUE(taken > 10, "allocations until refused: %d", taken);
    expect_heap_ok(&a, "after running out");
    allocator_free(&a, p);
    EXPECT_TRUE(allocator_alloc(&a, 900) != NULL, "after a free, memory is there again");
}

HOST_TEST(calloc_zeroes_reused_memory)
{
    struct allocator a = fresh();
    unsigned char *p = allocator_alloc(&a, 256);
    memset(p, 0xAB, 256);
    allocator_free(&a, p);
    unsigned char *q = allocator_calloc(&a, 64, 4);
    if (!EXPECT_TRUE(q != NULL, "calloc(64, 4)"))
        return;
    for (int i = 0; i < 256; i++)
        if (q[i] != 0) {
            HOST_FAIL("calloc'd byte %d is 0x%x, not 0", i, q[i]);
            return;
        }
    expect_heap_ok(&a, "after calloc");
}

HOST_TEST(realloc_keeps_contents_grows_in_place_and_moves)
{
    struct allocator a = fresh();
    void *empty = allocator_realloc(&a, NULL, 0);
    EXPECT_TRUE(empty != NULL, "realloc(NULL, 0) is alloc(0): a block of its own");
    allocator_free(&a, empty);
    char *p = allocator_realloc(&a, NULL, 10);
    if (!EXPECT_TRUE(p != NULL, "realloc(NULL, 10) allocates"))
        return;
    memcpy(p, "abcdefghi", 10);
    char *grown = allocator_realloc(&a, p, 500);
    EXPECT_TRUE(grown == p, "growing the last block grows it in place (the free rest follows it)");
    EXPECT_STR_EQ("abcdefghi", grown, "contents after growing in place");
    char *blocker = allocator_alloc(&a, 16);
    char *moved = allocator_realloc(&a, grown, 5000);
    if (!EXPECT_TRUE(moved != NULL, "realloc to 5000 bytes"))
        return;
    EXPECT_TRUE(moved != grown, "a block with a neighbour in use moves");
    EXPECT_STR_EQ("abcdefghi", moved, "contents after moving");
    char *shrunk = allocator_realloc(&a, moved, 4);
    EXPECT_TRUE(shrunk == moved, "shrinking stays in place");
    EXPECT_EQ(0, memcmp(shrunk, "abcd", 4), "contents after shrinking");
    EXPECT_TRUE(allocator_realloc(&a, shrunk, 0) == NULL, "realloc(p, 0) frees and gives NULL");
    allocator_free(&a, blocker);
    struct allocator_stats stats = expect_heap_ok(&a, "after the reallocs");
    EXPECT_EQ(0, stats.used_blocks, "blocks in use at the end");
    EXPECT_EQ(0, reports, "reports");
}

HOST_TEST(double_free_is_reported_and_changes_nothing)
{
    struct allocator a = fresh();
    void *p = allocator_alloc(&a, 40), *keep = allocator_alloc(&a, 40);
    allocator_free(&a, p);
    struct allocator_stats before = expect_heap_ok(&a, "after the first free");
    allocator_free(&a, p);
    EXPECT_EQ(1, reports, "reports after freeing the same pointer twice");
    EXPECT_TRUE(contains(last_report, "free(") && contains(last_report, "double free"),
                "the report names free and the double free: %s", last_report);
    struct allocator_stats after = expect_heap_ok(&a, "after the double free");
    EXPECT_EQ(before.free_blocks, after.free_blocks, "free blocks unchanged");
    /* Freed and merged into its free neighbour, the block is still known to be free. */
    allocator_free(&a, keep);
    allocator_free(&a, keep);
    EXPECT_EQ(2, reports, "reports after a double free of a block merged with its neighbours");
    expect_heap_ok(&a, "at the end");
}

HOST_TEST(bad_pointers_are_reported_and_change_nothing)
{
    struct allocator a = fresh();
    char *p = allocator_alloc(&a, 64);
    static char elsewhere[64];
    allocator_free(&a, elsewhere + 16);
    EXPECT_EQ(1, reports, "a pointer outside the heap is reported");
    EXPECT_TRUE(contains(last_report, "outside the heap"), "report: %s", last_report);
    allocator_free(&a, p + 1);
    EXPECT_EQ(2, reports, "a misaligned pointer is reported");
    EXPECT_TRUE(contains(last_report, "aligned"), "report: %s", last_report);
    allocator_free(&a, p + 2 * ALLOCATOR_ALIGN);
    EXPECT_EQ(3, reports, "a pointer into the middle of a block is reported");
    EXPECT_TRUE(contains(last_report, "no block header"), "report: %s", last_report);
    EXPECT_TRUE(allocator_realloc(&a, elsewhere + 16, 10) == NULL, "realloc of a foreign pointer gives NULL");
    EXPECT_EQ(4, reports, "realloc of a foreign pointer is reported");
    EXPECT_TRUE(contains(last_report, "realloc("), "the report names realloc: %s", last_report);
    EXPECT_EQ(0, allocator_usable_size(&a, elsewhere + 16), "usable size of a foreign pointer");
    struct allocator_stats stats = expect_heap_ok(&a, "after the bad frees");
    EXPECT_EQ(1, stats.used_blocks, "the one real block is still in use");
    allocator_free(&a, p);
    EXPECT_EQ(4, reports, "freeing the real pointer reports nothing");
}

HOST_TEST(write_past_the_end_is_reported_at_free)
{
    struct allocator a = fresh();
    char *p = allocator_alloc(&a, 24);
    char *q = allocator_alloc(&a, 24);
    memset(p, 'x', allocator_usable_size(&a, p) + 1); /* one byte too many */
    allocator_free(&a, p);
    EXPECT_EQ(1, reports, "a block written past its end is reported when freed");
    EXPECT_TRUE(contains(last_report, "wrote past the end"), "report: %s", last_report);
    EXPECT_TRUE(allocator_check(&a, NULL) != NULL, "allocator_check finds the damaged footer too");
    allocator_free(&a, q);
}

HOST_TEST(random_alloc_free_keeps_every_invariant)
{
    struct allocator a = fresh();
    enum { SLOTS = 64 };
    unsigned char *p[SLOTS] = {0};
    size_t sizes[SLOTS] = {0};
    unsigned seed = 12345;
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245u + 12345u;
        int i = (int)((seed >> 16) % SLOTS);
        if (p[i]) {
            for (size_t j = 0; j < sizes[i]; j++)
                if (p[i][j] != (unsigned char)(i + sizes[i])) {
                    HOST_FAIL("step %d: block %d byte %zu changed", step, i, j);
                    return;
                }
            if (seed & 0x100) {
                allocator_free(&a, p[i]);
                p[i] = NULL;
            } else {
                size_t size = (seed >> 20) % 700;
                unsigned char old_fill = (unsigned char)(i + sizes[i]);
                unsigned char *r = allocator_realloc(&a, p[i], size);
                if (size == 0) {
                    p[i] = NULL; /* realloc(p, 0) freed it */
                    continue;
                }
                if (!r)
                    continue; /* the old block is still ours */
                size_t kept = size < sizes[i] ? size : sizes[i];
                for (size_t j = 0; j < kept; j++)
                    if (r[j] != old_fill) {
                        HOST_FAIL("step %d: realloc of block %d lost byte %zu", step, i, j);
                        return;
                    }
                p[i] = r;
                sizes[i] = size;
                memset(r, (unsigned char)(i + size), size);
            }
        } else {
            sizes[i] = (seed >> 20) % 1500;
            p[i] = allocator_alloc(&a, sizes[i]);
            if (!p[i])
                continue;
            memset(p[i], (unsigned char)(i + sizes[i]), sizes[i]);
        }
        if (step % 500 == 0) {
            const char *problem = allocator_check(&a, NULL);
            if (problem) {
                HOST_FAIL("step %d: %s", step, problem);
                return;
            }
        }
    }
    for (int i = 0; i < SLOTS; i++)
        allocator_free(&a, p[i]);
    struct allocator_stats stats = expect_heap_ok(&a, "after freeing everything");
    EXPECT_EQ(0, stats.used_blocks, "blocks in use");
    EXPECT_EQ(1, stats.free_blocks, "free blocks (all merged again)");
    EXPECT_EQ(0, reports, "reports");
}
