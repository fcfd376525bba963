/*
 * test_frame_alloc.c - host unit tests of the Lab 1 frame allocator (kernel/frame_alloc.c),
 * one case per rule of the contract in kernel/frame_alloc.h.
 *
 * Case names start with the function they check, so the grader (labs/lab1/grade.py) can run
 * one function's cases at a time: add_free_range_*, reserve_range_*, alloc_*, free_*. Each
 * case sets up the allocator's state directly in its bitmap (make_free and make_used below)
 * rather than with the other lab functions, so a case checks one function, not the others.
 *
 * The allocators are small (64 frames, or 40 so that the bitmap's storage has 24 bits past
 * frame_count, which must stay untouched) and live on the stack, where AddressSanitizer
 * reports an access past the bitmap's storage.
 *
 * Run one group by hand with: build/host/test_frame_alloc 'alloc_*'
 */
#include <stdarg.h>
#include <stdio.h>

#include "abi/errors.h"
#include "frame_alloc.h"
#include "host_test.h"

#define ADDR(frame) ((paddr_t)(frame) * PAGE_SIZE)

/* An allocator and the storage of its bitmap: 2 words, for at most 64 frames. */
struct fixture {
    struct frame_allocator fa;
    uint32_t words[BITMAP_WORDS(64)];
};

/* A fresh allocator over @p frames frames (at most 64) with nothing free. */
static void setup(struct fixture *f, uint32_t frames)
{
    frame_allocator_init(&f->fa, f->words, frames); /* not a lab hole */
}

/* Test set-up, not the code under test: make frames [first, last) free / used. */
static void make_free(struct frame_allocator *fa, uint32_t first, uint32_t last)
{
    for (uint32_t i = first; i < last; i++) {
        if (bitmap_test(&fa->used, i)) {
            bitmap_clear(&fa->used, i);
            fa->free_count++;
        }
    }
}

static void make_used(struct frame_allocator *fa, uint32_t first, uint32_t last)
{
    for (uint32_t i = first; i < last; i++) {
        if (!bitmap_test(&fa->used, i)) {
            bitmap_set(&fa->used, i);
            fa->free_count--;
        }
    }
}

/* Bit i set: frame i is free (its bit in the allocator's bitmap is clear). */
static uint64_t free_mask(const struct frame_allocator *fa)
{
    uint64_t mask = 0;
    for (uint32_t i = 0; i < fa->frame_count; i++)
        if (!bitmap_test(&fa->used, i))
            mask |= 1ull << i;
    return mask;
}

static const char *err_name(int error)
{
    switch (error) {
    case ERR_OK: return "ERR_OK";
    case ERR_INVALID: return "ERR_INVALID";
    case ERR_NO_MEMORY: return "ERR_NO_MEMORY";
    case ERR_NOT_FOUND: return "ERR_NOT_FOUND";
    case ERR_NOT_ALLOCATED: return "ERR_NOT_ALLOCATED";
    default: return "not an error code";
    }
}

/* ------------------------------------------------------------------------------------- */
/* Checks that explain what is wrong. */

/* Bits of the bitmap's last storage word past frame_count: init set them; nothing may touch
 * them ("ignore frames beyond frame_count"). */
static bool expect_tail_untouched(const char *file, int line, const struct frame_allocator *fa,
                                  const char *after)
{
    host_test_checked(file, line);
    uint32_t bits = fa->frame_count % 32;
    if (bits == 0)
        return true; /* no spare bits; AddressSanitizer watches the storage's end */
    uint32_t tail = ~0u << bits;
    uint32_t word = fa->used.words[fa->frame_count / 32];
    if ((word & tail) == tail)
        return true;
    for (uint32_t i = fa->frame_count; i < (fa->frame_count / 32 + 1) * 32; i++) {
        if (!bitmap_test(&fa->used, i)) {
            return host_test_fail(file, line,
                                  "after %s: bit %u of the bitmap's storage was cleared, but the allocator "
                                  "has only %u frames (frame 0x%x is beyond frame_count): ignore frames "
                                  "beyond frame_count",
                                  after, i, fa->frame_count, ADDR(i));
        }
    }
    return false;
}

