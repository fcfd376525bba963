/**
 * @file thread.h
 * @brief Threads: a register state, a kernel stack, a priority and a place in a task.
 */
#ifndef ORRERY_THREAD_H
#define ORRERY_THREAD_H

#include "kstack.h"
#include "object.h"
#include "trap_frame.h"
#include "types.h"

struct fpu_state;
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
struct reply;

/** Why a thread stopped running (recorded in the trace). */
enum thread_exit_reason { EXIT_CALLED = 1, EXIT_FAULT = 2, EXIT_KILLED = 3 };

struct thread {
    struct kobject object;
    struct task *task;              /**< NULL once the task is gone */
    enum thread_state state;
    uint32_t priority;              /**< PRIORITY_MIN .. PRIORITY_MAX */
    uint32_t time_slice;            /**< ticks in a full time slice (thread_set_time_slice) */
    uint32_t time_slice_left;       /**< ticks left in the current time slice */
    uint32_t kernel_esp;            /**< saved by context_switch while not running */
    void *kernel_stack;             /**< KSTACK_SIZE bytes above a guard page; NULL once freed */
    struct thread *run_next;        /**< run queue links (circular, per priority) */
    struct thread *run_prev;
    struct thread *task_next;       /**< the other threads of the same task */
    struct thread *task_prev;
    enum thread_exit_reason pending_exit; /**< why the reaper is to stop it (thread_kill_later) */
    struct thread *sleep_next;      /**< sleep list link */
    uint64_t wake_tick;
    struct fpu_state *fpu_state;    /**< saved FPU registers (fpu.h); NULL until the first use */

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
    struct reply *reply_object;     /**< caller side: the saved reply that will answer us (reply.h) */
    struct notification *bound_notification; /**< whose bits our receives also take, or NULL */
    vaddr_t ipc_buffer;             /**< user address of our struct ipc_buffer, or 0 */
    /** While this thread's own send, call or reply runs: the capability it offers, as
     *  ipc_check_message() (sys_ipc.c) found it, so that a transfer in the same system call
     *  need not read the buffer and look it up again. NULL at every other time. */
    struct capability *ipc_offered_cap;
    struct endpoint *fault_endpoint;/**< where our faults go (a kernel reference), or NULL */
    uint32_t fault_badge;
};

/** The user registers a thread saved when it last entered the kernel (top of its stack). */
static inline struct trap_frame *thread_user_frame(const struct thread *thread)
{
    return (struct trap_frame *)((uint8_t *)thread->kernel_stack + KSTACK_SIZE - sizeof(struct trap_frame));
}

/**
 * What context_switch() (switch.S) pops from a thread's kernel stack, lowest address
 * first: the callee-saved registers it saved, then the address it returns to.
 */
struct switch_frame {
    uint32_t edi, esi, ebx, ebp;
    uint32_t return_address;
};

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

/**
 * A \#NM from user mode in @p thread (the current thread): give it the FPU (fpu.h), with
 * a state of its own, allocated from its task's pool (and so charged) and clean on its
 * first use.
 * @return true if the instruction can be retried; false if the thread cannot have the FPU
 *         (no FPU, or its task's quota or memory ran out): the \#NM is then its fault.
 */
bool thread_take_fpu(struct thread *thread);

/**
 * Stop @p thread for good (its task is going away, or it faulted, or it exited): it leaves
 * every queue, whoever waits on it is released, its kernel stack is freed. The struct lives
 * on while capabilities name it. If @p thread is the current thread, it keeps running in
 * the kernel until the system call or trap is done, and schedule() then switches away for
 * good (its stack is freed after that switch).
 */
void thread_kill(struct thread *thread, enum thread_exit_reason reason);

/**
 * Stop @p thread from the reaper rather than here (object.h), so that a chain of threads
 * each releasing the next does not recurse. It must already be out of every queue.
 */
void thread_kill_later(struct thread *thread, enum thread_exit_reason reason);

/** The reaper's destructor for a thread: stop it if it still lives, free it once unnamed. */
void thread_destroy(struct thread *thread);

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
