/*
 * notification.c - signal and wait on a word of bits, and notifications bound to a thread
 * (whose receives on an endpoint then take the bits too).
 */
#include "notification.h"
#include "abi/errors.h"
#include "abi/message.h"
#include "ipc.h"
#include "thread.h"
#include "trace.h"

struct notification *notification_create(struct task *task, int *error)
{
    struct notification *notification = object_create(task, OBJECT_NOTIFICATION, sizeof *notification, 0, error);
    return notification;
}

void notification_deliver_bound(struct notification *notification, struct thread *receiver)
{
    struct trap_frame *frame = thread_user_frame(receiver);
    TRACE(notification_recv, receiver->object.id, notification->object.id, notification->bits, 0);
    frame->eax = IPC_RECEIVED_NOTIFICATION;
    frame->ebx = notification->bits;
    frame->ecx = IPC_TAG(IPC_LABEL_NOTIFICATION, 0, 0);
    notification->bits = 0;
}

void notification_signal(struct notification *notification, uint32_t bits)
{
    notification->bits |= bits;
    struct thread *waiter = endpoint_dequeue(&notification->waiters);
    if (waiter) {
        thread_user_frame(waiter)->eax = notification->bits;
        notification->bits = 0;
        ipc_wake(waiter);
        return;
    }
    struct thread *bound = notification->bound_thread;
    if (bound && bound->state == THREAD_BLOCKED_RECV) {
        endpoint_remove(&((struct endpoint *)bound->blocked_on)->receivers, bound);
        notification_deliver_bound(notification, bound);
        ipc_wake(bound);
    }
}

int notification_bind(struct notification *notification, struct thread *thread)
{
    if (notification->bound_thread || thread->bound_notification || notification->waiters.head)
        return ERR_EXISTS;
    notification->bound_thread = thread;
    thread->bound_notification = notification;
    TRACE(notification_bind, thread->object.id, notification->object.id, 1, 0);
    return ERR_OK;
}

void notification_unbind(struct thread *thread)
{
    struct notification *notification = thread->bound_notification;
    if (!notification)
        return;
    TRACE(notification_bind, thread->object.id, notification->object.id, 0, 0);
    notification->bound_thread = NULL;
    thread->bound_notification = NULL;
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
    if (notification->bound_thread)
        notification_unbind(notification->bound_thread);
    object_free(&notification->object);
}