/* Expect free_count to be @p expected and to agree with the bitmap. */
static bool expect_free_count(const char *file, int line, const struct frame_allocator *fa,
                              uint32_t expected, const char *after)
{
    uint32_t in_bitmap = fa->frame_count - bitmap_count_set(&fa->used);
    bool ok = host_test_expect_eq(file, line, expected, fa->free_count, "free_count after %s", after);
    if (ok && in_bitmap != fa->free_count)
        ok = host_test_fail(file, line,
                            "after %s: free_count is %u but the bitmap has %u free frames: they must agree",
                            after, fa->free_count, in_bitmap);
    return ok;
}

/* Report the frames whose state differs from @p expected_free (bit i: frame i should be free),
 * with @p why(i) saying why, at most a few of them. */
static bool expect_frames(const char *file, int line, const struct frame_allocator *fa, uint64_t expected_free,
                          const char *after, const char *(*why)(uint32_t frame, const void *data),
                          const void *data)
{
    host_test_checked(file, line);
    int wrong = 0;
    for (uint32_t i = 0; i < fa->frame_count; i++) {
        bool want = (expected_free >> i) & 1, seen = !bitmap_test(&fa->used, i);
        if (want == seen || ++wrong > 4)
            continue;
        host_test_fail(file, line, "after %s: frame 0x%x (bytes 0x%x-0x%x) is %s, but %s, so it must %s",
                       after, ADDR(i), ADDR(i), ADDR(i + 1) - 1, seen ? "free" : "not free",
                       why(i, data), want ? "be free" : "not be free");
    }
    if (wrong > 4)
        host_test_fail(file, line, "after %s: ... and %d more frames in the wrong state", after, wrong - 4);
    return wrong == 0;
}

/* What a range call should have done to each frame, and why. */
struct range_call {
    bool reserve; /* frame_reserve_range rather than frame_add_free_range */
    uint64_t start, end;
    uint64_t before; /* free frames before the call */
};

static bool frame_inside(const struct range_call *call, uint32_t frame)
{
    return call->start <= (uint64_t)ADDR(frame) && (uint64_t)ADDR(frame) + PAGE_SIZE <= call->end;
}

static bool frame_overlaps(const struct range_call *call, uint32_t frame)
{
    return (uint64_t)ADDR(frame) < call->end && call->start < (uint64_t)ADDR(frame) + PAGE_SIZE;
}

static bool range_call_wants_free(const struct range_call *call, uint32_t frame)
{
    bool was_free = (call->before >> frame) & 1;
    if (call->reserve)
        return was_free && !frame_overlaps(call, frame);
    return frame != 0 && (was_free || frame_inside(call, frame));
}

static const char *range_call_why(uint32_t frame, const void *data)
{
    const struct range_call *call = data;
    bool was_free = (call->before >> frame) & 1;
    if (call->reserve) {
        if (frame_inside(call, frame))
            return "it lies inside the reserved range";
        if (frame_overlaps(call, frame))
            return "it holds part of the reserved range (round start down and end up: a frame with even "
                   "one reserved byte must never be handed out)";
        return was_free ? "it holds no byte of the reserved range (it was free before)"
                        : "it was not free before and the call frees nothing";
    }
    if (frame == 0)
        return "frame 0 is never free (frame_alloc returns 0 as FRAME_NONE)";
    if (frame_inside(call, frame))
        return "it lies wholly inside the range";
    if (was_free)
        return "it was free before (frames already free stay free)";
    if (frame_overlaps(call, frame))
        return "it is only partly inside the range (round start up and end down: a frame partly outside "
               "usable RAM is not usable)";
    return "it lies outside the range";
}

/*
 * Call frame_add_free_range or frame_reserve_range(@p start, @p end) and check every frame,
 * free_count, and the storage past frame_count.
 */
