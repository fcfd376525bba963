/*
 * thread.c - creating threads with a kernel stack prepared for their first trip to user
 * mode, and killing them.
 *
 * A new thread's kernel stack is built so that context_switch() "returns" into trap_return,
 * which pops a trap frame and irets to the thread's entry point in user mode:
 *
 *     top of kernel stack ->  struct trap_frame (user eip, esp, flags, segments)
 *                             address of trap_return
 *     kernel_esp          ->  ebp, ebx, esi, edi = 0 (what context_switch pops)
 */
#include "thread.h"
#include "abi/errors.h"
#include "fpu.h"
#include "gdt.h"
#include "ipc.h"
#include "kmem.h"
#include "memlayout.h"
#include "panic.h"
#include "pmem.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "trace.h"

#define EFLAGS_INTERRUPTS 0x200
#define EFLAGS_RESERVED 0x002
#define THREAD_COST (sizeof(struct thread) + PAGE_SIZE)

extern void trap_return(void);

struct thread *current_thread = &idle_thread;
struct thread idle_thread = { .object = { OBJECT_THREAD, 1 }, .id = 0, .state = THREAD_RUNNING };
static uint32_t next_thread_id = 1;
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
    TRACE(thread_name, thread->id, words[0], words[1], words[2]);
}

int thread_create(struct task *task, vaddr_t entry, vaddr_t stack_top, uint32_t ebx,
                  uint32_t priority, struct thread **result)
{
    if (quota_charge(task, THREAD_COST))
        return ERR_QUOTA;
    struct thread *thread = kmem_alloc(sizeof *thread);
    paddr_t stack = pmem_alloc_frame();
    if (!thread || stack == FRAME_NONE) {
        kmem_free(thread);
        if (stack != FRAME_NONE)
            pmem_free_frame(stack);
        quota_release(task, THREAD_COST);
        return ERR_NO_MEMORY;
    }
    thread->object.type = OBJECT_THREAD;
    thread->id = next_thread_id++;
    thread->task = task;
    thread->state = THREAD_SUSPENDED;
    thread->priority = priority;
    thread->time_slice_left = TIME_SLICE_TICKS;
    thread->kernel_stack = phys_to_virt(stack);
    *(uint32_t *)thread->kernel_stack = KERNEL_STACK_CANARY;

    uint8_t *top = (uint8_t *)thread->kernel_stack + PAGE_SIZE;
    struct trap_frame *frame = (struct trap_frame *)(top - sizeof *frame);
    memset(frame, 0, sizeof *frame);
    frame->ds = frame->es = frame->fs = frame->gs = SEL_USER_DATA;
    frame->cs = SEL_USER_CODE;
    frame->user_ss = SEL_USER_DATA;
    frame->eip = entry;
    frame->user_esp = stack_top;
    frame->ebx = ebx;
    frame->eflags = EFLAGS_INTERRUPTS | EFLAGS_RESERVED;
    uint32_t *switch_frame = (uint32_t *)frame - 5;
    switch_frame[4] = (uint32_t)trap_return;
    switch_frame[0] = switch_frame[1] = switch_frame[2] = switch_frame[3] = 0;
    thread->kernel_esp = (uint32_t)switch_frame;

    thread->task_next = task->threads;
    task->threads = thread;
    TRACE(thread_create, thread->id, task->id, priority, 0);
    thread_trace_name(thread);
    *result = thread;
    return ERR_OK;
}

void thread_check_kernel_stack(const struct thread *thread)
{
    const uint32_t *canary = thread->kernel_stack;
    if (canary && *canary != KERNEL_STACK_CANARY)
        panic("kernel stack overflow: thread %u (task %s) wrote past the bottom of its %u-byte "
              "kernel stack (the canary at %p reads 0x%08x); look for deep recursion or large "
              "local variables", thread->id, thread->task ? thread->task->name : "none",
              PAGE_SIZE, (const void *)canary, *canary);
}

static void thread_release_stack(struct thread *thread)
{
    if (thread->kernel_stack) {
        thread_check_kernel_stack(thread);
        pmem_free_frame(virt_to_phys(thread->kernel_stack));
        thread->kernel_stack = NULL;
    }
}

static void task_unlink_thread(struct thread *thread)
{
    struct task *task = thread->task;
    if (!task)
        return;
    for (struct thread **link = &task->threads; *link; link = &(*link)->task_next) {
        if (*link == thread) {
            *link = thread->task_next;
            break;
        }
    }
    quota_release(task, THREAD_COST);
    thread->task = NULL;
}

void thread_kill(struct thread *thread, enum thread_exit_reason reason)
{
    if (thread->state == THREAD_DEAD)
        return;
    TRACE(thread_exit, thread->id, reason, 0, 0);
    ipc_thread_dying(thread);
    sched_unlink(thread);
    fpu_thread_exit(thread); /* while thread->task still pays for its FPU state */
    task_unlink_thread(thread);
    bool was_running = thread == current_thread;
    thread->state = THREAD_DEAD;
    if (!was_running) {
        thread_release_stack(thread);
        if (thread->object.cap_count == 0)
            thread_free(thread);
        return;
    }
    thread->run_next = dead_threads;
    dead_threads = thread;
    schedule(SWITCH_EXIT); /* never comes back */
    panic("a dead thread was scheduled");
}

void thread_free(struct thread *thread)
{
    if (thread->state != THREAD_DEAD) {
        thread_kill(thread, EXIT_KILLED);
        return; /* thread_kill frees it when no capability is left */
    }
    for (struct thread *dead = dead_threads; dead; dead = dead->run_next)
        if (dead == thread)
            return; /* thread_reap frees it after the switch */
    thread_release_stack(thread);
    kmem_free(thread);
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
        if (thread->object.cap_count == 0)
            kmem_free(thread);
    }
}
