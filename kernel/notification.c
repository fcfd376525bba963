/*
 * notification.c - signal and wait on a word of bits.
 */
#include "notification.h"
#include "abi/errors.h"
#include "ipc.h"
#include "thread.h"

static uint32_t next_notification_id = 1;

struct notification *notification_create(struct task *task, int *error)
{
    struct notification *notification = object_create(task, OBJECT_NOTIFICATION, sizeof *notification, 0, error);
    if (notification)
        notification->id = next_notification_id++;
    return notification;
}

void notification_signal(struct notification *notification, uint32_t bits)
{
    notification->bits |= bits;
    struct thread *waiter = endpoint_dequeue(&notification->waiters);
    if (waiter) {
        thread_user_frame(waiter)->eax = notification->bits;
        notification->bits = 0;
        ipc_wake(waiter);
    }
}

int notification_wait(struct notification *notification)
{
    if (notification->bits) {
        uint32_t bits = notification->bits;
        notification->bits = 0;
        return (int)bits;
    }
    endpoint_enqueue(&notification->waiters, current_thread);
    ipc_block(current_thread, THREAD_BLOCKED_NOTIFY, notification);
    return ERR_OK;
}

void notification_destroy(struct notification *notification)
{
    struct thread *thread;
    while ((thread = endpoint_dequeue(&notification->waiters)))
        ipc_abort(thread, ERR_ABORTED);
    object_free(&notification->object);
}
