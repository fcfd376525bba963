/**
 * @file notification.h
 * @brief Notifications: asynchronous signals as a word of bits (interrupts, events).
 *
 * signal() ORs bits into the word and never blocks; wait() returns the bits gathered since
 * the last wait and clears them, blocking while there are none. Drivers receive their
 * interrupts this way (irq.h).
 */
#ifndef ORRERY_NOTIFICATION_H
#define ORRERY_NOTIFICATION_H

#include "endpoint.h"
#include "object.h"
#include "types.h"

struct notification {
    struct kobject object;
    uint32_t id;
    uint32_t bits;
    struct thread_queue waiters;
};

/** Create a notification charged to @p task. @return it, or NULL with *error set. */
struct notification *notification_create(struct task *task, int *error);

/** OR @p bits in; if a thread waits, it gets them all. Safe in interrupt context. */
void notification_signal(struct notification *notification, uint32_t bits);

/** The current thread waits: returns the bits at once if any, else blocks (ERR_OK then). */
int notification_wait(struct notification *notification);

/** Wake every waiter with ERR_ABORTED and free the notification. */
void notification_destroy(struct notification *notification);

#endif
