/*
 * sched_priority - the highest-priority ready thread always runs.
 *
 * Main (priority 10) creates H (priority 9) and L (priority 5), starts both, and sleeps
 * until both are done; below main's priority, neither can disturb it. Each appends its
 * letter to a shared log:
 *   H: logs 3 times, yielding after each; sleeps 10 ticks; logs 3 more times, yielding
 *      after each; is done.
 *   L: logs, yields, logs; then spins without any system call until H is done; logs once
 *      more; is done.
 *
 * Expected log, exactly: HHHLLHHHL
 *   HHH  L is ready from the start, but H's yields go to no one: yield only lets threads
 *        of the same or a higher priority run.
 *   LL   H sleeps (blocked), so L is the highest ready thread; its own yield returns to it.
 *   HHH  H's sleep ends while L spins: H takes the CPU from L (L makes no system call).
 *   L    H is done, L runs again.
 */
#define TEST_NAME "sched_priority"
#include "string.h"
#include "thread_start.h"
#include "user_test.h"

#define PRIORITY_H 9
#define PRIORITY_L 5
#define EXPECTED_LOG "HHHLLHHHL"
#define WAIT_STEP_TICKS 20
#define WAIT_STEPS 50

static volatile char log_text[32];
static volatile unsigned log_length;
static volatile bool h_done, l_done;

static void log_letter(char letter)
{
    unsigned index = __atomic_fetch_add(&log_length, 1, __ATOMIC_SEQ_CST);
    if (index < sizeof log_text - 1)
        log_text[index] = letter;
}

static void thread_h(void *unused)
{
    (void)unused;
    for (int i = 0; i < 3; i++) {
        log_letter('H');
        sys_yield();
    }
    sys_sleep(10);
    for (int i = 0; i < 3; i++) {
        log_letter('H');
        sys_yield();
    }
    h_done = true;
}

static void thread_l(void *unused)
{
    (void)unused;
    log_letter('L');
    sys_yield();
    log_letter('L');
    while (!h_done)
        ; /* only preemption can let H run again */
    log_letter('L');
    l_done = true;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int h = expect_success("thread_new H", thread_new(thread_h, NULL, PRIORITY_H));
    int l = expect_success("thread_new L", thread_new(thread_l, NULL, PRIORITY_L));
    /* L first: the order of starting must not matter, only the priorities. */
    expect_result("thread_resume L", 0, sys_thread_resume(l));
    expect_result("thread_resume H", 0, sys_thread_resume(h));
    for (int step = 0; step < WAIT_STEPS && !(h_done && l_done); step++)
        sys_sleep(WAIT_STEP_TICKS);

    char seen[sizeof log_text];
    for (unsigned i = 0; i < sizeof seen; i++)
        seen[i] = log_text[i];
    test_print("log %s", seen);
    if (!h_done || !l_done)
        test_fail("both threads done within %d ticks, expected yes, seen H %s, L %s",
                  WAIT_STEP_TICKS * WAIT_STEPS, h_done ? "done" : "not done",
                  l_done ? "done" : "not done");
    if (strcmp(seen, EXPECTED_LOG) != 0)
        test_fail("log order, expected %s, seen %s", EXPECTED_LOG, seen);
    return 0;
}