static bool call_range(const char *file, int line, struct frame_allocator *fa, bool reserve, paddr_t start,
                       paddr_t end)
{
    struct range_call call = { reserve, start, end, free_mask(fa) };
    char after[96];
    snprintf(after, sizeof after, "%s(0x%x, 0x%x)", reserve ? "frame_reserve_range" : "frame_add_free_range",
             start, end);
    if (reserve)
        frame_reserve_range(fa, start, end);
    else
        frame_add_free_range(fa, start, end);

    uint64_t expected = 0;
    for (uint32_t i = 0; i < fa->frame_count; i++)
        if (range_call_wants_free(&call, i))
            expected |= 1ull << i;
    bool ok = expect_frames(file, line, fa, expected, after, range_call_why, &call);
    ok &= expect_free_count(file, line, fa, (uint32_t)__builtin_popcountll(expected), after);
    ok &= expect_tail_untouched(file, line, fa, after);
    return ok;
}

#define ADD_AND_CHECK(fa, start, end) call_range(__FILE__, __LINE__, (fa), false, (start), (end))
#define RESERVE_AND_CHECK(fa, start, end) call_range(__FILE__, __LINE__, (fa), true, (start), (end))

static bool expect_err(const char *file, int line, int expected, int seen, const char *what, ...)
    __attribute__((format(printf, 5, 6)));
static bool expect_err(const char *file, int line, int expected, int seen, const char *what, ...)
{
    host_test_checked(file, line);
    if (expected == seen)
        return true;
    char text[200];
    va_list args;
    va_start(args, what);
    vsnprintf(text, sizeof text, what, args);
    va_end(args);
    return host_test_fail(file, line, "%s: expected %s (%d), seen %s (%d)", text, err_name(expected), expected,
                          err_name(seen), seen);
}
#define EXPECT_ERR(expected, seen, ...) expect_err(__FILE__, __LINE__, (expected), (seen), __VA_ARGS__)

/* ------------------------------------------------------------------------------------- */
/* frame_add_free_range */

HOST_TEST(add_free_range_rounds_inward)
{
    static const struct { paddr_t start, end; } ranges[] = {
        { 0x2800, 0x6000 },   /* start inside frame 2: frames 3..5 */
        { 0x3000, 0x6800 },   /* end inside frame 6: frames 3..5 */
        { 0x8000, 0x9FFF },   /* one byte short of frame 9: frame 8 only */
        { 0x10800, 0x11800 }, /* parts of two frames, no whole one: nothing */
        { 0x21000, 0x23000 }, /* aligned: frames 0x21 and 0x22, not 0x23 (the end is exclusive) */
        { 0x5000, 0x5000 },   /* empty */
    };
    for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
        struct fixture f;
        setup(&f, 64);
        ADD_AND_CHECK(&f.fa, ranges[i].start, ranges[i].end);
    }
}

HOST_TEST(add_free_range_clips_and_skips_frame_0)
{
    struct fixture f;
    setup(&f, 64);
    ADD_AND_CHECK(&f.fa, 0, 0x4000); /* frames 1..3; frame 0 stays reserved */
    setup(&f, 64);
    ADD_AND_CHECK(&f.fa, 0, 0x1000); /* only frame 0: nothing */
    setup(&f, 64);
    ADD_AND_CHECK(&f.fa, 0, ADDR(64)); /* all of the allocator's memory: frames 1..63 */

    /* 40 frames: the bitmap's storage has bits for frames 40..63, which must stay set. */
    setup(&f, 40);
    ADD_AND_CHECK(&f.fa, 0x20000, 0x80000); /* frames 32..39, the rest is beyond frame_count */
    setup(&f, 40);
    ADD_AND_CHECK(&f.fa, 0x30000, 0x40000); /* wholly beyond frame_count: nothing */
    setup(&f, 40);
    ADD_AND_CHECK(&f.fa, 0x1000, 0xFFFFFFFF); /* up to the top of the 32-bit address space */
    setup(&f, 40);
    if (!ADD_AND_CHECK(&f.fa, 0xFFFFF800, 0xFFFFFFFF))
        HOST_FAIL("hint: frame_add_free_range(0xFFFFF800, 0xFFFFFFFF) covers no whole frame and lies far beyond "
                  "frame_count, so it must free nothing; rounding 0xFFFFF800 up to a frame boundary overflows "
                  "32 bits and wraps around to 0 (compute in 64 bits)");
}

