/*
 * allocator.c - a first-fit allocator with boundary tags and immediate coalescing
 * (allocator.h describes the layout and the checks).
 */
#include "allocator.h"
#include "string.h"

/* A block's header, and its footer (a copy of the header in the block's last bytes). */
struct allocator_tag {
    size_t size;  /* the whole block, header and footer included; 0 for the end fence */
    size_t magic; /* ALLOCATOR_MAGIC_USED or ALLOCATOR_MAGIC_FREE */
};

/* A block: its header, then its payload; a free block's payload starts with its links. */
struct allocator_block {
    struct allocator_tag header;
    struct allocator_block *next_free, *previous_free; /* only while free */
};

/* The start of a span grow() returned; the start fence follows it. */
struct allocator_arena {
    struct allocator_arena *next;
    char *end; /* the first byte after the arena (the end fence is just before it) */
};

#define TAG_SIZE sizeof(struct allocator_tag)
#define ARENA_HEAD_SIZE ALIGN_UP(sizeof(struct allocator_arena), ALLOCATOR_ALIGN)
/* The smallest block: header, the two links, footer. */
#define MIN_BLOCK ALIGN_UP(sizeof(struct allocator_block) + TAG_SIZE, ALLOCATOR_ALIGN)
#define FENCE_BLOCK (2 * TAG_SIZE)
/* The smallest arena: head, start fence, one block, end fence. */
#define MIN_ARENA (ARENA_HEAD_SIZE + FENCE_BLOCK + MIN_BLOCK + TAG_SIZE)

_Static_assert(TAG_SIZE == ALLOCATOR_ALIGN, "a tag keeps payloads aligned");

/* ---- Blocks ------------------------------------------------------------------------- */

static struct allocator_tag *footer_of(struct allocator_block *block)
{
    return (struct allocator_tag *)((char *)block + block->header.size - TAG_SIZE);
}

static struct allocator_block *block_after(struct allocator_block *block)
{
    return (struct allocator_block *)((char *)block + block->header.size);
}

/* Give @p block a size and state, in its header and footer alike. */
static void set_block(struct allocator_block *block, size_t size, size_t magic)
{
    block->header.size = size;
    block->header.magic = magic;
    *footer_of(block) = block->header;
}

static void *payload_of(struct allocator_block *block) { return (char *)block + TAG_SIZE; }

static struct allocator_block *block_of(const void *payload)
{
    return (struct allocator_block *)((char *)payload - TAG_SIZE);
}

static struct allocator_block *first_block(struct allocator_arena *arena)
{
    return (struct allocator_block *)((char *)arena + ARENA_HEAD_SIZE + FENCE_BLOCK);
}

static struct allocator_block *end_fence(struct allocator_arena *arena)
{
    return (struct allocator_block *)(arena->end - TAG_SIZE);
}

/* ---- The free list ------------------------------------------------------------------ */

static void list_insert(struct allocator *allocator, struct allocator_block *block)
{
    block->previous_free = NULL;
    block->next_free = allocator->free_list;
    if (allocator->free_list)
        allocator->free_list->previous_free = block;
    allocator->free_list = block;
}

static void list_remove(struct allocator *allocator, struct allocator_block *block)
{
    if (block->previous_free)
        block->previous_free->next_free = block->next_free;
    else
        allocator->free_list = block->next_free;
    if (block->next_free)
        block->next_free->previous_free = block->previous_free;
}

/* Mark @p block free and merge it with the free blocks on either side; add the result to
 * the free list. */
static void release_block(struct allocator *allocator, struct allocator_block *block)
{
    size_t size = block->header.size;
    struct allocator_block *after = block_after(block);
    if (after->header.magic == ALLOCATOR_MAGIC_FREE) {
        list_remove(allocator, after);
        size += after->header.size;
    }
    struct allocator_tag *before_footer = (struct allocator_tag *)((char *)block - TAG_SIZE);
    if (before_footer->magic == ALLOCATOR_MAGIC_FREE) {
        struct allocator_block *before = (struct allocator_block *)((char *)block - before_footer->size);
        list_remove(allocator, before);
        size += before->header.size;
        block->header.magic = ALLOCATOR_MAGIC_FREE; /* a later free of this pointer: double */
        block = before;
    }
    set_block(block, size, ALLOCATOR_MAGIC_FREE);
    list_insert(allocator, block);
}

/* Use the first @p size bytes of free block @p block; the rest, if big enough, stays free. */
static void take_block(struct allocator *allocator, struct allocator_block *block, size_t size)
{
    list_remove(allocator, block);
    size_t rest = block->header.size - size;
    if (rest >= MIN_BLOCK) {
        set_block(block, size, ALLOCATOR_MAGIC_USED);
        struct allocator_block *remainder = block_after(block);
        set_block(remainder, rest, ALLOCATOR_MAGIC_FREE);
        list_insert(allocator, remainder);
    } else {
        set_block(block, block->header.size, ALLOCATOR_MAGIC_USED);
    }
}

