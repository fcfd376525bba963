/*
 * sched_two_busy - the timer preempts a thread that never gives up the CPU.
 *
 * Two threads at the root task's own priority (PRIORITY_DEFAULT) spin forever, each
 * incrementing a counter of its own, never making a system call. The main thread sleeps
 * 300 ticks, then suspends both and reads the counters.
 *
 * Expected: both counters are above 0. Without preemption the first spinner would keep
 * the CPU: the second would never run, and main would never wake up (the run ends when
 * the instruction budget does).
 */
#define TEST_NAME "sched_two_busy"
#include "thread_start.h"
#include "user_test.h"

#define SPINNERS 2
#define SLEEP_TICKS 300

static volatile unsigned counters[SPINNERS];

static void spin(void *counter)
{
    for (;;)
        (*(volatile unsigned *)counter)++;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int threads[SPINNERS];
    for (int i = 0; i < SPINNERS; i++)
        threads[i] = expect_success("thread_start", thread_start(spin, (void *)&counters[i],
                                                                 PRIORITY_DEFAULT));
    expect_result("sleep", 0, sys_sleep(SLEEP_TICKS));
    for (int i = 0; i < SPINNERS; i++)
        expect_result("thread_suspend of a spinner", 0, sys_thread_suspend(threads[i]));

    test_print("counters %u %u", counters[0], counters[1]);
    for (int i = 0; i < SPINNERS; i++)
        if (counters[i] == 0)
            test_fail("spinner %d's counter, expected > 0, seen 0 (it never ran)", i);
    return 0;
}
