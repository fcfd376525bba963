/*
 * sched_time_slice - thread_set_time_slice: a longer slice gives a thread longer runs.
 *
 * Two threads at the root task's priority spin forever, never making a system call. Before
 * they start, main gives the first a time slice of LONG_SLICE ticks and the second one of
 * SHORT_SLICE ticks. Main sleeps SLEEP_TICKS ticks, then suspends both. Also checked: a
 * slice of 0 or above TIME_SLICE_MAX_TICKS is ERR_INVALID, a capability without
 * RIGHT_WRITE ERR_NO_RIGHTS, a notification ERR_WRONG_TYPE, a dead thread ERR_DEAD.
 *
 * Expected: "sched_time_slice: slices 20 and 4 ticks: counters A B" with both counters
 * above 0; the test reads the context_switch records: the first spinner's runs last about
 * 20 ticks, the second's about 4 (with a single slice length for all threads, the runs
 * would be equal).
 */
#define TEST_NAME "sched_time_slice"
#include "thread_start.h"
#include "user_test.h"

#define LONG_SLICE 20
#define SHORT_SLICE 4
#define SLEEP_TICKS 300

static volatile unsigned counters[2];

static void spin(void *counter)
{
    for (;;)
        (*(volatile unsigned *)counter)++;
}

static void quit(void *unused) { (void)unused; }

int main(const struct user_boot_info *info)
{
    (void)info;
    int a = expect_success("thread_new", thread_new(spin, (void *)&counters[0], PRIORITY_DEFAULT));
    int b = expect_success("thread_new", thread_new(spin, (void *)&counters[1], PRIORITY_DEFAULT));

    expect_result("a slice of 0 ticks", ERR_INVALID, sys_thread_set_time_slice(a, 0));
    expect_result("a slice above TIME_SLICE_MAX_TICKS", ERR_INVALID,
                  sys_thread_set_time_slice(a, TIME_SLICE_MAX_TICKS + 1));
    int read_only = 20;
    expect_result("cap_mint of a read-only thread cap", 0,
                  sys_cap_mint(a, CAP_SELF_TASK, read_only, RIGHT_READ, 0));
    expect_result("a slice through a cap without RIGHT_WRITE", ERR_NO_RIGHTS,
                  sys_thread_set_time_slice(read_only, LONG_SLICE));
    int notification = expect_success("notification_create", sys_notification_create());
    expect_result("a slice for a notification", ERR_WRONG_TYPE,
                  sys_thread_set_time_slice(notification, LONG_SLICE));
    int dead = expect_success("thread_start", thread_start(quit, NULL, PRIORITY_DEFAULT));
    sys_sleep(2);
    expect_result("a slice for a dead thread", ERR_DEAD, sys_thread_set_time_slice(dead, LONG_SLICE));
    expect_result("the longest slice", 0, sys_thread_set_time_slice(b, TIME_SLICE_MAX_TICKS));

    expect_result("thread_set_time_slice of A", 0, sys_thread_set_time_slice(a, LONG_SLICE));
    expect_result("thread_set_time_slice of B", 0, sys_thread_set_time_slice(b, SHORT_SLICE));
    expect_result("thread_resume of A", 0, sys_thread_resume(a));
    expect_result("thread_resume of B", 0, sys_thread_resume(b));
    expect_result("sleep", 0, sys_sleep(SLEEP_TICKS));
    expect_result("thread_suspend of A", 0, sys_thread_suspend(a));
    expect_result("thread_suspend of B", 0, sys_thread_suspend(b));
    test_print("slices %u and %u ticks: counters %u %u", LONG_SLICE, SHORT_SLICE, counters[0], counters[1]);
    if (!counters[0] || !counters[1])
        test_fail("the counters, expected both above 0, seen %u and %u", counters[0], counters[1]);
    return 0;
}
