/*
 * test_bitmap.c - host unit tests of kernel/bitmap.c: init, single bits, ranges clipped at
 * the end of the map, the wrapping search for a clear bit (whose whole-word skipping must
 * not skip a clear bit or find one past the end), and counting.
 *
 * Maps are sized so that their last word is only partly used (70 bits = 3 words, of which
 * bits 70..95 of the storage are not part of the map): code that runs past bit_count shows.
 */
#include "bitmap.h"
#include "host_test.h"

#define BITS 70
#define WORDS BITMAP_WORDS(BITS) /* 3 */

/* The storage bits past the end of a BITS-bit map (bits 70..95 = bits 6..31 of word 2). */
#define TAIL_MASK 0xFFFFFFC0u

/* Expect exactly the bits in @p expected (a list ended by BITMAP_NONE) to be set. */
static void expect_exactly(const struct bitmap *map, const uint32_t *expected, const char *after)
{
    for (uint32_t i = 0; i < map->bit_count; i++) {
        bool want = false;
        for (const uint32_t *e = expected; *e != BITMAP_NONE; e++)
            want |= *e == i;
        EXPECT_EQ(want, bitmap_test(map, i), "bit %u after %s", i, after);
    }
}

HOST_TEST(init_all_clear)
{
    uint32_t words[WORDS] = { 0xDEADBEEF, 0xDEADBEEF, 0xDEADBEEF };
    struct bitmap map;
    bitmap_init(&map, words, BITS, false);
    EXPECT_TRUE(map.words == words, "bitmap_init uses the caller's storage");
    EXPECT_EQ(BITS, map.bit_count, "bit_count after bitmap_init");
    for (uint32_t i = 0; i < BITS; i++)
        EXPECT_EQ(false, bitmap_test(&map, i), "bit %u after bitmap_init(..., false)", i);
    EXPECT_EQ(0, bitmap_count_set(&map), "bitmap_count_set of an all-clear map");
    EXPECT_EQ(0, bitmap_find_clear(&map, 0), "bitmap_find_clear(0) of an all-clear map");
    EXPECT_EQ(37, bitmap_find_clear(&map, 37), "bitmap_find_clear(37) of an all-clear map");
    EXPECT_EQ(BITS - 1, bitmap_find_clear(&map, BITS - 1), "bitmap_find_clear(last bit) of an all-clear map");
}

HOST_TEST(init_all_set)
{
    uint32_t words[WORDS] = { 0, 0, 0 };
    struct bitmap map;
    bitmap_init(&map, words, BITS, true);
    for (uint32_t i = 0; i < BITS; i++)
        EXPECT_EQ(true, bitmap_test(&map, i), "bit %u after bitmap_init(..., true)", i);
    EXPECT_EQ(BITS, bitmap_count_set(&map), "bitmap_count_set of an all-set map counts only its %u bits", BITS);
    EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, 0), "bitmap_find_clear of an all-set map");
}

HOST_TEST(set_clear_test_single_bits)
{
    uint32_t words[WORDS];
    struct bitmap map;
    bitmap_init(&map, words, BITS, false);
    static const uint32_t edges[] = { 0, 1, 31, 32, 63, 64, BITS - 1, BITMAP_NONE };
    for (const uint32_t *e = edges; *e != BITMAP_NONE; e++)
        bitmap_set(&map, *e);
    expect_exactly(&map, edges, "setting bits 0, 1, 31, 32, 63, 64 and 69");
    EXPECT_EQ(7, bitmap_count_set(&map), "bitmap_count_set after setting 7 bits");
    EXPECT_EQ(0x80000003u, words[0], "word 0 holds bits 0, 1 and 31 (bit i of word i / 32)");
    EXPECT_EQ(0x80000001u, words[1], "word 1 holds bits 32 and 63");
    EXPECT_EQ(0x00000021u, words[2], "word 2 holds bits 64 and 69");

    bitmap_set(&map, 32); /* setting a set bit keeps it set */
    EXPECT_EQ(true, bitmap_test(&map, 32), "bit 32 after setting it twice");
    bitmap_clear(&map, 32);
    bitmap_clear(&map, 0);
    static const uint32_t after_clear[] = { 1, 31, 63, 64, BITS - 1, BITMAP_NONE };
    expect_exactly(&map, after_clear, "clearing bits 32 and 0");
    bitmap_clear(&map, 2); /* clearing a clear bit keeps it clear */
    expect_exactly(&map, after_clear, "clearing bit 2, which was clear");
    EXPECT_EQ(5, bitmap_count_set(&map), "bitmap_count_set after clearing 2 of 7 bits");
}

