/*
 * frame_table.c - the frames mm holds (frame_table.h): chunks of entries, one of mm's own
 * pages each, a bitmap of the entries in use (the lowest clear bit is the next index), and
 * per chunk a count of its entries in use (at 0 the chunk's page goes back).
 */
#include "frame_table.h"
#include "own_pages.h"
#include "slots.h"
#include "syscall_stubs.h"

#define CHUNK_ENTRIES (PAGE_SIZE / sizeof(struct frame_entry))
#define CHUNKS (MM_FRAMES_MAX / CHUNK_ENTRIES)
#define WORDS (MM_FRAMES_MAX / 32)

_Static_assert(sizeof(struct frame_entry) == 16, "a page holds a whole number of entries");
_Static_assert(MM_FRAMES_MAX % CHUNK_ENTRIES == 0, "whole chunks");

static struct frame_entry *chunks[CHUNKS];
static uint16_t chunk_used[CHUNKS];
static uint32_t in_use[WORDS];
static unsigned first_free_word; /* no clear bit below this word */
static unsigned count;

struct frame_entry *frame_table_get(unsigned index)
{
    return &chunks[index / CHUNK_ENTRIES][index % CHUNK_ENTRIES];
}

struct frame_entry *frame_table_find(unsigned index)
{
    if (index >= MM_FRAMES_MAX || !(in_use[index / 32] & (1u << (index % 32))))
        return NULL;
    return frame_table_get(index);
}

/* The lowest free index, or FRAME_TABLE_NONE. */
static unsigned lowest_free(void)
{
    for (unsigned word = first_free_word; word < WORDS; word++)
        if (in_use[word] != ~0u) {
            first_free_word = word;
            return word * 32 + (unsigned)__builtin_ctz(~in_use[word]);
        }
    return FRAME_TABLE_NONE;
}

unsigned frame_table_new(int *error)
{
    *error = ERR_NO_MEMORY; /* mm's quota, the kernel's frames, the table or the slots */
    unsigned index = lowest_free();
    if (index == FRAME_TABLE_NONE)
        return FRAME_TABLE_NONE;
    unsigned chunk = index / CHUNK_ENTRIES;
    if (!chunks[chunk] && !(chunks[chunk] = own_pages_alloc(1)))
        return FRAME_TABLE_NONE;
    int slot = slots_created(sys_frame_create());
    if (slot < 0) {
        if (chunk_used[chunk] == 0) {
            own_pages_free(chunks[chunk], 1);
            chunks[chunk] = NULL;
        }
        return FRAME_TABLE_NONE;
    }
    *frame_table_get(index) = (struct frame_entry){ .slot = slot };
    in_use[index / 32] |= 1u << (index % 32);
    chunk_used[chunk]++;
    count++;
    return index;
}

void frame_table_get_ref(unsigned index) { frame_table_get(index)->refs++; }

unsigned frame_table_put(unsigned index)
{
    struct frame_entry *entry = frame_table_get(index);
    if (entry->refs > 0 && --entry->refs > 0)
        return entry->refs;
    slots_delete(entry->slot); /* the last capability to the frame: the kernel frees it */
    entry->slot = -1;
    in_use[index / 32] &= ~(1u << (index % 32));
    if (index / 32 < first_free_word)
        first_free_word = index / 32;
    count--;
    unsigned chunk = index / CHUNK_ENTRIES;
    if (--chunk_used[chunk] == 0) {
        own_pages_free(chunks[chunk], 1);
        chunks[chunk] = NULL;
    }
    return 0;
}

unsigned frame_table_count(void) { return count; }

unsigned frame_table_end(void)
{
    unsigned chunk = CHUNKS;
    while (chunk > 0 && !chunks[chunk - 1])
        chunk--;
    return chunk * CHUNK_ENTRIES;
}
