/*
 * alarm.c - the timer's helper thread: sleep until a tick, then signal (alarm.h).
 */
#include "alarm.h"
#include "sleepers.h"
#include "syscall_stubs.h"
#include "thread_start.h"

static int expired_notification, arm_notification, helper;
static volatile bool armed;
static volatile uint32_t alarm_tick;
/* The helper has read (or is about to read) alarm_tick and may not be asleep yet. */
static volatile bool in_window;

uint32_t alarm_now(void) { return (uint32_t)sys_debug_info(DEBUG_INFO_TICKS); }

static void alarm_loop(void *unused)
{
    (void)unused;
    for (;;) {
        in_window = false;
        sys_wait(arm_notification); /* ERR_ABORTED when alarm_set cut it short: look again */
        while (armed) {
            in_window = true;
            uint32_t target = alarm_tick;
            int32_t left = (int32_t)(target - alarm_now());
            if (left <= 0) {
                in_window = false;
                sys_signal(expired_notification);
                break;
            }
            sys_sleep(left > SLEEP_MAX_TICKS ? SLEEP_MAX_TICKS : (unsigned)left);
        }
    }
}

int alarm_init(int expired, int priority)
{
    expired_notification = expired;
    arm_notification = sys_notification_create();
    if (arm_notification < 0)
        return arm_notification;
    helper = thread_start(alarm_loop, NULL, priority);
    return helper < 0 ? helper : 0;
}

void alarm_set(uint32_t wake_tick)
{
    alarm_tick = wake_tick;
    armed = true;
    /* Ready in the window, it may have read the old tick: let it get to its sleep first. */
    int state;
    for (unsigned yields = 0;
         (state = sys_thread_info(helper, THREAD_INFO_STATE)) == THREAD_STATE_READY && in_window; yields++)
        if (yields < ALARM_YIELDS_MAX)
            sys_yield();
        else
            sys_sleep(1);
    if (state == THREAD_STATE_SLEEPING) {
        sys_thread_suspend(helper); /* out of its sleep: it looks at alarm_tick again */
        in_window = false;          /* it is in the kernel, not between reading and sleeping */
        sys_thread_resume(helper);
    }
    sys_signal(arm_notification); /* if it waits for an alarm */
}

void alarm_cancel(void) { armed = false; }