HOST_TEST(ranges_inside_and_across_words)
{
    uint32_t words[WORDS];
    struct bitmap map;
    bitmap_init(&map, words, BITS, false);
    bitmap_set_range(&map, 30, 5);
    static const uint32_t set_30_34[] = { 30, 31, 32, 33, 34, BITMAP_NONE };
    expect_exactly(&map, set_30_34, "bitmap_set_range(30, 5)");
    bitmap_clear_range(&map, 31, 2);
    static const uint32_t left[] = { 30, 33, 34, BITMAP_NONE };
    expect_exactly(&map, left, "bitmap_clear_range(31, 2)");
    bitmap_set_range(&map, 5, 0);
    bitmap_clear_range(&map, 30, 0);
    expect_exactly(&map, left, "ranges of 0 bits (they change nothing)");

    bitmap_set_range(&map, 0, BITS);
    EXPECT_EQ(BITS, bitmap_count_set(&map), "bitmap_set_range(0, bit_count) sets every bit");
    bitmap_clear_range(&map, 0, BITS);
    EXPECT_EQ(0, bitmap_count_set(&map), "bitmap_clear_range(0, bit_count) clears every bit");
}

HOST_TEST(ranges_clipped_at_end)
{
    uint32_t words[WORDS];
    struct bitmap map;

    bitmap_init(&map, words, BITS, false);
    bitmap_set_range(&map, 60, 100);
    for (uint32_t i = 0; i < BITS; i++)
        EXPECT_EQ(i >= 60, bitmap_test(&map, i), "bit %u after bitmap_set_range(60, 100) on a %u-bit map", i, BITS);
    EXPECT_EQ(0, words[2] & TAIL_MASK, "storage bits past bit_count after bitmap_set_range(60, 100): "
              "bits past the end must be ignored, not set");

    bitmap_init(&map, words, BITS, false);
    bitmap_set_range(&map, 65, UINT32_MAX); /* first + count overflows 32 bits */
    for (uint32_t i = 0; i < BITS; i++)
        EXPECT_EQ(i >= 65, bitmap_test(&map, i), "bit %u after bitmap_set_range(65, UINT32_MAX)", i);

    bitmap_init(&map, words, BITS, true);
    bitmap_clear_range(&map, 66, 1000);
    for (uint32_t i = 0; i < BITS; i++)
        EXPECT_EQ(i < 66, bitmap_test(&map, i), "bit %u after bitmap_clear_range(66, 1000) on a set map", i);
    EXPECT_EQ(TAIL_MASK, words[2] & TAIL_MASK, "storage bits past bit_count after bitmap_clear_range(66, 1000): "
              "bits past the end must be ignored, not cleared");

    bitmap_init(&map, words, BITS, true);
    bitmap_clear_range(&map, BITS, 10); /* starts past the end: nothing */
    bitmap_clear_range(&map, 500, 10);
    EXPECT_EQ(BITS, bitmap_count_set(&map), "bitmap_clear_range starting at or past bit_count changes nothing");
    EXPECT_EQ(TAIL_MASK, words[2] & TAIL_MASK, "storage bits past bit_count after ranges past the end");
}

/* Ranges return how many bits they changed, and agree with bit-by-bit changes for every
 * start and length across a 128-bit map (whole words in the middle, partial ones at the
 * ends), from a map whose bits are a mixed pattern. */
