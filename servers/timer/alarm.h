/**
 * @file alarm.h
 * @brief The timer's alarm: a helper thread that sleeps in the kernel (sys_sleep) until the
 *        tick it was set for and then signals the notification bound to the timer's thread.
 *
 * The kernel owns the only timer (the PIT, TIMER_HZ ticks a second); a user thread waits for a
 * tick with sys_sleep. The helper runs at the timer thread's priority. Setting an earlier
 * alarm cuts the helper's sleep short (suspending and resuming a sleeping thread ends its
 * sleep) and it sleeps again for the new time. A helper preempted between reading the old
 * tick and going to sleep (thread_info says ready, and it said it was in that window) is
 * first let run into its sleep (yield), then cut short. Only one alarm is set at a time.
 */
#ifndef ORRERY_TIMER_ALARM_H
#define ORRERY_TIMER_ALARM_H

#include "types.h"

/** Yields alarm_set waits at most for a ready helper to reach its sleep, then a tick each. */
#define ALARM_YIELDS_MAX 100

/** Start the helper at @p priority (the timer thread's own); it signals @p expired.
 *  @return 0 or an error. */
int alarm_init(int expired, int priority);

/** Signal `expired` once tick @p wake_tick has come (replacing any alarm set before). */
void alarm_set(uint32_t wake_tick);

/** Set no alarm. */
void alarm_cancel(void);

/** The kernel's tick count now. */
uint32_t alarm_now(void);

#endif
