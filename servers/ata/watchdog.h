/**
 * @file watchdog.h
 * @brief The ATA driver's watchdog: a helper thread that bounds every wait for the drive.
 *
 * Before a command the driver arms the watchdog with a deadline (watchdog_arm); while it
 * waits for the drive's interrupt it waits on the IRQ's notification, and the watchdog
 * signals that same notification with WATCHDOG_BIT once the deadline has passed, so the wait
 * ends either way. A signal left over from an earlier command means nothing:
 * watchdog_expired() says whether the deadline of the command now running has passed.
 * Time is the kernel's tick count (TIMER_HZ a second); the helper sleeps in the kernel
 * (sys_sleep) in steps of at most WATCHDOG_STEP_MS while armed, and waits for the next
 * arm while not.
 */
#ifndef ORRERY_ATA_WATCHDOG_H
#define ORRERY_ATA_WATCHDOG_H

#include "types.h"

/** The notification bit the watchdog signals (the IRQ's is 1 << 14). */
#define WATCHDOG_BIT (1u << 20)
/** How often an armed watchdog looks at the clock. */
#define WATCHDOG_STEP_MS 100u

/**
 * Start the helper thread at @p priority. It signals @p notification (a capability badged
 * WATCHDOG_BIT on the notification the driver waits on) when a deadline passes.
 * @return 0, or the error of making its thread or notification.
 */
int watchdog_init(int notification, int priority);

/** Arm: the command starting now may take @p milliseconds. */
void watchdog_arm(unsigned milliseconds);

/** Disarm: the command ended. */
void watchdog_disarm(void);

/** Whether the armed deadline has passed (false when disarmed). */
bool watchdog_expired(void);

#endif
