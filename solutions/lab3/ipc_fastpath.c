/*
 * solutions/lab3/ipc_fastpath.c - the reference IPC fast path (see kernel/ipc_fastpath.h):
 * strong definitions of the call and reply_recv handlers that replace the kernel's weak ones.
 *
 * Conditions for the fast path: a short message (at most three words, no capability), a
 * valid endpoint capability with the right in the first page of slots, the partner waiting and without an IPC buffer
 * (so there is nothing to write but registers), and no ready thread of higher priority than
 * the partner (so switching straight to it is what the scheduler would do anyway); for
 * reply_recv also no bits pending in the server's bound notification (they end its receive).
 * Anything else: hand over to the general path before changing anything.
 */
#include "abi/errors.h"
#include "abi/message.h"
#include "cap.h"
#include "endpoint.h"
#include "ipc.h"
#include "ipc_fastpath.h"
#include "notification.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "trace.h"

/* The endpoint in @slot if the capability has @rights, else NULL. Only the first page of
 * slots, which every task has (cspace_slot's one-load case): a slot beyond it, even one
 * that holds an endpoint, takes the general path. */
static inline struct endpoint *fast_endpoint(uint32_t slot, uint32_t rights, uint32_t *badge)
{
    if (slot >= CSPACE_SLOTS)
        return NULL;
    struct capability *cap = &current_thread->task->cspace_first[slot];
    if (!cap->object || cap->object->type != OBJECT_ENDPOINT || (cap->rights & rights) != rights)
        return NULL;
    *badge = cap->badge;
    return (struct endpoint *)cap->object;
}

static inline void deliver(struct thread *to, uint32_t badge, uint32_t tag, uint32_t w0, uint32_t w1, uint32_t w2)
{
    struct trap_frame *frame = thread_user_frame(to);
    frame->eax = ERR_OK;
    frame->ebx = badge;
    frame->ecx = tag;
    frame->edx = w0, frame->esi = w1, frame->edi = w2;
}

static inline bool short_message(uint32_t tag)
{
    return IPC_TAG_LENGTH(tag) <= IPC_REGISTER_WORDS && !IPC_TAG_HAS_CAP(tag);
}

/* The queue operations, inlined: this is the hot path. */
static inline struct thread *dequeue_head(struct thread_queue *queue)
{
    struct thread *thread = queue->head;
    queue->head = thread->ipc_next;
    if (!queue->head)
        queue->tail = NULL;
    thread->ipc_next = NULL;
    return thread;
}

static inline void enqueue_tail(struct thread_queue *queue, struct thread *thread)
{
    thread->ipc_next = NULL;
    if (queue->tail)
        queue->tail->ipc_next = thread;
    else
        queue->head = thread;
    queue->tail = thread;
}

int32_t syscall_call(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1, uint32_t word2)
{
    struct thread *self = current_thread;
    uint32_t badge;
    struct endpoint *target;
    if (!short_message(tag) || !(target = fast_endpoint(endpoint, RIGHT_WRITE, &badge)))
        return syscall_call_general(endpoint, tag);
    struct thread *server = target->receivers.head;
    if (!server || server->ipc_buffer || server->reply_to || sched_higher_ready(server->priority))
        return syscall_call_general(endpoint, tag);

    dequeue_head(&target->receivers);
    uint32_t msg = ipc_new_message_id(); /* delivered at once: nothing pending to remember */
    TRACE(ipc_send, self->id, target->id, msg, tag);
    TRACE(ipc_recv, server->id, self->id, msg, badge);
    deliver(server, badge, tag, word0, word1, word2);
    server->blocked_on = NULL;
    server->reply_to = self;
    self->reply_from = server;
    self->state = THREAD_BLOCKED_REPLY;
    sched_switch_direct(server);
    return SYSCALL_RESULT_IN_FRAME; /* the reply is in our frame */
}

int32_t syscall_reply_recv(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1,
                           uint32_t word2)
{
    struct thread *self = current_thread;
    struct thread *client = self->reply_to;
    uint32_t badge;
    struct endpoint *source;
    if (!client || !short_message(tag) || client->ipc_fault || client->ipc_buffer ||
        !(source = fast_endpoint(endpoint, RIGHT_READ, &badge)) || source->senders.head ||
        sched_higher_ready(client->priority) ||
        (self->bound_notification && self->bound_notification->bits))
        return syscall_reply_recv_general(endpoint, tag);

    uint32_t msg = ipc_new_message_id();
    TRACE(ipc_reply, self->id, client->id, msg, tag);
    TRACE(ipc_recv, client->id, self->id, msg, 0);
    deliver(client, 0, tag, word0, word1, word2);
    self->reply_to = NULL;
    client->reply_from = NULL;
    enqueue_tail(&source->receivers, self);
    self->state = THREAD_BLOCKED_RECV;
    self->blocked_on = source;
    sched_switch_direct(client);
    return SYSCALL_RESULT_IN_FRAME; /* the next message is in our frame */
}
