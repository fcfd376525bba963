/**
 * @file thread.h
 * @brief Threads: a register state, a kernel stack, a priority and a place in a task.
 */
#ifndef ORRERY_THREAD_H
#define ORRERY_THREAD_H

#include "object.h"
#include "trap.h"
#include "types.h"

struct task;

enum thread_state {
    THREAD_SUSPENDED, /**< created, or stopped by thread_suspend; not runnable */
    THREAD_READY,     /**< in a run queue */
    THREAD_RUNNING,   /**< the current thread */
    THREAD_SLEEPING,  /**< waiting for a tick (sleep) */
    THREAD_BLOCKED_SEND,   /**< in an endpoint's queue of senders (send or call) */
    THREAD_BLOCKED_RECV,   /**< in an endpoint's queue of receivers */
    THREAD_BLOCKED_REPLY,  /**< called, message taken, waiting for the reply */
    THREAD_BLOCKED_NOTIFY, /**< waiting on a notification */
    THREAD_DEAD,      /**< exited or killed; the struct lives on while capabilities name it */
};

struct endpoint;
struct notification;

/** Why a thread stopped running (recorded in the trace). */
enum thread_exit_reason { EXIT_CALLED = 1, EXIT_FAULT = 2, EXIT_KILLED = 3 };

struct thread {
    struct kobject object;
    uint32_t id;
    struct task *task;              /**< NULL once the task is gone */
    enum thread_state state;
    uint32_t priority;              /**< PRIORITY_MIN .. PRIORITY_MAX */
    uint32_t time_slice_left;       /**< ticks left in the current time slice */
    uint32_t kernel_esp;            /**< saved by context_switch while not running */
    void *kernel_stack;             /**< one page; NULL once freed */
    struct thread *run_next;        /**< run queue links (circular, per priority) */
    struct thread *run_prev;
    struct thread *task_next;       /**< next thread of the same task */
    struct thread *sleep_next;      /**< sleep list link */
    uint64_t wake_tick;

    /* IPC (see ipc.h). */
    void *blocked_on;               /**< the endpoint or notification whose queue holds us */
    struct thread *ipc_next;        /**< link in that queue (FIFO) */
    uint32_t ipc_badge;             /**< badge of the capability used by a blocked sender */
    uint32_t ipc_msg;               /**< message id of our pending send (for the trace) */
    bool ipc_is_call;               /**< a blocked sender that wants a reply */
    bool ipc_fault;                 /**< the pending message is a fault message */
    uint32_t fault_message[4];      /**< address, eip, access, vector */
    struct thread *reply_to;        /**< server side: the caller we owe a reply (one-shot) */
    struct thread *reply_from;      /**< caller side: the server that owes us a reply */
    vaddr_t ipc_buffer;             /**< user address of our struct ipc_buffer, or 0 */
    /** While this thread's own send, call or reply runs: the capability it offers, as
     *  check_message() (sys_ipc.c) found it, so that a transfer in the same system call
     *  need not read the buffer and look it up again. NULL at every other time. */
    struct capability *ipc_offered_cap;
    struct endpoint *fault_endpoint;/**< where our faults go (a kernel reference), or NULL */
    uint32_t fault_badge;
};

/** The user registers a thread saved when it last entered the kernel. */
static inline struct trap_frame *thread_user_frame(const struct thread *thread)
{
    return (struct trap_frame *)((uint8_t *)thread->kernel_stack + 4096 - sizeof(struct trap_frame));
}

/** The word at the bottom of every thread's kernel stack: anything else there means the
 *  stack grew past its page (deep recursion, a large local array) and overwrote it. */
#define KERNEL_STACK_CANARY 0x57ACC0DEu

/**
 * Panic if @p thread's kernel stack overflowed: its canary word was overwritten. Checked
 * at every timer tick for the running thread and when a thread's stack is freed, so an
 * overflow is reported within a tick, before the memory below it is reused much longer.
 */
void thread_check_kernel_stack(const struct thread *thread);

/** The thread running now (the idle thread when nothing else is). */
extern struct thread *current_thread;

/** The boot context becomes the idle thread: never in a run queue, runs when nothing else can. */
extern struct thread idle_thread;

/**
 * Create a suspended user thread in @p task that will start at @p entry with ESP =
 * @p stack_top and EBX = @p ebx. Its kernel memory is charged to @p task.
 * @return ERR_OK, ERR_QUOTA, ERR_NO_MEMORY.
 */
int thread_create(struct task *task, vaddr_t entry, vaddr_t stack_top, uint32_t ebx,
                  uint32_t priority, struct thread **thread);

/** Stop @p thread for good (its task is going away, or it faulted, or it exited). */
void thread_kill(struct thread *thread, enum thread_exit_reason reason);

/** Free a dead thread's object once no capability names it. */
void thread_free(struct thread *thread);

/** Free the kernel stacks of threads that died while running (called after a switch). */
void thread_reap(void);

/** True if thread_reap() has something to do. */
static inline bool dead_threads_pending(void)
{
    extern struct thread *dead_threads;
    return dead_threads != NULL;
}

/** Trace a thread's name (task name + thread id), for the visualizer. */
void thread_trace_name(const struct thread *thread);

#endif