HOST_TEST(add_free_range_counts_each_frame_once)
{
    struct fixture f;
    setup(&f, 64);
    ADD_AND_CHECK(&f.fa, 0x1000, 0x5000); /* frames 1..4 */
    ADD_AND_CHECK(&f.fa, 0x3000, 0x8000); /* adds 5..7; 3 and 4 were free already: 7, not 9 */
    ADD_AND_CHECK(&f.fa, 0x1000, 0x8000); /* everything already free: still 7 */
    ADD_AND_CHECK(&f.fa, 0x7800, 0xA000); /* frame 7 free already, adds 8 and 9 */
    expect_free_count(__FILE__, __LINE__, &f.fa, 9, "freeing frames 1..9 in overlapping ranges");
}

/* ------------------------------------------------------------------------------------- */
/* frame_reserve_range */

HOST_TEST(reserve_range_rounds_outward)
{
    static const struct { paddr_t start, end; } ranges[] = {
        { 0x2800, 0x4001 }, /* frames 2, 3 and 4 (one byte of it) */
        { 0x7000, 0x7001 }, /* one byte: frame 7 */
        { 0x9FFF, 0xA001 }, /* two bytes in two frames: 9 and 10 */
        { 0xC000, 0xE000 }, /* aligned: 0xC and 0xD, not 0xE (the end is exclusive) */
        { 0x3F000, 0x40000 }, /* the last frame */
        { 0x10000, 0x10000 }, /* empty and aligned: nothing */
    };
    for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
        struct fixture f;
        setup(&f, 64);
        make_free(&f.fa, 1, 64);
        RESERVE_AND_CHECK(&f.fa, ranges[i].start, ranges[i].end);
    }
}

HOST_TEST(reserve_range_keeps_free_count)
{
    struct fixture f;
    setup(&f, 40);
    make_free(&f.fa, 1, 16);
    make_free(&f.fa, 36, 40); /* 19 free frames: 1..15 and 36..39 */
    RESERVE_AND_CHECK(&f.fa, 0x3000, 0x6000);   /* 3..5: 16 left */
    RESERVE_AND_CHECK(&f.fa, 0x4000, 0x8000);   /* 4 and 5 were reserved already: only 6, 7 count */
    RESERVE_AND_CHECK(&f.fa, 0x18000, 0x20000); /* frames that were never free: no change */
    RESERVE_AND_CHECK(&f.fa, 0, 0x1000);        /* frame 0, never free: no change */
    RESERVE_AND_CHECK(&f.fa, 0x26800, 0x80000); /* 38 and 39; the rest is beyond frame_count */
    expect_free_count(__FILE__, __LINE__, &f.fa, 12, "reserving overlapping ranges (12 of 19 frames left)");
    if (!RESERVE_AND_CHECK(&f.fa, 0x1000, 0xFFFFFFFF))
        HOST_FAIL("hint: frame_reserve_range(0x1000, 0xFFFFFFFF) reaches the top of the address space and must "
                  "reserve every frame; rounding 0xFFFFFFFF up to a frame boundary overflows 32 bits and "
                  "wraps around to 0 (compute in 64 bits)");
}

/* ------------------------------------------------------------------------------------- */
/* frame_alloc */

