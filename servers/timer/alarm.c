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

uint32_t alarm_now(void) { return (uint32_t)sys_debug_info(DEBUG_INFO_TICKS); }

static void alarm_loop(void *unused)
{
    (void)unused;
    for (;;) {
        sys_wait(arm_notification); /* ERR_ABORTED when alarm_set cut it short: look again */
        while (armed) {
            int32_t left = (int32_t)(alarm_tick - alarm_now());
            if (left <= 0) {
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
    sys_thread_suspend(helper); /* out of its sleep, if it sleeps */
    sys_thread_resume(helper);
    sys_signal(arm_notification);
}

void alarm_cancel(void) { armed = false; }
