/*
 * heap.c - sbrk: MM_SBRK in a process, self-mapped pages in a server (heap.h).
 */
#include "heap.h"
#include "proto/mm.h"
#include "rpc.h"
#include "syscall_stubs.h"

static int memory_manager = -1;
static uint32_t self_break = HEAP_SELF_BASE;  /* a server's break */
static uint32_t self_mapped = HEAP_SELF_BASE; /* its pages are mapped up to here */

void heap_use_memory_manager(int mm_slot)
{
    memory_manager = mm_slot;
}

/* MM_SBRK's result is an address or an error code: error codes are small negatives. */
static bool is_error(int result) { return result < 0 && result > -4096; }

static void *sbrk_from_memory_manager(intptr_t increment)
{
    int result = rpc_call(memory_manager, MM_SBRK, 1, (unsigned)increment, 0, 0, NULL);
    return is_error(result) ? SBRK_FAILED : (void *)(uintptr_t)(unsigned)result;
}

/* Map the server heap's pages up to @p end. */
static bool map_self_up_to(uint32_t end)
{
    while (self_mapped < end) {
        uint32_t pages = (ALIGN_UP(end, PAGE_SIZE) - self_mapped) / PAGE_SIZE;
        if (pages > TASK_MAP_MAX_PAGES)
            pages = TASK_MAP_MAX_PAGES;
        if (sys_task_map_anon(CAP_SELF_TASK, self_mapped, pages, MAP_WRITABLE) < 0)
            return false;
        self_mapped += pages * PAGE_SIZE;
    }
    return true;
}

static void *sbrk_self(intptr_t increment)
{
    uint32_t old = self_break;
    if (increment > 0 && (uint32_t)increment > HEAP_SELF_END - old)
        return SBRK_FAILED;
    if (increment < 0 && (uint32_t)-increment > old - HEAP_SELF_BASE)
        return SBRK_FAILED;
    uint32_t wanted = old + (uint32_t)increment;
    if (!map_self_up_to(wanted))
        return SBRK_FAILED;
    self_break = wanted;
    return (void *)old;
}

void *sbrk(intptr_t increment)
{
    return memory_manager >= 0 ? sbrk_from_memory_manager(increment) : sbrk_self(increment);
}
