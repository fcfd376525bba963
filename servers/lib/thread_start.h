/**
 * @file thread_start.h
 * @brief More threads in the calling task: each runs a C function on a stack of its own.
 */
#ifndef ORRERY_USER_THREAD_START_H
#define ORRERY_USER_THREAD_START_H

/** Thread stacks live here, USER_STACK_PAGES pages each under an unmapped guard page. */
#define THREAD_STACKS_BASE 0xA0000000u
#define THREAD_STACKS_MAX 256

/**
 * Create a thread in this task that will run @p fn(@p arg) at @p priority, suspended:
 * sys_thread_resume() starts it. When @p fn returns, the thread exits. Not thread-safe:
 * create threads from one thread only.
 * @return the slot of its thread capability (RIGHTS_ALL), or an error: ERR_NO_MEMORY when
 *         the stack area is used up, or what task_map_anon / thread_create returned.
 */
int thread_new(void (*fn)(void *), void *arg, int priority);

/** thread_new() followed by sys_thread_resume(). @return the thread's slot or an error. */
int thread_start(void (*fn)(void *), void *arg, int priority);

#endif
