/*
 * sched.c - the scheduler around Lab 2's run-queue exercises (runqueue.c): making threads
 * ready, switching, the timer tick, sleeping.
 *
 * The kernel runs with interrupts off, so nothing here needs a lock. A switch happens
 * only in schedule(): when a thread blocks, yields or exits, and on the way back to user
 * mode when sched_reschedule_needed() says a better thread is ready.
 */
#include "sched.h"
#include "fpu.h"
#include "gdt.h"
#include "irq.h"
#include "notification.h"
#include "object.h"
#include "memlayout.h"
#include "panic.h"
#include "task.h"
#include "thread.h"
#include "trace.h"
#include "x86.h"

/* In switch.S: save callee-saved registers and ESP into *save_esp, load load_esp, pop, ret. */
void context_switch(uint32_t *save_esp, uint32_t load_esp);
/* In switch.S: the same save, then return to user mode through @p frame (never returns
 * until someone context_switch()es back to the saved ESP). */
void context_switch_to_frame(uint32_t *save_esp, struct trap_frame *frame);

struct run_queue run_queue;
bool reschedule_needed;
static struct thread *sleepers; /* sorted by wake_tick */
static uint64_t ticks_now;

/*
 * The hand-off: a thread made ready while the current thread is not running (a call woke
 * its server, a reply its client, or schedule() is putting back the current thread itself
 * on a yield or preemption), when nothing of its priority or higher is ready. schedule()
 * would pick it next anyway, so it waits here instead of in the run queue, and schedule()
 * switches to it without enqueueing, picking and removing it. It is READY all the same.
 * Any other thread made ready before that schedule() puts it in the queue first, so the
 * order of wake-ups is kept; there is at most one. (tests: sched_handoff_order.c)
 */
static struct thread *handoff;

void sched_make_ready(struct thread *thread)
{
    thread->state = THREAD_READY;
    TRACE(thread_state, thread->object.id, THREAD_READY, 0, 0);
    if (handoff) {
        runqueue_enqueue(&run_queue, handoff);
        handoff = NULL;
    } else if (current_thread->state != THREAD_RUNNING && current_thread != &idle_thread &&
               (run_queue.ready_bitmap >> thread->priority) == 0) {
        handoff = thread;
        reschedule_needed = true;
        return;
    }
    runqueue_enqueue(&run_queue, thread);
    if (current_thread == &idle_thread || thread->priority > current_thread->priority)
        reschedule_needed = true;
}

void sched_request_reschedule(void) { reschedule_needed = true; }

/* How much long-running kernel work has been done since interrupts were last let in. */
#define INTERRUPT_WINDOW_EVERY 16
static uint32_t work_since_window;

void sched_interrupt_window(void)
{
    if (++work_since_window < INTERRUPT_WINDOW_EVERY)
        return;
    work_since_window = 0;
    uint32_t flags = irq_save();
    if (flags & EFLAGS_IF)
        irq_restore(flags); /* interrupts were on anyway (a kernel test at boot) */
    else /* STI takes effect after the next instruction: the NOP is where one lands. */
        __asm__ volatile("sti; nop; cli" ::: "memory");
}

static inline void switch_address_space(struct thread *next)
{
    fpu_before_switch();
    struct task *task = next->task;
    uint32_t directory = virt_to_phys(task ? task->page_directory : kernel_page_directory);
    if (read_cr3() != directory)
        write_cr3(directory);
    if (next->kernel_stack)
        tss_set_kernel_stack((uint32_t)next->kernel_stack + KSTACK_SIZE);
    if (io_bitmap_loaded || (task && task->io_bitmap))
        irq_use_io_bitmap(task);
}

void schedule(enum switch_reason reason)
{
    /* Finish every teardown first: it may stop the current thread, or wake another. */
    if (object_reap_pending())
        object_reap();
    struct thread *previous = current_thread;
    reschedule_needed = false;
    if (previous->state == THREAD_RUNNING) {
        if (previous != &idle_thread)
            sched_make_ready(previous); /* to the back of its list */
    } else if (previous->state == THREAD_DEAD) {
        reason = SWITCH_EXIT; /* it was stopped while in the kernel: it leaves for good */
    }

    struct thread *next = handoff;
    handoff = NULL;
    if (!next && (next = runqueue_pick(&run_queue)))
        runqueue_remove(&run_queue, next);
    else if (!next)
        next = &idle_thread;
    next->state = THREAD_RUNNING;
    reschedule_needed = false;
    TRACE(sched_pick, next->object.id, next == &idle_thread ? 0 : next->priority, 0, 0);
    if (next == previous)
        return;

    TRACE(context_switch, previous->object.id, next->object.id, reason, 0);
    if (dead_threads_pending())
        thread_reap(); /* dead threads, except the one we are leaving (still on its stack) */
    switch_address_space(next);
    current_thread = next;
    context_switch(&previous->kernel_esp, next->kernel_esp);
    /* Back on previous's stack: someone switched to us again. */
    if (dead_threads_pending())
        thread_reap();
}