HOST_TEST(alloc_distinct_aligned_until_exhausted)
{
    struct fixture f;
    setup(&f, 64);
    make_free(&f.fa, 1, 64); /* 63 free frames */
    bool handed_out[64] = { false };
    int wrong = 0;
    for (uint32_t n = 1; n <= 63 && wrong == 0; n++) {
        paddr_t frame = frame_alloc(&f.fa);
        if (!EXPECT_TRUE(frame != FRAME_NONE, "frame_alloc call %u returned FRAME_NONE, but %u frames were free",
                         n, 64 - n)) {
            wrong++;
            break;
        }
        if (!EXPECT_TRUE(frame % PAGE_SIZE == 0, "frame_alloc returned 0x%x: not a multiple of PAGE_SIZE "
                         "(return the frame's physical address, index * PAGE_SIZE)", frame) ||
            !EXPECT_TRUE(frame < ADDR(64), "frame_alloc returned 0x%x, beyond the allocator's 64 frames "
                         "(which end at 0x%x)", frame, ADDR(64))) {
            wrong++;
            break;
        }
        uint32_t index = frame / PAGE_SIZE;
        if (!EXPECT_TRUE(!handed_out[index], "frame_alloc returned frame 0x%x twice without a frame_free "
                         "(mark the frame used in the bitmap)", frame))
            wrong++;
        handed_out[index] = true;
        if (!EXPECT_TRUE(bitmap_test(&f.fa.used, index), "frame 0x%x's bit in allocator.used after frame_alloc "
                         "returned it: it must be set (used)", frame))
            wrong++;
        if (!EXPECT_EQ(63 - n, f.fa.free_count, "free_count after %u calls of frame_alloc", n))
            wrong++;
    }
    if (wrong)
        return;
    EXPECT_EQ(FRAME_NONE, frame_alloc(&f.fa), "frame_alloc once all 63 frames are handed out (FRAME_NONE)");
    EXPECT_EQ(FRAME_NONE, frame_alloc(&f.fa), "frame_alloc a second time with nothing free (FRAME_NONE)");
    expect_free_count(__FILE__, __LINE__, &f.fa, 0, "handing out every frame");
}

HOST_TEST(alloc_never_returns_reserved)
{
    struct fixture f;
    setup(&f, 64);
    make_free(&f.fa, 1, 64);
    make_used(&f.fa, 5, 9);   /* frames 5..8, 32, 33 and 63 are in use: */
    make_used(&f.fa, 32, 34); /* the kernel image, a boot module, ... */
    make_used(&f.fa, 63, 64);
    uint64_t usable = free_mask(&f.fa);
    int handed_out = 0;
    for (int n = 1; n <= 70; n++) {
        paddr_t frame = frame_alloc(&f.fa);
        if (frame == FRAME_NONE)
            break;
        uint32_t index = frame / PAGE_SIZE;
        if (!EXPECT_TRUE(frame % PAGE_SIZE == 0 && index < 64 && ((usable >> index) & 1),
                         "frame_alloc call %d returned 0x%x, which was not free (frames 0, 0x5000-0x8000, "
                         "0x20000, 0x21000 and 0x3f000 are in use; handed-out frames too)", n, frame))
            return;
        usable &= ~(1ull << index);
        handed_out++;
    }
    EXPECT_EQ(56, handed_out, "frames frame_alloc handed out before FRAME_NONE (63 - 7 in use)");
    expect_free_count(__FILE__, __LINE__, &f.fa, 0, "handing out every free frame");

    /* Only three free frames, in the middle. */
    setup(&f, 64);
    make_free(&f.fa, 10, 13);
    for (int n = 1; n <= 3; n++) {
        paddr_t frame = frame_alloc(&f.fa);
        EXPECT_TRUE(frame >= ADDR(10) && frame < ADDR(13) && frame % PAGE_SIZE == 0,
                    "frame_alloc call %d returned 0x%x, but only frames 0xa000, 0xb000 and 0xc000 were free",
                    n, frame);
    }
    EXPECT_EQ(FRAME_NONE, frame_alloc(&f.fa), "frame_alloc after the 3 free frames are handed out");
}

