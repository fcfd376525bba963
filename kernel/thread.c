/*
 * thread.c - creating threads with a kernel stack prepared for their first trip to user
 * mode, and killing them.
 *
 * A new thread's kernel stack is built so that context_switch() "returns" into trap_return,
 * which pops a trap frame and irets to the thread's entry point in user mode:
 *
 *     top of kernel stack ->  struct trap_frame (user eip, esp, flags, segments)
 *     kernel_esp          ->  struct switch_frame: edi, esi, ebx, ebp = 0, then the
 *                             address of trap_return (what context_switch pops)
 *
 * Killing a thread never frees what the thread is still running on: a thread that kills
 * itself (or dies in a teardown it runs) stays on dead_threads until the CPU has left it.
 */
#include "thread.h"
#include "dlist.h"
#include "abi/errors.h"
#include "fpu.h"
#include "segments.h"
#include "ipc.h"
#include "kmem.h"
#include "kstack.h"
#include "memlayout.h"
#include "panic.h"
#include "pmem.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "trace.h"

#define EFLAGS_INTERRUPTS 0x200
#define EFLAGS_RESERVED 0x002
/* Charged to the task besides the struct, which lives in the task's pool: the kernel stack. */
#define THREAD_COST KSTACK_SIZE

extern void trap_return(void);

THREAD_STATE_LIST(TRACE_TABLE_ASSERT) /* the trace's names of the states are these */

struct thread *current_thread = &idle_thread;
struct thread idle_thread = { .object = { .type = OBJECT_THREAD, .id = 0, .cap_count = 1 }, .state = THREAD_RUNNING };
/* Threads killed while running: their stacks are freed once the CPU has left them. */
struct thread *dead_threads;

void thread_trace_name(const struct thread *thread)
{
    char name[12] = { 0 };
    const char *task_name = thread->task ? thread->task->name : "kernel";
    size_t length = strlen(task_name);
    memcpy(name, task_name, length < 8 ? length : 8);
    uint32_t words[3];
    memcpy(words, name, sizeof words);
    TRACE(thread_name, thread->object.id, words[0], words[1], words[2]);
}

int thread_create(struct task *task, vaddr_t entry, vaddr_t stack_top, uint32_t ebx,
                  uint32_t priority, struct thread **result)
{
    if (quota_charge(task, THREAD_COST))
        return ERR_QUOTA;
    int error = ERR_NO_MEMORY;
    struct thread *thread = kmem_pool_alloc(&task->pool, sizeof *thread, &error);
    pmem_trace_next_use(FRAME_USE_kernel_stack, task->object.id);
    void *stack = thread ? kstack_alloc(thread) : NULL;
    pmem_trace_next_use(FRAME_USE_kernel, 0);
    if (!stack) {
        kmem_free(thread);
        quota_release(task, THREAD_COST);
        return error;
    }
    object_assign_id(&thread->object, OBJECT_THREAD, task->object.id);
    thread->task = task;
    thread->state = THREAD_SUSPENDED;
    thread->priority = priority;
    thread->time_slice = thread->time_slice_left = TIME_SLICE_TICKS;
    thread->kernel_stack = stack;

    struct trap_frame *frame = thread_user_frame(thread);
    frame->ds = frame->es = frame->fs = frame->gs = SEL_USER_DATA;
    frame->cs = SEL_USER_CODE;
    frame->user_ss = SEL_USER_DATA;
    frame->eip = entry;
    frame->user_esp = stack_top;
    frame->ebx = ebx;
    frame->eflags = EFLAGS_INTERRUPTS | EFLAGS_RESERVED;
    struct switch_frame *switch_frame = (struct switch_frame *)frame - 1; /* zeroed registers */
    switch_frame->return_address = (uint32_t)trap_return;
    thread->kernel_esp = (uint32_t)switch_frame;

    DLIST_PUSH(&task->threads, thread, task_next, task_prev);
    TRACE(thread_create, thread->object.id, task->object.id, priority, 0);
    TRACE(thread_state, thread->object.id, THREAD_SUSPENDED, 0, 0);
    thread_trace_name(thread);
    *result = thread;
    return ERR_OK;
}

static void thread_release_stack(struct thread *thread)
{
    if (thread->kernel_stack) {
        kstack_free(thread->kernel_stack);
        thread->kernel_stack = NULL;
    }
}

/* Free @thread's struct if nothing needs it any more: dead, unnamed, not waiting for the
 * reaper, its stack given back. */
static void free_if_unused(struct thread *thread)
{
    if (thread->state == THREAD_DEAD && thread->object.cap_count == 0 && !object_is_doomed(&thread->object) &&
        !thread->kernel_stack) {
        object_trace_destroy(&thread->object);
        kmem_free(thread);
    }
}

_Static_assert(KMEM_MIN_SIZE <= FPU_STATE_BYTES && FPU_STATE_BYTES <= KMEM_MAX_SIZE,
               "kmem_alloc hands out 512-byte blocks 64-byte aligned: fine for FXSAVE's 16");

bool thread_take_fpu(struct thread *thread)
{
    if (!fpu_present() || !thread->task)
        return false;
    if (!thread->fpu_state) {
        /* From the task's pool, which charges the task for its slabs (kmem.h). */
        int error;
        thread->fpu_state = kmem_pool_alloc(&thread->task->pool, sizeof(struct fpu_state), &error);
        if (!thread->fpu_state)
            return false;
        fpu_state_init(thread->fpu_state);
    }
    fpu_switch_to(thread->fpu_state);
    return true;
}

static void thread_free_fpu_state(struct thread *thread)
{
    if (!thread->fpu_state)
        return;
    fpu_state_forget(thread->fpu_state);
    kmem_free(thread->fpu_state); /* its slab, if now empty, is given back to the pool's owner */
    thread->fpu_state = NULL;
}

static void thread_leave_task(struct thread *thread)
{
    struct task *task = thread->task;
    if (!task)
        return;
    DLIST_REMOVE(&task->threads, thread, task_next, task_prev);
    quota_release(task, THREAD_COST);
    thread->task = NULL;
}

void thread_kill(struct thread *thread, enum thread_exit_reason reason)
{
    if (thread->state == THREAD_DEAD)
        return;
    TRACE(thread_exit, thread->object.id, reason, 0, 0);
    ipc_thread_dying(thread);
    sched_unlink(thread);
    thread_free_fpu_state(thread); /* while thread->task still pays for it */
    thread_leave_task(thread);
    thread->state = THREAD_DEAD;
    TRACE(thread_state, thread->object.id, THREAD_DEAD, 0, 0);
    if (thread == current_thread) {
        /* Still on its stack: finish the kernel's work, then schedule() leaves it. */
        thread->run_next = dead_threads;
        dead_threads = thread;
        sched_request_reschedule();
        return;
    }
    thread_release_stack(thread);
    free_if_unused(thread);
}

void thread_kill_later(struct thread *thread, enum thread_exit_reason reason)
{
    thread->pending_exit = reason;
    object_doom(&thread->object);
}

void thread_destroy(struct thread *thread)
{
    if (thread->state != THREAD_DEAD) {
        thread_kill(thread, thread->pending_exit ? thread->pending_exit : EXIT_KILLED);
        return; /* thread_kill freed it if nothing names it */
    }
    free_if_unused(thread);
}

void thread_reap(void)
{
    struct thread **link = &dead_threads;
    while (*link) {
        struct thread *thread = *link;
        if (thread == current_thread) { /* still on its stack */
            link = &thread->run_next;
            continue;
        }
        *link = thread->run_next;
        thread_release_stack(thread);
        free_if_unused(thread);
    }
}
