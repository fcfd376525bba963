/*
 * bitmap.c - bit arrays: searches and ranges work a 32-bit word at a time.
 */
#include "bitmap.h"

#define ALL_ONES 0xFFFFFFFFu

void bitmap_init(struct bitmap *map, uint32_t *words, uint32_t bit_count, bool value)
{
    map->words = words;
    map->bit_count = bit_count;
    uint32_t fill = value ? ALL_ONES : 0;
    for (uint32_t i = 0; i < BITMAP_WORDS(bit_count); i++)
        words[i] = fill;
}

bool bitmap_test(const struct bitmap *map, uint32_t index)
{
    return (map->words[index / 32] >> (index % 32)) & 1;
}

void bitmap_set(struct bitmap *map, uint32_t index) { map->words[index / 32] |= 1u << (index % 32); }

void bitmap_clear(struct bitmap *map, uint32_t index) { map->words[index / 32] &= ~(1u << (index % 32)); }

/* The number of set bits in @p word (no popcnt on i686): 0 and ~0 need no counting. */
static uint32_t word_count_set(uint32_t word)
{
    if (word == 0)
        return 0;
    if (word == ALL_ONES)
        return 32;
    word = word - ((word >> 1) & 0x55555555u);
    word = (word & 0x33333333u) + ((word >> 2) & 0x33333333u);
    word = (word + (word >> 4)) & 0x0F0F0F0Fu;
    return (word * 0x01010101u) >> 24;
}

/* The bits of word @p w that lie in [first, end) (first < end, both within the map). */
static uint32_t range_mask_in_word(uint32_t w, uint32_t first, uint32_t end)
{
    uint32_t low = w == first / 32 ? first % 32 : 0;
    uint32_t high = w == (end - 1) / 32 ? (end - 1) % 32 + 1 : 32;
    uint32_t upto = high == 32 ? ALL_ONES : (1u << high) - 1;
    return upto & ~((1u << low) - 1);
}

/* Set (@p value true) or clear the bits of word @p w in @p mask; return how many changed. */
static uint32_t change_word(struct bitmap *map, uint32_t w, uint32_t mask, bool value)
{
    uint32_t old = map->words[w];
    map->words[w] = value ? old | mask : old & ~mask;
    return word_count_set((value ? ~old : old) & mask);
}

/* Set (@p value true) or clear bits [first, first + count) word by word; return how many
 * of them changed. The first and last words are partial, the ones between whole. */
static uint32_t change_range(struct bitmap *map, uint32_t first, uint32_t count, bool value)
{
    if (first >= map->bit_count || count == 0)
        return 0;
    uint32_t end = count > map->bit_count - first ? map->bit_count : first + count;
    uint32_t first_word = first / 32, last_word = (end - 1) / 32;
    uint32_t changed = change_word(map, first_word, range_mask_in_word(first_word, first, end), value);
    if (first_word == last_word)
        return changed;
    uint32_t fill = value ? ALL_ONES : 0;
    for (uint32_t w = first_word + 1; w < last_word; w++) {
        changed += word_count_set(map->words[w] ^ fill); /* the bits that are not @p value */
        map->words[w] = fill;
    }
    return changed + change_word(map, last_word, range_mask_in_word(last_word, first, end), value);
}

uint32_t bitmap_set_range(struct bitmap *map, uint32_t first, uint32_t count)
{
    return change_range(map, first, count, true);
}

uint32_t bitmap_clear_range(struct bitmap *map, uint32_t first, uint32_t count)
{
    return change_range(map, first, count, false);
}

/* The lowest clear bit in [from, to), or BITMAP_NONE. */
static uint32_t find_clear_between(const struct bitmap *map, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i = ALIGN_DOWN(i, 32) + 32) {
        uint32_t clear = ~map->words[i / 32] >> (i % 32); /* bit 0: bit i, and up */
        if (clear) {
            uint32_t found = i + (uint32_t)__builtin_ctz(clear); /* bsf: the lowest one */
            return found < to ? found : BITMAP_NONE;
        }
    }
    return BITMAP_NONE;
}

uint32_t bitmap_find_clear(const struct bitmap *map, uint32_t start)
{
    if (start >= map->bit_count)
        start = 0;
    uint32_t found = find_clear_between(map, start, map->bit_count);
    if (found == BITMAP_NONE || found >= map->bit_count)
        found = find_clear_between(map, 0, start);
    return found < map->bit_count ? found : BITMAP_NONE;
}

uint32_t bitmap_count_set(const struct bitmap *map)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < map->bit_count; i++)
        count += bitmap_test(map, i);
    return count;
}