HOST_TEST(alloc_next_fit_and_wraps)
{
    struct fixture f;
    setup(&f, 64);
    make_free(&f.fa, 1, 64);
    /* search_start is 0 after init: the first search finds frame 1, and so on upward. */
    for (uint32_t i = 1; i <= 3; i++)
        if (!EXPECT_EQ(ADDR(i), frame_alloc(&f.fa), "frame_alloc number %u on a fresh allocator: searching "
                       "from search_start finds the lowest free frame", i))
            return;
    make_free(&f.fa, 1, 2); /* frame 0x1000 is freed */
    if (!EXPECT_EQ(ADDR(4), frame_alloc(&f.fa),
                   "frame_alloc after 0x1000-0x3000 were handed out and 0x1000 was freed: next fit continues "
                   "from search_start (after 0x3000), it does not rescan from 0"))
        return;
    for (uint32_t i = 5; i < 64; i++)
        if (!EXPECT_EQ(ADDR(i), frame_alloc(&f.fa), "frame_alloc, continuing upward to frame %u (next fit)", i))
            return;
    EXPECT_EQ(ADDR(1), frame_alloc(&f.fa),
              "frame_alloc after the last frame (0x3f000) was handed out: the search must wrap around to the "
              "start and find the freed frame 0x1000");
    EXPECT_EQ(FRAME_NONE, frame_alloc(&f.fa), "frame_alloc with every frame handed out");
    expect_free_count(__FILE__, __LINE__, &f.fa, 0, "handing out every frame");

    /* Wrapping with the free frame just below search_start. */
    setup(&f, 64);
    make_free(&f.fa, 1, 64);
    for (uint32_t i = 1; i <= 40; i++)
        frame_alloc(&f.fa); /* hands out frames 1..40; the next search starts above 40 */
    make_used(&f.fa, 41, 64);
    make_free(&f.fa, 20, 21); /* now frame 20, below the search start, is the only free one */
    EXPECT_EQ(ADDR(20), frame_alloc(&f.fa),
              "frame_alloc when the only free frame (0x14000) lies below where the last search stopped: wrap "
              "around and find it");
}

/* ------------------------------------------------------------------------------------- */
/* frame_free */

HOST_TEST(free_returns_frame_for_reuse)
{
    struct fixture f;
    setup(&f, 64);
    make_free(&f.fa, 1, 3); /* frames 1 and 2 */
    paddr_t a = frame_alloc(&f.fa), b = frame_alloc(&f.fa);
    if (!EXPECT_TRUE(a != FRAME_NONE && b != FRAME_NONE && a != b && frame_alloc(&f.fa) == FRAME_NONE,
                     "(set-up) frame_alloc hands out the two free frames 0x1000 and 0x2000, then FRAME_NONE"))
        return;
    EXPECT_ERR(ERR_OK, frame_free(&f.fa, a), "frame_free(0x%x), a frame frame_alloc returned", a);
    EXPECT_EQ(false, bitmap_test(&f.fa.used, a / PAGE_SIZE), "frame 0x%x's bit in allocator.used after "
              "frame_free (clear = free)", a);
    expect_free_count(__FILE__, __LINE__, &f.fa, 1, "freeing one of two handed-out frames");
    EXPECT_EQ(a, frame_alloc(&f.fa), "frame_alloc when the only free frame is 0x%x, just freed", a);
    expect_free_count(__FILE__, __LINE__, &f.fa, 0, "allocating the freed frame again");
    EXPECT_ERR(ERR_OK, frame_free(&f.fa, b), "frame_free(0x%x)", b);
    EXPECT_ERR(ERR_OK, frame_free(&f.fa, a), "frame_free(0x%x) after it was allocated again", a);
    expect_free_count(__FILE__, __LINE__, &f.fa, 2, "freeing both frames");
    EXPECT_TRUE(!bitmap_test(&f.fa.used, 1) && !bitmap_test(&f.fa.used, 2),
                "frames 0x1000 and 0x2000 are free in the bitmap after both were freed");
}

