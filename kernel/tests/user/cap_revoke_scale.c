/*
 * cap_revoke_scale - deleting and revoking cost what they delete, not what exists, and a
 * long revoke does not hold interrupts off.
 *
 * The root builds TASKS tasks (a chain: each holds the only capability to the next, we hold
 * the first) and fills each one's capability space with copies of one endpoint capability:
 * about 17,000 copies. Then, counting guest instructions with rdtsc (QEMU -icount):
 *   - cap_delete of one more copy, in our own space, costs about the same as it did before
 *     the tasks existed (it used to rescan every slot of every task: +330 per task);
 *   - cap_revoke of the endpoint capability costs at most REVOKE_PER_COPY per copy (it used
 *     to rescan everything for every copy: quadratic);
 *   - timer ticks go on during that revoke: the kernel lets interrupts in as it works
 *     (before, none was taken until the call ended).
 * Expected: cap_delete among the tasks within DELETE_SLACK instructions of alone, the
 * revoke at most REVOKE_PER_COPY instructions a copy, about a tick taken for every million
 * instructions of a long call, and every frame and quota byte back at the end.
 */
#define TEST_NAME "cap_revoke_scale"
#include "user_test.h"
#include "tsc.h"

#define TASKS 300
#define TASK_QUOTA (12 * 1024)
#define FIRST_COPY_SLOT 5 /* slot 4 holds the capability to the next task */
#define DELETE_SLACK 300  /* instructions: cap_delete must not depend on the tasks around */
#define DELETE_TRIES 5    /* deletes measured; the cheapest counts */
#define REVOKE_PER_COPY 400
#define INSTRUCTIONS_PER_TICK 1000000 /* a 1 ms tick under icount (one instruction a ns) */

/* Instructions one cap_delete of a fresh copy of @endpoint costs: the least of
 * DELETE_TRIES, so that a timer tick let in during one of them (the kernel opens an
 * interrupt window as it deletes) is not counted as the delete's own work. */
static unsigned delete_cost(int endpoint)
{
    unsigned least = ~0u;
    for (int i = 0; i < DELETE_TRIES; i++) {
        expect_success("cap_copy in our space", sys_cap_copy(endpoint, CAP_SELF_TASK, 40));
        uint64_t start = tsc_read();
        int result = sys_cap_delete(40);
        unsigned cost = (unsigned)(tsc_read() - start);
        expect_result("cap_delete of the copy", 0, result);
        if (cost < least)
            least = cost;
    }
    return least;
}

/* A tick is due every INSTRUCTIONS_PER_TICK of a call: it must have been taken during the
 * call, not held off until its end (allow the first and last to fall outside). */
static void expect_ticks_taken(const char *what, unsigned instructions, unsigned ticks)
{
    unsigned due = instructions / INSTRUCTIONS_PER_TICK;
    if (due >= 3 && ticks + 2 < due)
        test_fail("timer ticks during %s (%u instructions), expected about %u, seen %u", what,
                  instructions, due, ticks);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    unsigned delete_alone = delete_cost(endpoint);

    int head = -1, tail = -1;
    unsigned copies = 0;
    for (int i = 0; i < TASKS; i++) {
        int task = expect_success("task_create", sys_task_create(TASK_QUOTA, "holder"));
        for (int slot = FIRST_COPY_SLOT; slot < CSPACE_SLOTS; slot++, copies++)
            expect_result("cap_copy into a holder", 0, sys_cap_copy(endpoint, task, slot));
        if (tail >= 0) {
            expect_result("cap_copy of the next holder into the tail", 0, sys_cap_copy(task, tail, 4));
            if (tail != head)
                expect_result("cap_delete of our tail", 0, sys_cap_delete(tail));
        }
        if (head < 0)
            head = task;
        tail = task;
    }
    if (tail != head)
        expect_result("cap_delete of our tail", 0, sys_cap_delete(tail));
    unsigned delete_among = delete_cost(endpoint);
    test_print("cap_delete: %u instructions alone, %u among %d tasks", delete_alone, delete_among, TASKS);
    if (delete_among > delete_alone + DELETE_SLACK)
        test_fail("cap_delete among %d tasks, expected at most %u instructions (alone: %u), seen %u",
                  TASKS, delete_alone + DELETE_SLACK, delete_alone, delete_among);

    /* What is measured is the revoke's own work: a trace record for each copy it deletes
     * (cap_remove) costs a thousand instructions more to send out, so the trace is paused
     * meanwhile (trace_control; a kernel built with TRACE=0 ignores it). */
    unsigned ticks = (unsigned)sys_debug_info(DEBUG_INFO_TICKS);
    expect_result("trace_control pause", 0, sys_trace_control(TRACE_CONTROL_PAUSE, 0));
    uint64_t start = tsc_read();
    int revoked = sys_cap_revoke(endpoint);
    unsigned cost = (unsigned)(tsc_read() - start);
    expect_success("trace_control resume", sys_trace_control(TRACE_CONTROL_RESUME, 0));
    unsigned ticks_during = (unsigned)sys_debug_info(DEBUG_INFO_TICKS) - ticks;
    test_print("cap_revoke of %d copies: %u instructions (%u a copy), %u timer ticks taken meanwhile",
               revoked, cost, cost / (copies ? copies : 1), ticks_during);
    expect_result("cap_revoke: copies deleted", (int)copies, revoked);
    if (cost > copies * REVOKE_PER_COPY)
        test_fail("cap_revoke of %u copies, expected at most %u instructions a copy, seen %u",
                  copies, REVOKE_PER_COPY, cost / copies);
    expect_ticks_taken("cap_revoke", cost, ticks_during);

    ticks = (unsigned)sys_debug_info(DEBUG_INFO_TICKS);
    start = tsc_read();
    expect_result("cap_delete of the first holder", 0, sys_cap_delete(head));
    cost = (unsigned)(tsc_read() - start);
    ticks_during = (unsigned)sys_debug_info(DEBUG_INFO_TICKS) - ticks;
    test_print("cap_delete of the first of %d chained holders: %u instructions, %u timer ticks "
               "taken meanwhile", TASKS, cost, ticks_during);
    expect_ticks_taken("destroying the holders", cost, ticks_during);
    expect_result("cap_delete of the endpoint", 0, sys_cap_delete(endpoint));
    expect_result("frames in use at the end", frames_before, sys_debug_info(DEBUG_INFO_FRAMES_IN_USE));
    expect_result("quota used at the end", quota_before, sys_debug_info(DEBUG_INFO_QUOTA_USED));
    test_print("everything came back");
    return 0;
}
