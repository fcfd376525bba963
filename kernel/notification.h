/**
 * @file notification.h
 * @brief Notifications: asynchronous signals as a word of bits (interrupts, events).
 *
 * signal() ORs bits into the word and never blocks; wait() returns the bits gathered since
 * the last wait and clears them, blocking while there are none. Drivers receive their
 * interrupts this way (irq.h).
 *
 * A notification may be *bound* to one thread (thread_bind_notification), and a thread
 * bound to at most one notification. The bound thread's receives on any endpoint then
 * also take the bits: a receive returns them at once if some are pending, and a signal
 * while the thread waits in a receive ends that receive with the bits (abi/message.h:
 * IPC_RECEIVED_NOTIFICATION). Only the bound thread may wait() on a bound notification
 * (others: ERR_NO_RIGHTS, as seL4 forbids it). Destroying either side unbinds.
 */
#ifndef ORRERY_NOTIFICATION_H
#define ORRERY_NOTIFICATION_H

#include "endpoint.h"
#include "object.h"
#include "thread.h"
#include "types.h"

struct notification {
    struct kobject object;
    uint32_t bits;
    struct thread_queue waiters;
    struct thread *bound_thread; /**< the thread whose receives take our bits, or NULL */
};

/** Create a notification charged to @p task. @return it, or NULL with *error set. */
struct notification *notification_create(struct task *task, int *error);

/** OR @p bits in; if a thread waits, it gets them all. Safe in interrupt context. */
void notification_signal(struct notification *notification, uint32_t bits);

/** The current thread waits: returns the bits at once if any, else blocks (ERR_OK then). */
int notification_wait(struct notification *notification);

/** End @p receiver's receive with @p notification's bits (set), and clear them. */
void notification_deliver_bound(struct notification *notification, struct thread *receiver);

/**
 * If @p receiver's bound notification has bits, end its receive with them (they are
 * cleared). @return whether it did; the receive must then not wait. Inline: every receive
 * asks, and almost always the answer is "no notification bound".
 */
static inline bool notification_take_bound(struct thread *receiver)
{
    struct notification *notification = receiver->bound_notification;
    if (!notification || !notification->bits)
        return false;
    notification_deliver_bound(notification, receiver);
    return true;
}

/**
 * Bind @p notification to @p thread. @return ERR_OK, or ERR_EXISTS (either is bound
 * already, or threads wait() on the notification); then nothing changed.
 */
int notification_bind(struct notification *notification, struct thread *thread);

/** Unbind @p thread's notification, if it has one. */
void notification_unbind(struct thread *thread);

/** Wake every waiter with ERR_ABORTED, unbind its thread, and free the notification. */
void notification_destroy(struct notification *notification);

#endif
