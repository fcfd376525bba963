/*
 * fault_catcher.h - run a piece of hostile code in a thread of its own and see how it ended.
 *
 * catch_fault(fn, arg, &outcome) starts fn(arg) in a new thread of this task whose faults
 * go to a handler thread here, through a capability minted with a badge of its own (the
 * handler tells the faulting threads apart by it). The handler records the fault message
 * (vector, address, eip, badge) and replies IPC_LABEL_FAULT_STOP: the kernel stops the
 * thread and prints its "orrery: user fault: ... stopped by its fault handler" line.
 * catch_fault returns when the thread has faulted or fn has returned (then the thread
 * exits normally and outcome.returned is set), and fails the test if neither happens
 * within CATCH_WAIT_TICKS.
 *
 * Include after user_test.h (it uses test_fail). Not thread-safe: call from one thread.
 */
#ifndef ORRERY_TESTS_FAULT_CATCHER_H
#define ORRERY_TESTS_FAULT_CATCHER_H

#include "thread_start.h"

#define CATCH_WAIT_TICKS 1000
#define CATCH_HANDLER_BUFFER 0x5F000000u /* the handler thread's IPC buffer */
#define CATCH_BADGE_BASE 0xCA00u          /* badge of the n-th caught thread: base + n */

/** How one caught thread ended. */
struct caught_fault {
    bool faulted;      /**< a fault message arrived (then the fields below are set) */
    bool returned;     /**< fn returned: no fault */
    unsigned vector;   /**< fault message word 3 */
    unsigned address;  /**< word 0: CR2 for a page fault, else 0 */
    unsigned eip;      /**< word 1 */
    unsigned badge;    /**< the badge of the fault capability: which thread faulted */
    unsigned expected_badge; /**< the badge this thread's faults were to carry */
};

static int catch_endpoint = -1;
static unsigned catch_count;
static struct caught_fault *volatile catch_current;
static void (*catch_fn)(void *);
static void *catch_arg;
/** If set, called with the new thread's slot just before catch_fault resumes it. */
static void (*catch_before_resume)(int thread);

static int catch_free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free capability slot for the fault catcher, expected one, seen none");
}

/* The fault handler: every fault stops its thread. */
static void catch_handler(void *unused)
{
    (void)unused;
    const struct ipc_buffer *buffer = (const struct ipc_buffer *)CATCH_HANDLER_BUFFER;
    struct ipc_message m;
    int result = sys_recv(catch_endpoint, &m);
    for (;;) {
        expect_result("the fault catcher's receive", 0, result);
        struct caught_fault *outcome = catch_current;
        if (m.tag != IPC_TAG(IPC_LABEL_FAULT, 4, 0) || !outcome)
            test_fail("a message to the fault catcher, expected a fault message (tag 0x%x), "
                      "seen tag 0x%x badge 0x%x", IPC_TAG(IPC_LABEL_FAULT, 4, 0), m.tag, m.badge);
        outcome->address = m.words[0];
        outcome->eip = m.words[1];
        outcome->vector = buffer->words[3];
        outcome->badge = m.badge;
        outcome->faulted = true;
        result = sys_reply_recv(catch_endpoint, IPC_TAG(IPC_LABEL_FAULT_STOP, 0, 0), 0, 0, 0, &m);
    }
}

static void catch_body(void *unused)
{
    (void)unused;
    catch_fn(catch_arg);
    catch_current->returned = true;
}

static void catch_setup(void)
{
    catch_endpoint = expect_success("endpoint_create for the fault catcher", sys_endpoint_create());
    expect_result("task_map_anon of the fault catcher's IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, CATCH_HANDLER_BUFFER, 1, MAP_WRITABLE));
    int handler = expect_success("thread_new of the fault catcher",
                                 thread_new(catch_handler, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of the fault catcher", 0,
                  sys_thread_set_ipc_buffer(handler, CATCH_HANDLER_BUFFER));
    expect_result("thread_resume of the fault catcher", 0, sys_thread_resume(handler));
}

/** Run @p fn(@p arg) in a new thread and wait until it faults or returns (see the top). */
static inline void catch_fault(void (*fn)(void *), void *arg, struct caught_fault *outcome)
{
    if (catch_endpoint < 0)
        catch_setup();
    *outcome = (struct caught_fault){ .expected_badge = CATCH_BADGE_BASE + catch_count++ };
    int fault_cap = catch_free_slot();
    expect_result("cap_mint of a fault capability", 0,
                  sys_cap_mint(catch_endpoint, CAP_SELF_TASK, fault_cap, RIGHT_WRITE,
                               outcome->expected_badge));
    catch_fn = fn, catch_arg = arg, catch_current = outcome;
    int thread = expect_success("thread_new of a caught thread", thread_new(catch_body, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_fault_handler", 0, sys_thread_set_fault_handler(thread, fault_cap));
    if (catch_before_resume)
        catch_before_resume(thread);
    expect_result("thread_resume of a caught thread", 0, sys_thread_resume(thread));
    test_wait_until(outcome->faulted || outcome->returned, CATCH_WAIT_TICKS,
                    "the caught thread to fault or return");
    sys_sleep(2); /* let the thread finish dying or exiting */
    catch_current = NULL;
    expect_result("cap_delete of the thread", 0, sys_cap_delete(thread));
    expect_result("cap_delete of the fault capability", 0, sys_cap_delete(fault_cap));
}

#endif
