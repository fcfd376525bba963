/*
 * sched_fairness - round-robin shares the CPU evenly between equal-priority threads.
 *
 * Three threads at PRIORITY_DEFAULT spin forever, each incrementing a counter of its
 * own. The main thread sleeps 1000 ticks, then suspends them and reads the counters.
 *
 * Expected: every counter is within 25% of their mean (the loops are identical, so the
 * counts measure CPU time). The pytest side checks the same from the trace's
 * context_switch records, within 20%.
 */
#define TEST_NAME "sched_fairness"
#include "thread_start.h"
#include "user_test.h"

#define SPINNERS 3
#define SLEEP_TICKS 1000

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

    unsigned long long sum = 0;
    for (int i = 0; i < SPINNERS; i++)
        sum += counters[i];
    unsigned long long mean = sum / SPINNERS;
    test_print("counters %u %u %u", counters[0], counters[1], counters[2]);
    for (int i = 0; i < SPINNERS; i++) {
        unsigned long long count = counters[i];
        if (count * 4 < mean * 3 || count * 4 > mean * 5)
            test_fail("spinner %d's counter, expected within 25%% of the mean %llu, seen %llu",
                      i, mean, count);
    }
    return 0;
}
