/**
 * @file sched.h
 * @brief The scheduler: fixed-priority, preemptive round-robin with time slices.
 *
 * Ready threads wait in one circular list per priority (0..31); a 32-bit bitmap says which
 * lists are non-empty, so the highest priority with a ready thread is one instruction away
 * (bit scan). The running thread is not in any list. Each timer tick uses up one tick of
 * the running thread's time slice; when the slice is gone the thread goes to the back of
 * its list, and a ready thread of the same priority gets the CPU.
 *
 * Lab 2 holes: runqueue_enqueue, runqueue_remove, runqueue_pick, runqueue_tick_slice.
 */
#ifndef ORRERY_SCHED_H
#define ORRERY_SCHED_H

#include "abi/syscalls.h"
#include "types.h"

struct thread;

#define PRIORITY_LEVELS (PRIORITY_MAX + 1)
/** Ticks in a new thread's time slice (a tick is 1 ms; one million instructions under
 *  icount). thread_set_time_slice sets another, within TIME_SLICE_MIN/MAX_TICKS. */
#define TIME_SLICE_TICKS 5

struct run_queue {
    struct thread *heads[PRIORITY_LEVELS]; /**< oldest ready thread of each priority, or NULL */
    uint32_t ready_bitmap;                 /**< bit p set <=> heads[p] != NULL */
};

/** Why the CPU changed hands (recorded in context_switch trace records). */
enum switch_reason {
    SWITCH_YIELD = 1,    /**< the thread called yield() */
    SWITCH_PREEMPT = 2,  /**< time slice used up, or a higher-priority thread became ready */
    SWITCH_BLOCK = 3,    /**< the thread went to sleep or was suspended */
    SWITCH_EXIT = 4,     /**< the thread exited or was killed */
};

/** The kernel's one run queue. */
extern struct run_queue run_queue;

/**
 * (Lab 2) Append @p thread at the tail of the list for its priority and mark that
 * priority ready in the bitmap. The lists are circular and doubly linked through
 * run_next/run_prev; heads[p] is the oldest thread.
 */
void runqueue_enqueue(struct run_queue *queue, struct thread *thread);

/**
 * (Lab 2) Unlink @p thread (which is in the queue) from its list; when the list becomes
 * empty, clear its bit in the bitmap.
 */
void runqueue_remove(struct run_queue *queue, struct thread *thread);

/**
 * (Lab 2) The thread that should run next: the oldest thread of the highest non-empty
 * priority, found in O(1) with the bitmap (__builtin_clz or bsr). NULL if nothing is
 * ready. Does not remove it.
 */
struct thread *runqueue_pick(const struct run_queue *queue);

/**
 * (Lab 2) Account one timer tick to the running @p thread. When its time slice is used up,
 * give it a fresh one (thread->time_slice ticks: TIME_SLICE_TICKS unless
 * thread_set_time_slice changed it) and return true: it should go to the back of its list.
 * (The caller, sched_timer_tick, never passes the idle thread.)
 */
bool runqueue_tick_slice(struct thread *thread);

/** Make @p thread (not running, not queued) ready; ask for a reschedule if it beats the current one. */
void sched_make_ready(struct thread *thread);

/** Give up the CPU: pick the next thread and switch to it. @p reason goes to the trace. */
void schedule(enum switch_reason reason);

/** Called on every timer tick: wake sleepers, account the time slice. */
void sched_timer_tick(uint64_t now);

/** Ask for a reschedule at the next return to user mode (e.g. after lowering a priority). */
void sched_request_reschedule(void);

/** True when the running thread should give way at the next return to user mode. */
static inline bool sched_reschedule_needed(void)
{
    extern bool reschedule_needed;
    return reschedule_needed;
}

/**
 * Called between the steps of long kernel work (revoking, tearing down): every few steps,
 * let pending interrupts in for one instruction, so that no system call holds them off for
 * more than a bounded amount of work. Interrupt handlers only signal notifications, wake
 * threads and count ticks; call this only where those structures are consistent. (The
 * kernel never switches threads inside an interrupt that arrived in kernel mode.)
 */
void sched_interrupt_window(void);

/** Put the current thread to sleep for @p ticks ticks. */
void sched_sleep(uint32_t ticks);

/** Take @p thread out of the run queue or the sleep list. (IPC queues, notification waiters
 *  included, are left by ipc_cancel() or ipc_thread_dying().) */
void sched_unlink(struct thread *thread);

/**
 * Hand the CPU straight to @p next, which was blocked and is not in the run queue, while
 * the current thread has just blocked (the IPC fast path: no run-queue round trip).
 * Only valid when no ready thread has a higher priority than @p next, and when @p next is
 * a user thread blocked in an IPC system call (receiving, or waiting for a reply; not for
 * a fault's) whose results are already in its saved registers: it returns to user mode
 * directly, without unwinding its kernel stack. The caller must return from its system
 * call as soon as this returns (the current thread may instead be resumed directly at its
 * own trap frame, the same way).
 */
void sched_switch_direct(struct thread *next);

/**
 * The current thread has blocked in an IPC system call (or a fault) in which it woke
 * @p woken: switch away, as schedule(SWITCH_BLOCK) would. When schedule() would pick
 * @p woken next anyway (it is the hand-off thread, see sched.c), switch to it directly
 * (sched_switch_direct), so the general IPC path skips the run queue and the unwinding of
 * the partner's stack just as the fast path does. @p woken must satisfy
 * sched_switch_direct()'s conditions (a user thread blocked in an IPC system call, not in a
 * fault, with its results in its frame), or be NULL (then this is schedule()).
 */
void sched_block_for_ipc(struct thread *woken);

/** True if some ready thread has a priority above @p priority. */
static inline bool sched_higher_ready(uint32_t priority)
{
    extern struct run_queue run_queue;
    return (run_queue.ready_bitmap >> priority) > 1;
}

/** Switch from the boot context to the first ready thread; the boot context becomes idle. */
void sched_start(void) NORETURN;

#endif
