/*
 * timer_service - the timer server (servers/timer) started by hand, as init will start it,
 * and used by several threads at once.
 *
 *   1. Bad requests (an unknown label, a missing word, a sleep over TIMER_SLEEP_MAX_MS, an
 *      uptime with words) get ERR_INVALID; a sleep of 0 answers at once.
 *   2. TIMER_UPTIME, after UPTIME_AFTER_TICKS, agrees with the kernel's tick count
 *      (DEBUG_INFO_TICKS, TIMER_HZ), in milliseconds and in seconds.
 *   3. SLEEPERS threads sleep at once, the longest first (so that every later, shorter sleep
 *      must cut the timer's alarm short): each wakes no earlier than it asked and at most
 *      LATE_TICKS later, and they wake in the order of their deadlines;
 *   4. the same while a thread spins at the timer's priority the whole time (a busy process
 *      must not starve the timer), at most LATE_TICKS_SPINNING late.
 * Expected: "timer_service: all timer checks passed"; exit 0.
 */
#define TEST_NAME "timer_service"
#include "proto/timer.h"
#include "server_start.h"
#include "thread_start.h"

#define TIMER_QUOTA (128 * 1024)
#define SLEEPERS 8
#define LATE_TICKS 3
/* Beside a spinner at the same priority each of the sleeper's call, the alarm, the timer's
 * answer and the sleeper's return may wait for its time slice (TIME_SLICE_TICKS, 5). */
#define LATE_TICKS_SPINNING 30
#define WAIT_TICKS 5000
#define UPTIME_AFTER_TICKS 1200

static int timer;
static const unsigned sleep_ms[SLEEPERS] = { 300, 40, 10, 120, 10, 75, 25, 200 };
static volatile unsigned started[SLEEPERS], woke[SLEEPERS];
static volatile int results[SLEEPERS];
static volatile unsigned done;
static volatile bool stop_spinning;

static unsigned ticks(void) { return (unsigned)sys_debug_info(DEBUG_INFO_TICKS); }
static unsigned ms_to_ticks(unsigned ms) { return (ms * TIMER_HZ + 999) / 1000; }

static void sleeper(void *arg)
{
    unsigned i = (unsigned)arg;
    started[i] = ticks();
    results[i] = rpc_call(timer, TIMER_SLEEP, 1, sleep_ms[i], 0, 0, NULL);
    woke[i] = ticks();
    done++;
}

static void spin(void *unused)
{
    (void)unused;
    while (!stop_spinning)
        ;
}

/* SLEEPERS threads sleep at once, a spinner running beside them if @p spinning. */
static void run_sleepers(bool spinning, unsigned late_max)
{
    done = 0;
    stop_spinning = false;
    if (spinning)
        expect_success("thread_start of the spinner", thread_start(spin, NULL, PRIORITY_DEFAULT));
    for (unsigned i = 0; i < SLEEPERS; i++) {
        expect_success("thread_start of a sleeper", thread_start(sleeper, (void *)i, PRIORITY_DEFAULT));
        sys_sleep(1); /* each call reaches the timer before the next thread starts */
    }
    test_wait_until(done == SLEEPERS, WAIT_TICKS, "every sleeper's answer");
    stop_spinning = true;
    unsigned latest = 0;
    for (unsigned i = 0; i < SLEEPERS; i++) {
        unsigned slept = woke[i] - started[i], asked = ms_to_ticks(sleep_ms[i]);
        expect_result("a sleeper's TIMER_SLEEP", 0, results[i]);
        if (slept < asked || slept > asked + late_max)
            test_fail("sleeper %u's sleep of %u ms%s, expected %u..%u ticks, seen %u", i, sleep_ms[i],
                      spinning ? " beside a spinner" : "", asked, asked + late_max, slept);
        if (slept - asked > latest)
            latest = slept - asked;
        for (unsigned j = 0; j < SLEEPERS; j++) {
            unsigned deadline_i = started[i] + asked, deadline_j = started[j] + ms_to_ticks(sleep_ms[j]);
            if (deadline_i + late_max < deadline_j && woke[i] > woke[j])
                test_fail("wake order, expected sleeper %u (deadline %u) before %u (deadline %u), seen %u after %u",
                          i, deadline_i, j, deadline_j, woke[i], woke[j]);
        }
    }
    test_print("%u sleepers at once%s woke on time, in order (at most %u ticks late)", SLEEPERS,
               spinning ? " beside a spinner" : "", latest);
}

int main(const struct user_boot_info *info)
{
    root_ipc_buffer_init();
    struct server_start server;
    server_prepare(&server, info, "timer", TIMER_QUOTA, PRIORITY_DEFAULT);
    server_run(&server);
    timer = server.endpoint;

    expect_result("an unknown timer label", ERR_INVALID, rpc_call(timer, RPC_BASE_TIMER + 0x42, 0, 0, 0, 0, NULL));
    expect_result("a console label sent to the timer", ERR_INVALID, rpc_call(timer, RPC_BASE_CONSOLE + 1, 1, 1, 0, 0, NULL));
    expect_result("TIMER_SLEEP without its word", ERR_INVALID, rpc_call(timer, TIMER_SLEEP, 0, 0, 0, 0, NULL));
    expect_result("TIMER_SLEEP over the maximum", ERR_INVALID,
                  rpc_call(timer, TIMER_SLEEP, 1, TIMER_SLEEP_MAX_MS + 1, 0, 0, NULL));
    expect_result("TIMER_SLEEP of 2^32 - 1 ms", ERR_INVALID, rpc_call(timer, TIMER_SLEEP, 1, ~0u, 0, 0, NULL));
    expect_result("TIMER_UPTIME with a word", ERR_INVALID, rpc_call(timer, TIMER_UPTIME, 1, 0, 0, 0, NULL));
    expect_result("TIMER_SLEEP of 0 ms", 0, rpc_call(timer, TIMER_SLEEP, 1, 0, 0, 0, NULL));
    test_print("bad requests answered ERR_INVALID");

    sys_sleep(UPTIME_AFTER_TICKS); /* so that the uptime is not 0 */
    struct rpc_result seconds = { { 0, 0 } };
    unsigned before = ticks();
    int uptime = rpc_call(timer, TIMER_UPTIME, 0, 0, 0, 0, &seconds);
    unsigned after = ticks();
    unsigned low = before * 1000 / TIMER_HZ, high = after * 1000 / TIMER_HZ;
    if (uptime <= 0 || (unsigned)uptime < low || (unsigned)uptime > high)
        test_fail("TIMER_UPTIME, expected %u..%u ms, seen %d", low, high, uptime);
    if (seconds.words[0] != (unsigned)uptime / 1000)
        test_fail("TIMER_UPTIME's seconds, expected %u, seen %u", (unsigned)uptime / 1000, seconds.words[0]);
    test_print("uptime %d ms agrees with the kernel's ticks", uptime);

    run_sleepers(false, LATE_TICKS);
    run_sleepers(true, LATE_TICKS_SPINNING);
    expect_success("TIMER_UPTIME after the sleeps", rpc_call(timer, TIMER_UPTIME, 0, 0, 0, 0, NULL));
    test_print("all timer checks passed");
    return 0;
}
