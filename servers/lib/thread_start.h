/**
 * @file thread_start.h
 * @brief More threads in the calling task: each runs a C function on a stack of its own,
 *        with an IPC buffer of its own.
 *
 * Thread i (0, 1, ... in the order thread_new made them) has an area of THREAD_AREA_PAGES
 * pages from THREAD_AREA(i):
 *
 *     THREAD_AREA(i)           its IPC buffer (one page, registered with thread_set_ipc_buffer)
 *     + 1 page                 a guard page, never mapped: a stack overflow faults here
 *     + 2 pages .. + 2 + N     its stack, USER_STACK_PAGES pages, growing down
 *
 * A thread finds out which area is its own from its stack pointer (thread_index_self), so
 * ipc_buffer_self() needs no thread-local storage. The program's first thread, whose stack
 * is elsewhere, is thread index -1 (THREAD_INDEX_FIRST).
 */
#ifndef ORRERY_USER_THREAD_START_H
#define ORRERY_USER_THREAD_START_H

#include "abi/user_bootinfo.h"
#include "types.h"

/** Thread areas start here (above MM_SHARED_END, proto/mm.h), one after another. */
#define THREAD_STACKS_BASE 0xA0000000u
#define THREAD_STACKS_MAX 256
/** Pages of one thread's area: IPC buffer, guard page, stack. */
#define THREAD_AREA_PAGES (USER_STACK_PAGES + 2)
#define THREAD_AREA(i) (THREAD_STACKS_BASE + (uint32_t)(i) * THREAD_AREA_PAGES * PAGE_SIZE)
#define THREAD_IPC_BUFFER(i) THREAD_AREA(i)
#define THREAD_STACK_BOTTOM(i) (THREAD_AREA(i) + 2 * PAGE_SIZE)
/** Pages thread_new maps for a thread (its IPC buffer and its stack); they stay mapped. */
#define THREAD_MAPPED_PAGES (USER_STACK_PAGES + 1)
#define THREAD_STACK_TOP(i) (THREAD_AREA(i) + THREAD_AREA_PAGES * PAGE_SIZE)
/** thread_index_self() of the program's first thread (and of threads not made by thread_new). */
#define THREAD_INDEX_FIRST (-1)

/**
 * Create a thread in this task that will run @p fn(@p arg) at @p priority, suspended:
 * sys_thread_resume() starts it. It gets a stack and an IPC buffer of its own (registered,
 * so it can use rpc_call_long and the stdio streams at once). When @p fn returns, the thread
 * exits. Safe to call from several threads at once.
 * @return the slot of its thread capability (RIGHTS_ALL), or an error: ERR_NO_MEMORY when
 *         the THREAD_STACKS_MAX areas are used up, or what task_map_anon, thread_create or
 *         thread_set_ipc_buffer returned.
 */
int thread_new(void (*fn)(void *), void *arg, int priority);

/** thread_new() followed by sys_thread_resume(). @return the thread's slot or an error. */
int thread_start(void (*fn)(void *), void *arg, int priority);

/**
 * Which thread is calling: i for the thread whose area is THREAD_AREA(i), THREAD_INDEX_FIRST
 * for the first thread. Costs a few instructions (it looks at the stack pointer).
 */
static inline int thread_index_self(void)
{
    uint32_t esp;
    __asm__("movl %%esp, %0" : "=r"(esp));
    uint32_t offset = esp - THREAD_STACKS_BASE; /* wraps to a huge value below the base */
    if (offset >= THREAD_STACKS_MAX * THREAD_AREA_PAGES * PAGE_SIZE)
        return THREAD_INDEX_FIRST;
    return (int)(offset / (THREAD_AREA_PAGES * PAGE_SIZE));
}

#endif