HOST_TEST(ranges_count_changed_bits_across_words)
{
    enum { N = 128 };
    uint32_t words[BITMAP_WORDS(N)], expected[BITMAP_WORDS(N)];
    struct bitmap map, model;
    int wrong = 0; /* stop after a few wrong answers: one bug makes hundreds */
    for (uint32_t first = 0; first <= N && wrong < 5; first++) {
        for (uint32_t count = 0; first + count <= N + 40 && wrong < 5; count += 1 + count / 8) {
            for (int set = 0; set < 2; set++) {
                bitmap_init(&map, words, N, false);
                bitmap_init(&model, expected, N, false);
                for (uint32_t i = 0; i < N; i++)
                    if ((i * 7 + i / 32) % 3 == 0) {
                        bitmap_set(&map, i);
                        bitmap_set(&model, i);
                    }
                uint32_t changed = 0;
                for (uint32_t i = first; i < N && i - first < count; i++) {
                    changed += bitmap_test(&model, i) != (bool)set;
                    if (set)
                        bitmap_set(&model, i);
                    else
                        bitmap_clear(&model, i);
                }
                uint32_t returned = set ? bitmap_set_range(&map, first, count)
                                        : bitmap_clear_range(&map, first, count);
                bool same = true;
                for (uint32_t w = 0; w < BITMAP_WORDS(N); w++)
                    same &= words[w] == expected[w];
                EXPECT_TRUE(same, "bitmap_%s_range(%u, %u) changes exactly bits %u..%u",
                            set ? "set" : "clear", first, count, first, first + count - 1);
                EXPECT_EQ(changed, returned, "bitmap_%s_range(%u, %u) returns the bits it changed",
                          set ? "set" : "clear", first, count);
                wrong += !same || changed != returned;
            }
        }
    }
    uint32_t one[BITMAP_WORDS(BITS)];
    bitmap_init(&map, one, BITS, false);
    EXPECT_EQ(BITS, bitmap_set_range(&map, 0, UINT32_MAX), "setting a whole clear map changes every bit");
    EXPECT_EQ(0, bitmap_set_range(&map, 3, 60), "setting set bits changes none");
    EXPECT_EQ(0, one[2] & TAIL_MASK, "storage past bit_count after bitmap_set_range(0, UINT32_MAX)");
    EXPECT_EQ(BITS - 1, bitmap_clear_range(&map, 1, UINT32_MAX), "clearing bits 1.. of a full map");
}

HOST_TEST(find_clear_from_start)
{
    uint32_t words[WORDS];
    struct bitmap map;
    bitmap_init(&map, words, BITS, true);
    bitmap_clear(&map, 5);
    bitmap_clear(&map, 40);
    bitmap_clear(&map, 66);
    EXPECT_EQ(5, bitmap_find_clear(&map, 0), "lowest clear bit from 0 (clear: 5, 40, 66)");
    EXPECT_EQ(5, bitmap_find_clear(&map, 5), "the search includes the start bit itself");
    EXPECT_EQ(40, bitmap_find_clear(&map, 6), "lowest clear bit at or after 6 (clear: 5, 40, 66)");
    EXPECT_EQ(40, bitmap_find_clear(&map, 32), "lowest clear bit at or after 32 (clear: 5, 40, 66)");
    EXPECT_EQ(66, bitmap_find_clear(&map, 41), "lowest clear bit at or after 41 (clear: 5, 40, 66)");
    EXPECT_EQ(66, bitmap_find_clear(&map, 66), "lowest clear bit at or after 66 (clear: 5, 40, 66)");
    /* The search does not change the map. */
    EXPECT_EQ(BITS - 3, bitmap_count_set(&map), "bitmap_find_clear leaves the map unchanged");
}

HOST_TEST(find_clear_wraps_around)
{
    uint32_t words[WORDS];
    struct bitmap map;
    bitmap_init(&map, words, BITS, true);
    bitmap_clear(&map, 5);
    bitmap_clear(&map, 40);
    EXPECT_EQ(5, bitmap_find_clear(&map, 41), "no clear bit at or after 41: wrap around to 0 and find 5");
    EXPECT_EQ(5, bitmap_find_clear(&map, BITS - 1), "from the last bit: wrap around and find 5");
    /* frame_alloc() searches from the bit after the one it took, which may be bit_count. */
    EXPECT_EQ(5, bitmap_find_clear(&map, BITS), "from bit_count itself: wrap around and find 5");
    bitmap_set(&map, 5);
    EXPECT_EQ(40, bitmap_find_clear(&map, 41), "only bit 40 clear, searching from 41: wrap and find 40");
    EXPECT_EQ(40, bitmap_find_clear(&map, 40), "only bit 40 clear, searching from 40");
}