/* ---- Growing -------------------------------------------------------------------------- */

/* Get memory for a block of at least @p size bytes: a new arena, or a longer last one. */
static bool grow(struct allocator *allocator, size_t size)
{
    size_t unit = allocator->grow_unit ? allocator->grow_unit : ALLOCATOR_ALIGN;
    if (size > ALLOCATOR_MAX_REQUEST)
        return false;
    size_t bytes = ALIGN_UP(size + MIN_ARENA, unit);
    char *span = allocator->grow ? allocator->grow(bytes) : NULL;
    if (!span || !IS_ALIGNED((uintptr_t)span, ALLOCATOR_ALIGN))
        return false;

    struct allocator_arena *last = allocator->arenas;
    struct allocator_block *block;
    if (last && span == last->end) {
        block = end_fence(last); /* the old end fence becomes the new block's header */
        last->end = span + bytes;
    } else {
        struct allocator_arena *arena = (struct allocator_arena *)span;
        arena->next = allocator->arenas;
        arena->end = span + bytes;
        allocator->arenas = arena;
        struct allocator_block *start_fence =
            (struct allocator_block *)(span + ARENA_HEAD_SIZE);
        set_block(start_fence, FENCE_BLOCK, ALLOCATOR_MAGIC_USED);
        block = first_block(arena);
        last = arena;
    }
    struct allocator_block *fence = end_fence(last);
    fence->header.size = 0;
    fence->header.magic = ALLOCATOR_MAGIC_USED;
    set_block(block, (size_t)((char *)fence - (char *)block), ALLOCATOR_MAGIC_USED);
    release_block(allocator, block); /* merges with a free block at the old end */
    return true;
}

/* ---- Checking pointers ------------------------------------------------------------ */

static struct allocator_arena *arena_holding(const struct allocator *allocator, const void *address)
{
    for (struct allocator_arena *a = allocator->arenas; a; a = a->next)
        if ((const char *)address >= (const char *)first_block(a) &&
            (const char *)address < (const char *)end_fence(a))
            return a;
    return NULL;
}

/* Why @p pointer is not a block in use, or NULL if it is one. */
static const char *pointer_problem(const struct allocator *allocator, const void *pointer)
{
    if (!IS_ALIGNED((uintptr_t)pointer, ALLOCATOR_ALIGN))
        return "not a pointer malloc returned (it is not aligned as malloc's are)";
    struct allocator_block *block = block_of(pointer);
    struct allocator_arena *arena = arena_holding(allocator, block);
    if (!arena)
        return "not a pointer malloc returned (it is outside the heap)";
    if (block->header.magic == ALLOCATOR_MAGIC_FREE)
        return "double free (this block is already free)";
    size_t size = block->header.size;
    if (block->header.magic != ALLOCATOR_MAGIC_USED || size < MIN_BLOCK ||
        !IS_ALIGNED(size, ALLOCATOR_ALIGN) ||
        size > (size_t)((char *)end_fence(arena) - (char *)block))
        return "not a pointer malloc returned (there is no block header before it)";
    struct allocator_tag *footer = footer_of(block);
    if (footer->size != size || footer->magic != ALLOCATOR_MAGIC_USED)
        return "heap corruption: something wrote past the end of this block (its footer is damaged)";
    return NULL;
}

static bool check_pointer(struct allocator *allocator, const char *function, const void *pointer)
{
    const char *problem = pointer_problem(allocator, pointer);
    if (problem && allocator->report)
        allocator->report(function, pointer, problem);
    return problem == NULL;
}

/* ---- The calls ---------------------------------------------------------------------- */

/* The block size for a request of @p size bytes (the caller checked the maximum). */
static size_t block_size_for(size_t size)
{
    size_t block = ALIGN_UP(size, ALLOCATOR_ALIGN) + 2 * TAG_SIZE;
    return block < MIN_BLOCK ? MIN_BLOCK : block;
}

static struct allocator_block *first_fit(struct allocator *allocator, size_t size)
{
    for (struct allocator_block *b = allocator->free_list; b; b = b->next_free)
        if (b->header.size >= size)
            return b;
    return NULL;
}

void *allocator_alloc(struct allocator *allocator, size_t size)
{
    if (size > ALLOCATOR_MAX_REQUEST)
        return NULL;
    size_t need = block_size_for(size);
    struct allocator_block *block = first_fit(allocator, need);
    if (!block) {
        if (!grow(allocator, need))
            return NULL;
        block = first_fit(allocator, need);
        if (!block)
            return NULL;
    }
    take_block(allocator, block, need);
    return payload_of(block);
}

void allocator_free(struct allocator *allocator, void *pointer)
{
    if (!pointer || !check_pointer(allocator, "free", pointer))
        return;
    release_block(allocator, block_of(pointer));
}

