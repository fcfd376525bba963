/*
 * bitmap.c - bit arrays, with whole-word skipping in searches.
 */
#include "bitmap.h"

#define ALL_ONES 0xFFFFFFFFu

void bitmap_init(struct bitmap *map, uint32_t *words, uint32_t bit_count, bool value)
{
    map->words = words;
    map->bit_count = bit_count;
    for (uint32_t i = 0; i < BITMAP_WORDS(bit_count); i++)
        words[i] = value ? ALL_ONES : 0;
}

bool bitmap_test(const struct bitmap *map, uint32_t index)
{
    return (map->words[index / 32] >> (index % 32)) & 1;
}

void bitmap_set(struct bitmap *map, uint32_t index) { map->words[index / 32] |= 1u << (index % 32); }

void bitmap_clear(struct bitmap *map, uint32_t index) { map->words[index / 32] &= ~(1u << (index % 32)); }

void bitmap_set_range(struct bitmap *map, uint32_t first, uint32_t count)
{
    for (uint32_t i = first; i < map->bit_count && i - first < count; i++)
        bitmap_set(map, i);
}

void bitmap_clear_range(struct bitmap *map, uint32_t first, uint32_t count)
{
    for (uint32_t i = first; i < map->bit_count && i - first < count; i++)
        bitmap_clear(map, i);
}

/* The lowest clear bit in [from, to), or BITMAP_NONE. */
static uint32_t find_clear_between(const struct bitmap *map, uint32_t from, uint32_t to)
{
    uint32_t i = from;
    while (i < to) {
        if (i % 32 == 0 && map->words[i / 32] == ALL_ONES) {
            i += 32; /* a full word: skip it at once */
            continue;
        }
        if (!bitmap_test(map, i))
            return i;
        i++;
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