HOST_TEST(find_clear_full_map_is_none)
{
    uint32_t words[WORDS];
    struct bitmap map;
    bitmap_init(&map, words, BITS, true);
    for (uint32_t start = 0; start < BITS; start++)
        EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, start), "bitmap_find_clear(%u) of a full map", start);

    /* Storage bits past the end that happen to be clear are not part of the map. */
    bitmap_init(&map, words, BITS, false);
    bitmap_set_range(&map, 0, BITS);
    EXPECT_EQ(0, words[2] & TAIL_MASK, "(set-up) storage past bit_count is clear");
    EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, 0),
              "full map whose unused storage bits are clear: they are past bit_count, not free bits");
    EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, 65), "same, searching from 65");

    /* A map of exactly one word, and one of a single bit. */
    uint32_t one_word;
    bitmap_init(&map, &one_word, 32, true);
    EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, 7), "full 32-bit map");
    bitmap_clear(&map, 31);
    EXPECT_EQ(31, bitmap_find_clear(&map, 7), "32-bit map with only bit 31 clear");
    bitmap_init(&map, &one_word, 1, true);
    EXPECT_EQ(BITMAP_NONE, bitmap_find_clear(&map, 0), "full 1-bit map");
}

/* One clear bit anywhere in a 128-bit map must be found from every start: whole-word
 * skipping must neither skip it nor stop in the wrong word. */
HOST_TEST(find_clear_word_skipping_across_boundaries)
{
    enum { N = 128 };
    uint32_t words[BITMAP_WORDS(N)];
    struct bitmap map;
    int wrong = 0; /* stop after a few wrong answers: one bug makes hundreds */
    for (uint32_t clear = 0; clear < N && wrong < 5; clear++) {
        bitmap_init(&map, words, N, true);
        bitmap_clear(&map, clear);
        for (uint32_t start = 0; start < N && wrong < 5; start++) {
            if (!EXPECT_EQ(clear, bitmap_find_clear(&map, start),
                           "bitmap_find_clear(%u) with only bit %u clear", start, clear))
                wrong++;
        }
    }

    /* Two clear bits: the search finds the first at or after start, wrapping once. */
    bitmap_init(&map, words, N, true);
    bitmap_clear(&map, 10);
    bitmap_clear(&map, 100);
    for (uint32_t start = 0; start < N; start++) {
        uint32_t want = start <= 10 ? 10 : start <= 100 ? 100 : 10;
        EXPECT_EQ(want, bitmap_find_clear(&map, start), "bitmap_find_clear(%u) with bits 10 and 100 clear", start);
    }

    /* A clear bit right after a full word, searched from inside that word. */
    bitmap_init(&map, words, N, true);
    bitmap_clear(&map, 64);
    EXPECT_EQ(64, bitmap_find_clear(&map, 33), "from 33 (mid word 1), only bit 64 clear");
    bitmap_clear(&map, 63);
    EXPECT_EQ(63, bitmap_find_clear(&map, 33), "from 33, bits 63 and 64 clear: 63 comes first");
}

/* A pseudo-random sequence of operations, checked against a plain bool array. */
HOST_TEST(count_set_and_test_match_a_model)
{
    enum { N = 100 };
    uint32_t words[BITMAP_WORDS(N)];
    bool model[N] = { false };
    struct bitmap map;
    bitmap_init(&map, words, N, false);
    uint32_t seed = 12345;
    int mismatches = 0;
    for (int step = 0; step < 2000 && mismatches < 5; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t op = (seed >> 16) % 4, index = (seed >> 3) % N, count = (seed >> 20) % 40;
        switch (op) {
        case 0: bitmap_set(&map, index); model[index] = true; break;
        case 1: bitmap_clear(&map, index); model[index] = false; break;
        case 2:
            bitmap_set_range(&map, index, count);
            for (uint32_t i = index; i < N && i < index + count; i++)
                model[i] = true;
            break;
        default:
            bitmap_clear_range(&map, index, count);
            for (uint32_t i = index; i < N && i < index + count; i++)
                model[i] = false;
            break;
        }
        uint32_t want = 0, first_clear = BITMAP_NONE;
        for (uint32_t i = 0; i < N; i++) {
            want += model[i];
            if (!model[i] && first_clear == BITMAP_NONE)
                first_clear = i;
        }
        if (!EXPECT_EQ(want, bitmap_count_set(&map), "bitmap_count_set after step %d", step))
            mismatches++;
        if (!EXPECT_EQ(first_clear, bitmap_find_clear(&map, 0), "bitmap_find_clear(0) after step %d", step))
            mismatches++;
        for (uint32_t i = 0; i < N; i++)
            if (!EXPECT_EQ(model[i], bitmap_test(&map, i), "bit %u after step %d", i, step))
                mismatches++;
    }
}