/*
 * @p next is a user thread blocked in an IPC system call whose results are already in its
 * trap frame, so what is left on its kernel stack only returns: the way out of its
 * schedule() or sched_switch_direct() (a reap, done here first instead), of its handler,
 * and of syscall_finish (the syscall_exit record, traced here, and a reschedule check: when
 * one is due, it takes that way after all). It goes straight to user mode instead, as in
 * seL4's fast path; its kernel stack starts afresh at the next entry.
 */
void sched_switch_direct(struct thread *next)
{
    struct thread *previous = current_thread;
    next->state = THREAD_RUNNING;
    TRACE(sched_pick, next->object.id, next->priority, 0, 0);
    TRACE(context_switch, previous->object.id, next->object.id, SWITCH_BLOCK, 0);
    if (dead_threads_pending())
        thread_reap(); /* previous is blocked, not dead: every dead thread can go */
    /* switch_address_space(), for a user thread: it has a task and a kernel stack. */
    struct task *task = next->task;
    struct trap_frame *frame = thread_user_frame(next); /* at the top of its kernel stack */
    fpu_before_switch();
    uint32_t directory = virt_to_phys(task->page_directory);
    if (read_cr3() != directory)
        write_cr3(directory);
    tss_set_kernel_stack((uint32_t)(frame + 1)); /* kernel_stack + KSTACK_SIZE */
    if (io_bitmap_loaded || task->io_bitmap)
        irq_use_io_bitmap(task);
    current_thread = next;
    if (!reschedule_needed) {
        TRACE(syscall_exit, next->object.id, frame->error_code, frame->eax, 0);
        context_switch_to_frame(&previous->kernel_esp, frame);
    } else {
        context_switch(&previous->kernel_esp, next->kernel_esp);
    }
    /* Back on previous's stack: a context_switch() to it (never the direct way). */
    if (dead_threads_pending())
        thread_reap();
}

void sched_block_for_ipc(struct thread *woken)
{
    /* schedule() would take the hand-off thread first; when that is @p woken, the one place
     * it can differ is a pending teardown, which only schedule() does. */
    if (woken && woken == handoff && !object_reap_pending() &&
        current_thread->state != THREAD_DEAD) {
        handoff = NULL;
        reschedule_needed = false; /* set by sched_make_ready for the hand-off alone */
        sched_switch_direct(woken);
        return;
    }
    schedule(SWITCH_BLOCK);
}

void sched_unlink(struct thread *thread)
{
    if (thread->state == THREAD_READY && thread == handoff) {
        handoff = NULL;
    } else if (thread->state == THREAD_READY) {
        runqueue_remove(&run_queue, thread);
    } else if (thread->state == THREAD_SLEEPING) {
        for (struct thread **link = &sleepers; *link; link = &(*link)->sleep_next) {
            if (*link == thread) {
                *link = thread->sleep_next;
                break;
            }
        }
    }
}

void sched_sleep(uint32_t ticks)
{
    struct thread *thread = current_thread;
    thread->wake_tick = ticks_now + ticks;
    struct thread **link = &sleepers;
    while (*link && (*link)->wake_tick <= thread->wake_tick)
        link = &(*link)->sleep_next;
    thread->sleep_next = *link;
    *link = thread;
    thread->state = THREAD_SLEEPING;
    TRACE(thread_state, thread->object.id, THREAD_SLEEPING, 0, 0);
    schedule(SWITCH_BLOCK);
}

void sched_timer_tick(uint64_t now)
{
    ticks_now = now;
    while (sleepers && sleepers->wake_tick <= now) {
        struct thread *thread = sleepers;
        sleepers = thread->sleep_next;
        sched_make_ready(thread);
    }
    if (current_thread != &idle_thread && runqueue_tick_slice(current_thread))
        reschedule_needed = true;
}

void sched_start(void)
{
    schedule(SWITCH_BLOCK);
    /* Only the idle loop gets here: wait for interrupts; they reschedule. */
    for (;;) {
        trace_drain_periodic();
        cpu_enable_interrupts();
        cpu_halt();
        cpu_disable_interrupts();
        if (reschedule_needed)
            schedule(SWITCH_PREEMPT);
    }
}
