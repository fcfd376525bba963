/**
 * @file bitmap.h
 * @brief Fixed-size bit arrays. Pure code: also compiled and tested on the host.
 *
 * The caller owns the storage (an array of uint32_t words); bit i lives in word i / 32.
 */
#ifndef ORRERY_BITMAP_H
#define ORRERY_BITMAP_H

#include "types.h"

#define BITMAP_NONE UINT32_MAX /**< returned by searches that find nothing */
#define BITMAP_WORDS(bits) (((bits) + 31) / 32)

struct bitmap {
    uint32_t *words;
    uint32_t bit_count;
};

/** Use @p words (BITMAP_WORDS(@p bit_count) of them) as a bitmap with every bit @p value. */
void bitmap_init(struct bitmap *map, uint32_t *words, uint32_t bit_count, bool value);
/** The value of bit @p index (must be < bit_count). */
bool bitmap_test(const struct bitmap *map, uint32_t index);
void bitmap_set(struct bitmap *map, uint32_t index);
void bitmap_clear(struct bitmap *map, uint32_t index);
/**
 * Set bits [@p first, @p first + @p count); bits past the end are ignored. Works a word
 * (32 bits) at a time, so a range of n bits costs about n / 32 steps.
 * @return how many of those bits were clear before (the number that changed).
 */
uint32_t bitmap_set_range(struct bitmap *map, uint32_t first, uint32_t count);
/**
 * Clear bits [@p first, @p first + @p count); bits past the end are ignored. A word at a
 * time, like bitmap_set_range().
 * @return how many of those bits were set before (the number that changed).
 */
uint32_t bitmap_clear_range(struct bitmap *map, uint32_t first, uint32_t count);
/**
 * The lowest clear bit at or after @p start, wrapping around to 0 once.
 * @return its index, or BITMAP_NONE if every bit is set.
 */
uint32_t bitmap_find_clear(const struct bitmap *map, uint32_t start);
/** The number of set bits. */
uint32_t bitmap_count_set(const struct bitmap *map);

#endif
