/*
 * thread_start.c - threads in the calling task: an area of their own (IPC buffer, guard page,
 * stack; thread_start.h), a first frame that calls fn(arg), and a return address that ends
 * the thread.
 */
#include "thread_start.h"
#include "syscall_stubs.h"

static unsigned areas_used; /* taken with an atomic add: threads may create threads */

/* Where a thread's function returns to. */
static void thread_returned(void)
{
    sys_thread_exit();
}

int thread_new(void (*fn)(void *), void *arg, int priority)
{
    unsigned index = __atomic_fetch_add(&areas_used, 1, __ATOMIC_SEQ_CST);
    if (index >= THREAD_STACKS_MAX) {
        __atomic_store_n(&areas_used, THREAD_STACKS_MAX, __ATOMIC_SEQ_CST);
        return ERR_NO_MEMORY;
    }
    int result = sys_task_map_anon(CAP_SELF_TASK, THREAD_IPC_BUFFER(index), 1, MAP_WRITABLE);
    if (result == 0)
        result = sys_task_map_anon(CAP_SELF_TASK, THREAD_STACK_BOTTOM(index), USER_STACK_PAGES,
                                   MAP_WRITABLE);
    if (result < 0)
        return result;

    /* The frame fn sees at entry: a return address, then its argument 16-byte aligned. */
    uint32_t *frame = (uint32_t *)(THREAD_STACK_TOP(index) - 20);
    frame[0] = (uint32_t)thread_returned;
    frame[1] = (uint32_t)arg;
    int thread = sys_thread_create(CAP_SELF_TASK, (uint32_t)fn, (uint32_t)frame, priority);
    if (thread < 0)
        return thread;
    result = sys_thread_set_ipc_buffer(thread, THREAD_IPC_BUFFER(index));
    if (result < 0) {
        sys_cap_delete(thread);
        return result;
    }
    return thread;
}

int thread_start(void (*fn)(void *), void *arg, int priority)
{
    int slot = thread_new(fn, arg, priority);
    if (slot < 0)
        return slot;
    int result = sys_thread_resume(slot);
    return result < 0 ? result : slot;
}
