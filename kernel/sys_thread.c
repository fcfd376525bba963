/*
 * sys_thread.c - the system calls about threads and scheduling: yield, sleep,
 * thread_create, thread_resume, thread_suspend, thread_set_priority, thread_exit,
 * thread_set_time_slice, thread_info.
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

int32_t syscall_yield(void)
{
    schedule(SWITCH_YIELD);
    return ERR_OK;
}

int32_t syscall_sleep(uint32_t ticks)
{
    if (ticks > SLEEP_MAX_TICKS)
        return ERR_INVALID;
    if (ticks > 0)
        sched_sleep(ticks);
    return ERR_OK;
}

/* thread_create(task, entry, stack_top, priority) -> slot of the new thread's capability;
 * task is a slot, entry and stack_top addresses in that task */
int32_t syscall_thread_create(uint32_t task, uint32_t entry, uint32_t stack_top, uint32_t priority)
{
    struct task *caller = current_task();
    struct capability *task_cap;
    int error = cap_lookup(caller, task, OBJECT_TASK, RIGHT_CONTROL, &task_cap);
    if (error)
        return error;
    if (entry >= USER_SPACE_END || stack_top > USER_SPACE_END)
        return ERR_INVALID;
    if ((error = check_priority(priority)))
        return error;
    int slot = cap_find_free_slot(caller);
    if (slot < 0)
        return slot;
    struct task *target = (struct task *)task_cap->object;
    bool first_thread = !cspace_slot(target, CAP_SELF_THREAD)->object;
    struct thread *thread;
    if ((error = thread_create(target, entry, stack_top, 0, priority, &thread)))
        return error;
    cap_install(caller, (uint32_t)slot, &thread->object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_create, 0, 0, 0);
    if (first_thread && target != caller) {
        cap_install(target, CAP_SELF_THREAD, &thread->object, RIGHTS_ALL, 0, NULL);
        TRACE(cap_source, CAP_OP_self, 0, 0, 0);
    }
    return slot;
}

int32_t syscall_thread_resume(uint32_t thread)
{
    struct thread *target;
    int error = lookup_thread(thread, RIGHT_CONTROL, &target);
    if (error)
        return error;
    if (target->state == THREAD_SUSPENDED)
        sched_make_ready(target);
    return ERR_OK;
}

int32_t syscall_thread_suspend(uint32_t thread)
{
    struct thread *target;
    int error = lookup_thread(thread, RIGHT_CONTROL, &target);
    if (error)
        return error;
    if (target == current_thread) {
        /* It stops here, until a resume makes it ready. */
        target->state = THREAD_SUSPENDED;
        TRACE(thread_state, target->object.id, THREAD_SUSPENDED, 0, 0);
        schedule(SWITCH_BLOCK);
    } else if (target->state != THREAD_SUSPENDED) {
        ipc_cancel(target); /* a thread blocked in IPC gives it up, with ERR_ABORTED */
        sched_unlink(target);
        target->state = THREAD_SUSPENDED;
        TRACE(thread_state, target->object.id, THREAD_SUSPENDED, 0, 0);
    }
    return ERR_OK;
}

int32_t syscall_thread_set_priority(uint32_t thread, uint32_t priority)
{
    struct thread *target;
    int error = lookup_thread(thread, RIGHT_WRITE, &target);
    if (error)
        return error;
    if ((error = check_priority(priority)))
        return error;
    if (target->state == THREAD_READY) {
        sched_unlink(target);
        target->priority = priority;
        sched_make_ready(target);
    } else {
        target->priority = priority;
        if (target == current_thread)
            sched_request_reschedule(); /* a higher-priority thread may be ready now */
    }
    return ERR_OK;
}

int32_t syscall_thread_exit(void)
{
    thread_kill(current_thread, EXIT_CALLED);
    return ERR_DEAD; /* nobody sees it: on the way out, schedule() leaves the thread for good */
}

/* thread_set_time_slice(thread, ticks): the slice takes effect at once (a fresh one) */
int32_t syscall_thread_set_time_slice(uint32_t thread, uint32_t ticks)
{
    struct thread *target;
    int error = lookup_thread(thread, RIGHT_WRITE, &target);
    if (error)
        return error;
    if (ticks < TIME_SLICE_MIN_TICKS || ticks > TIME_SLICE_MAX_TICKS)
        return ERR_INVALID;
    target->time_slice = target->time_slice_left = ticks;
    TRACE(thread_time_slice, target->object.id, ticks, 0, 0);
    return ERR_OK;
}

/* What thread_info reports for each state of enum thread_state (thread.h): the ABI's own
 * numbers, so that the kernel may reorder or add states without breaking user programs. */
static const uint8_t public_thread_state[] = {
    [THREAD_SUSPENDED] = THREAD_STATE_SUSPENDED,
    [THREAD_READY] = THREAD_STATE_READY,
    [THREAD_RUNNING] = THREAD_STATE_RUNNING,
    [THREAD_SLEEPING] = THREAD_STATE_SLEEPING,
    [THREAD_BLOCKED_SEND] = THREAD_STATE_BLOCKED_SEND,
    [THREAD_BLOCKED_RECV] = THREAD_STATE_BLOCKED_RECV,
    [THREAD_BLOCKED_REPLY] = THREAD_STATE_BLOCKED_REPLY,
    [THREAD_BLOCKED_NOTIFY] = THREAD_STATE_BLOCKED_NOTIFICATION,
    [THREAD_DEAD] = THREAD_STATE_DEAD,
};
_Static_assert(sizeof public_thread_state == THREAD_DEAD + 1, "every thread state has a public name");

/* thread_info(thread, key) -> the number @key names; a dead thread can still be looked at */
int32_t syscall_thread_info(uint32_t thread, uint32_t key)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), thread, OBJECT_THREAD, RIGHT_READ, &cap);
    if (error)
        return error;
    const struct thread *target = (const struct thread *)cap->object;
    switch (key) {
    case THREAD_INFO_STATE: return public_thread_state[target->state];
    case THREAD_INFO_PRIORITY: return (int32_t)target->priority;
    case THREAD_INFO_TASK_ID: return target->task ? (int32_t)target->task->object.id : ERR_DEAD;
    default: return ERR_INVALID;
    }
}