void *allocator_calloc(struct allocator *allocator, size_t count, size_t size)
{
    if (size && count > ALLOCATOR_MAX_REQUEST / size)
        return NULL;
    void *memory = allocator_alloc(allocator, count * size);
    if (memory)
        memset(memory, 0, count * size);
    return memory;
}

size_t allocator_usable_size(struct allocator *allocator, const void *pointer)
{
    if (!pointer || pointer_problem(allocator, pointer))
        return 0;
    return block_of(pointer)->header.size - 2 * TAG_SIZE;
}

void *allocator_realloc(struct allocator *allocator, void *pointer, size_t size)
{
    if (!pointer)
        return allocator_alloc(allocator, size);
    if (!check_pointer(allocator, "realloc", pointer))
        return NULL;
    if (size == 0) {
        release_block(allocator, block_of(pointer));
        return NULL;
    }
    if (size > ALLOCATOR_MAX_REQUEST)
        return NULL;
    struct allocator_block *block = block_of(pointer);
    size_t need = block_size_for(size), have = block->header.size;
    struct allocator_block *after = block_after(block);
    if (need > have && after->header.magic == ALLOCATOR_MAGIC_FREE &&
        have + after->header.size >= need) {
        list_remove(allocator, after); /* grow into the free block after it */
        have += after->header.size;
        set_block(block, have, ALLOCATOR_MAGIC_USED);
    }
    if (need <= have) {
        if (have - need >= MIN_BLOCK) { /* give the tail back */
            set_block(block, need, ALLOCATOR_MAGIC_USED);
            struct allocator_block *tail = block_after(block);
            set_block(tail, have - need, ALLOCATOR_MAGIC_USED);
            release_block(allocator, tail);
        }
        return pointer;
    }
    void *moved = allocator_alloc(allocator, size);
    if (!moved)
        return NULL;
    memcpy(moved, pointer, have - 2 * TAG_SIZE);
    release_block(allocator, block);
    return moved;
}

/* ---- The whole-heap check ------------------------------------------------------------ */

static bool tags_agree(struct allocator_block *block)
{
    struct allocator_tag *footer = footer_of(block);
    return footer->size == block->header.size && footer->magic == block->header.magic;
}

/* Walk one arena's blocks, counting them into @p stats. */
static const char *check_arena(struct allocator_arena *arena, struct allocator_stats *stats)
{
    struct allocator_block *start_fence = (struct allocator_block *)((char *)arena + ARENA_HEAD_SIZE);
    if (start_fence->header.size != FENCE_BLOCK || start_fence->header.magic != ALLOCATOR_MAGIC_USED ||
        !tags_agree(start_fence))
        return "an arena's start fence is damaged";
    struct allocator_block *fence = end_fence(arena);
    bool previous_free = false;
    struct allocator_block *block = first_block(arena);
    while (block != fence) {
        size_t size = block->header.size;
        if (size < MIN_BLOCK || !IS_ALIGNED(size, ALLOCATOR_ALIGN) ||
            size > (size_t)((char *)fence - (char *)block))
            return "a block's size does not fit its arena";
        if (!tags_agree(block))
            return "a block's footer does not match its header";
        bool free = block->header.magic == ALLOCATOR_MAGIC_FREE;
        if (!free && block->header.magic != ALLOCATOR_MAGIC_USED)
            return "a block's header has neither magic";
        if (free && previous_free)
            return "two free blocks lie side by side (they should have been merged)";
        if (free) {
            stats->free_blocks++, stats->free_bytes += size;
            if (size > stats->largest_free)
                stats->largest_free = size;
        } else {
            stats->used_blocks++, stats->used_bytes += size;
        }
        previous_free = free;
        block = block_after(block);
    }
    if (fence->header.size != 0 || fence->header.magic != ALLOCATOR_MAGIC_USED)
        return "an arena's end fence is damaged";
    return NULL;
}

const char *allocator_check(const struct allocator *allocator, struct allocator_stats *stats)
{
    struct allocator_stats counted = {0};
    for (struct allocator_arena *a = allocator->arenas; a; a = a->next) {
        counted.arenas++;
        const char *problem = check_arena(a, &counted);
        if (problem)
            return problem;
    }
    size_t listed = 0;
    const struct allocator_block *previous = NULL;
    for (struct allocator_block *b = allocator->free_list; b; b = b->next_free) {
        if (b->header.magic != ALLOCATOR_MAGIC_FREE || !arena_holding(allocator, b))
            return "the free list holds a block that is not free";
        if (b->previous_free != previous)
            return "the free list's back links are wrong";
        previous = b;
        if (++listed > counted.free_blocks)
            return "the free list holds more blocks than the heap has free (a loop?)";
    }
    if (listed != counted.free_blocks)
        return "a free block is missing from the free list";
    if (stats)
        *stats = counted;
    return NULL;
}
