/*
 * thread_start.c - threads in the calling task: a fresh stack, a first frame that calls fn(arg),
 * and a return address that ends the thread.
 */
#include "thread_start.h"
#include "abi/user_bootinfo.h"
#include "syscall_stubs.h"
#include "types.h"

#define STACK_STRIDE ((USER_STACK_PAGES + 1) * PAGE_SIZE) /* a guard page, then the stack */

static unsigned stacks_used;

/* Where a thread's function returns to. */
static void thread_returned(void)
{
    sys_thread_exit();
}

int thread_new(void (*fn)(void *), void *arg, int priority)
{
    if (stacks_used >= THREAD_STACKS_MAX)
        return ERR_NO_MEMORY;
    uint32_t bottom = THREAD_STACKS_BASE + stacks_used * STACK_STRIDE + PAGE_SIZE;
    uint32_t top = bottom + USER_STACK_PAGES * PAGE_SIZE;
    stacks_used++;
    int result = sys_task_map_anon(CAP_SELF_TASK, bottom, USER_STACK_PAGES, MAP_WRITABLE);
    if (result < 0)
        return result;

    /* The frame fn sees at entry: a return address, then its argument 16-byte aligned. */
    uint32_t *frame = (uint32_t *)(top - 20);
    frame[0] = (uint32_t)thread_returned;
    frame[1] = (uint32_t)arg;
    return sys_thread_create(CAP_SELF_TASK, (uint32_t)fn, (uint32_t)frame, priority);
}

int thread_start(void (*fn)(void *), void *arg, int priority)
{
    int slot = thread_new(fn, arg, priority);
    if (slot < 0)
        return slot;
    int result = sys_thread_resume(slot);
    return result < 0 ? result : slot;
}