HOST_TEST(free_rejects_unaligned_zero_out_of_range)
{
    static const struct { paddr_t frame; const char *why; } bad[] = {
        { 0x5800, "not a multiple of PAGE_SIZE (do not round it to frame 0x5000)" },
        { 0x5001, "not a multiple of PAGE_SIZE" },
        { 0x5FFF, "not a multiple of PAGE_SIZE" },
        { 0, "frame 0 is never allocated (it is FRAME_NONE)" },
        { ADDR(40), "beyond frame_count (40 frames end at 0x28000)" },
        { ADDR(63), "beyond frame_count" },
        { 0xFFFFF000, "far beyond frame_count" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct fixture f; /* a fresh one each time, so one wrong answer does not spoil the next */
        setup(&f, 40);
        make_free(&f.fa, 1, 40);
        make_used(&f.fa, 5, 6); /* frame 0x5000 is allocated */
        char after[64];
        snprintf(after, sizeof after, "frame_free(0x%x)", bad[i].frame);
        EXPECT_ERR(ERR_INVALID, frame_free(&f.fa, bad[i].frame), "frame_free(0x%x): %s", bad[i].frame, bad[i].why);
        EXPECT_TRUE(bitmap_test(&f.fa.used, 5), "frame 0x5000 must stay allocated after %s", after);
        EXPECT_TRUE(bitmap_test(&f.fa.used, 0), "frame 0 must stay not free after %s", after);
        expect_tail_untouched(__FILE__, __LINE__, &f.fa, after);
        expect_free_count(__FILE__, __LINE__, &f.fa, 38, after);
    }
}

HOST_TEST(free_detects_double_free)
{
    struct fixture f;
    setup(&f, 40);
    make_free(&f.fa, 1, 40);
    make_used(&f.fa, 7, 8); /* frame 0x7000 is allocated; 38 frames free */
    EXPECT_ERR(ERR_OK, frame_free(&f.fa, 0x7000), "frame_free(0x7000), an allocated frame");
    expect_free_count(__FILE__, __LINE__, &f.fa, 39, "frame_free(0x7000)");
    EXPECT_ERR(ERR_NOT_ALLOCATED, frame_free(&f.fa, 0x7000), "frame_free(0x7000) a second time (a double free)");
    expect_free_count(__FILE__, __LINE__, &f.fa, 39, "the double frame_free(0x7000): it must change nothing");
    EXPECT_ERR(ERR_NOT_ALLOCATED, frame_free(&f.fa, 0x9000), "frame_free(0x9000), a free frame never allocated");
    EXPECT_ERR(ERR_NOT_ALLOCATED, frame_free(&f.fa, ADDR(39)), "frame_free(0x27000), the last frame, free");
    expect_free_count(__FILE__, __LINE__, &f.fa, 39, "freeing frames that were free already");
}

HOST_TEST(free_error_changes_nothing)
{
    struct fixture f;
    setup(&f, 40);
    make_free(&f.fa, 1, 40);
    make_used(&f.fa, 3, 4);
    make_used(&f.fa, 20, 22);
    f.fa.search_start = 22; /* as if frame_alloc had just handed out frame 21 */
    static const paddr_t bad[] = { 0x3800, 0x3001, 0, ADDR(40), 0x9000, 0x15FFF, ADDR(39) };
    const struct fixture start = f;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        f = start; /* the same state before each call, even if an earlier one changed it */
        f.fa.used.words = f.words;
        struct fixture before = f;
        int error = frame_free(&f.fa, bad[i]);
        EXPECT_TRUE(error != ERR_OK, "frame_free(0x%x) must fail (it returned %s)", bad[i], err_name(error));
        EXPECT_EQ(before.fa.free_count, f.fa.free_count, "free_count after the failed frame_free(0x%x)", bad[i]);
        EXPECT_EQ(before.fa.search_start, f.fa.search_start, "search_start after the failed frame_free(0x%x)",
                  bad[i]);
        EXPECT_EQ(before.fa.frame_count, f.fa.frame_count, "frame_count after the failed frame_free(0x%x)", bad[i]);
        EXPECT_TRUE(f.fa.used.words == f.words && f.fa.used.bit_count == 40,
                    "allocator.used (words, bit_count) after the failed frame_free(0x%x)", bad[i]);
        for (size_t w = 0; w < ARRAY_SIZE(f.words); w++)
            EXPECT_EQ(before.words[w], f.words[w], "bitmap word %zu (frames %zu..%zu) after the failed "
                      "frame_free(0x%x): on an error nothing changes", w, w * 32, w * 32 + 31, bad[i]);
    }
}
