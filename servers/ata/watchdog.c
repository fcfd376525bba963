/*
 * watchdog.c - the helper thread that ends a wait for a drive that does not answer
 * (watchdog.h).
 */
#include "watchdog.h"
#include "syscall_stubs.h"
#include "thread_start.h"

static int expired_notification = -1; /* badged WATCHDOG_BIT: the driver's wait ends */
static int arm_notification = -1;     /* wakes the helper when a command starts */
static volatile bool armed;
static volatile uint32_t deadline;    /* a kernel tick */
static volatile bool idle;            /* the helper waits for an arm (or is about to) */

static uint32_t now(void) { return (uint32_t)sys_debug_info(DEBUG_INFO_TICKS); }

static int32_t ticks_left(void) { return (int32_t)(deadline - now()); }

static void watchdog_loop(void *unused)
{
    (void)unused;
    for (;;) {
        idle = true;
        if (!armed) /* armed after idle was set: the arm signalled, or will */
            sys_wait(arm_notification);
        idle = false;
        while (armed) {
            int32_t left = ticks_left();
            if (left <= 0) {
                sys_signal(expired_notification);
                break; /* until the next arm: the driver disarms once it gave up */
            }
            unsigned step = WATCHDOG_STEP_MS * TIMER_HZ / 1000u;
            sys_sleep((unsigned)left < step ? (unsigned)left : step);
        }
        while (armed && ticks_left() <= 0) /* signalled: wait for the disarm */
            sys_sleep(WATCHDOG_STEP_MS * TIMER_HZ / 1000u);
    }
}

int watchdog_init(int notification, int priority)
{
    expired_notification = notification;
    arm_notification = sys_notification_create();
    if (arm_notification < 0)
        return arm_notification;
    int thread = thread_start(watchdog_loop, NULL, priority);
    return thread < 0 ? thread : 0;
}

void watchdog_arm(unsigned milliseconds)
{
    deadline = now() + (uint32_t)((uint64_t)milliseconds * TIMER_HZ / 1000u) + 1;
    armed = true;
    if (idle)
        sys_signal(arm_notification);
}

void watchdog_disarm(void) { armed = false; }

bool watchdog_expired(void) { return armed && ticks_left() <= 0; }
