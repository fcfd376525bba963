/*
 * malloc.c - malloc, free, calloc and realloc: one allocator (allocator.c) over the heap
 * (heap.c), behind a mutex so that threads can share it.
 */
#include "allocator.h"
#include "assert.h"
#include "heap.h"
#include "mutex.h"
#include "stdlib.h"
#include "string.h"

static void *grow_heap(size_t bytes)
{
    void *start = sbrk((intptr_t)bytes);
    return start == SBRK_FAILED ? NULL : start;
}

static void report_misuse(const char *function, const void *pointer, const char *problem)
{
    fatal_error("%s(%p): %s", function, pointer, problem);
}

static struct allocator heap = { .grow = grow_heap, .report = report_misuse, .grow_unit = PAGE_SIZE };
static struct mutex heap_lock = MUTEX_INITIALIZER;

/* A misuse is reported with the lock held: the report ends the program, and nothing on its
 * way (stdio, exit) allocates. */

void *malloc(size_t size)
{
    mutex_lock(&heap_lock);
    void *memory = allocator_alloc(&heap, size);
    mutex_unlock(&heap_lock);
    return memory;
}

void free(void *pointer)
{
    if (!pointer)
        return;
    mutex_lock(&heap_lock);
    allocator_free(&heap, pointer);
    mutex_unlock(&heap_lock);
}

void *calloc(size_t count, size_t size)
{
    mutex_lock(&heap_lock);
    void *memory = allocator_calloc(&heap, count, size);
    mutex_unlock(&heap_lock);
    return memory;
}

void *realloc(void *pointer, size_t size)
{
    mutex_lock(&heap_lock);
    void *memory = allocator_realloc(&heap, pointer, size);
    mutex_unlock(&heap_lock);
    return memory;
}

char *strdup(const char *text)
{
    size_t size = strlen(text) + 1;
    char *copy = malloc(size);
    if (copy)
        memcpy(copy, text, size);
    return copy;
}

const char *malloc_check(void)
{
    mutex_lock(&heap_lock);
    const char *problem = allocator_check(&heap, NULL);
    mutex_unlock(&heap_lock);
    return problem;
}
