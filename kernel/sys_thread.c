/*
 * sys_thread.c - the system calls about threads and scheduling: yield, sleep,
 * thread_create, thread_resume, thread_suspend, thread_set_priority, thread_exit,
 * thread_set_time_slice.
 */
#include "abi/errors.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "trace.h"

/* A thread may not give any thread a priority above its own (so policy stays bounded). */
static int check_priority(uint32_t priority)
{
    if (priority > PRIORITY_MAX)
        return ERR_INVALID;
    if (priority > current_thread->priority)
        return ERR_NO_RIGHTS;
    return ERR_OK;
}

static int lookup_thread(uint32_t slot, uint32_t rights, struct thread **thread)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_THREAD, rights, &cap);
    if (error)
        return error;
    *thread = (struct thread *)cap->object;
    return (*thread)->state == THREAD_DEAD ? ERR_DEAD : ERR_OK;
}

SYSCALL_HANDLER(yield)
{
    schedule(SWITCH_YIELD);
    return ERR_OK;
}

SYSCALL_HANDLER(sleep)
{
    if (a0 > SLEEP_MAX_TICKS)
        return ERR_INVALID;
    if (a0 > 0)
        sched_sleep(a0);
    return ERR_OK;
}

/* thread_create(task_slot, entry, stack_top, priority) -> slot of the new thread's capability */
SYSCALL_HANDLER(thread_create)
{
    struct task *caller = current_task();
    struct capability *task_cap;
    int error = cap_lookup(caller, a0, OBJECT_TASK, RIGHT_CONTROL, &task_cap);
    if (error)
        return error;
    if (a1 >= USER_SPACE_END || a2 > USER_SPACE_END)
        return ERR_INVALID;
    if ((error = check_priority(a3)))
        return error;
    int slot = cap_find_free_slot(caller);
    if (slot < 0)
        return slot;
    struct task *task = (struct task *)task_cap->object;
    bool first_thread = !cspace_slot(task, CAP_SELF_THREAD)->object;
    struct thread *thread;
    if ((error = thread_create(task, a1, a2, 0, a3, &thread)))
        return error;
    cap_install(caller, (uint32_t)slot, &thread->object, RIGHTS_ALL, 0, NULL);
    if (first_thread && task != caller)
        cap_install(task, CAP_SELF_THREAD, &thread->object, RIGHTS_ALL, 0, NULL);
    return slot;
}

SYSCALL_HANDLER(thread_resume)
{
    struct thread *thread;
    int error = lookup_thread(a0, RIGHT_CONTROL, &thread);
    if (error)
        return error;
    if (thread->state == THREAD_SUSPENDED)
        sched_make_ready(thread);
    return ERR_OK;
}

SYSCALL_HANDLER(thread_suspend)
{
    struct thread *thread;
    int error = lookup_thread(a0, RIGHT_CONTROL, &thread);
    if (error)
        return error;
    if (thread == current_thread) {
        thread->state = THREAD_SUSPENDED;
        schedule(SWITCH_BLOCK);
    } else if (thread->state != THREAD_SUSPENDED) {
        ipc_cancel(thread); /* a thread blocked in IPC gives it up, with ERR_ABORTED */
        sched_unlink(thread);
        thread->state = THREAD_SUSPENDED;
    }
    return ERR_OK;
}

SYSCALL_HANDLER(thread_set_priority)
{
    struct thread *thread;
    int error = lookup_thread(a0, RIGHT_WRITE, &thread);
    if (error)
        return error;
    if ((error = check_priority(a1)))
        return error;
    if (thread->state == THREAD_READY) {
        sched_unlink(thread);
        thread->priority = a1;
        sched_make_ready(thread);
    } else {
        thread->priority = a1;
        if (thread == current_thread)
            sched_request_reschedule(); /* a higher-priority thread may be ready now */
    }
    return ERR_OK;
}

SYSCALL_HANDLER(thread_exit)
{
    thread_kill(current_thread, EXIT_CALLED);
    return ERR_DEAD; /* nobody sees it: on the way out, schedule() leaves the thread for good */
}

/* thread_set_time_slice(thread_slot, ticks): the slice takes effect at once (a fresh one) */
SYSCALL_HANDLER(thread_set_time_slice)
{
    struct thread *thread;
    int error = lookup_thread(a0, RIGHT_WRITE, &thread);
    if (error)
        return error;
    if (a1 < TIME_SLICE_MIN_TICKS || a1 > TIME_SLICE_MAX_TICKS)
        return ERR_INVALID;
    thread->time_slice = thread->time_slice_left = a1;
    TRACE(thread_time_slice, thread->id, a1, 0, 0);
    return ERR_OK;
}
