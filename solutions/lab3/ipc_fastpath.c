/*
 * solutions/lab3/ipc_fastpath.c - the reference IPC fast path (see kernel/ipc_fastpath.h):
 * strong definitions of the call and reply_recv handlers that replace the kernel's weak ones.
 *
 * Conditions for the fast path: a message of at most three words, a valid endpoint
 * capability with the right in the first page of slots, the partner waiting, and no ready
 * thread of higher priority than the partner (so switching straight to it is what the
 * scheduler would do anyway); for reply_recv also no bits pending in the server's bound
 * notification (they end its receive). Anything else: hand over to the general path before
 * changing anything. In the commonest case (no capability, a partner without an IPC
 * buffer) the three words go straight into the partner's registers. A capability, or a
 * partner's IPC buffer to write, takes a second, out-of-line fast path (the *_transferring
 * functions): the message is checked as the general path checks it (ipc_check_message),
 * moved by ipc_transfer, and the switch is still direct.
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

/* For a message that needs ipc_transfer: whether the general path would accept it (then
 * self->ipc_offered_cap holds the capability it offers). Checked before anything changes,
 * so that refusing it here leaves the general path to report the error. */
static inline bool transfer_allowed(struct thread *self, uint32_t tag)
{
    if (IPC_TAG_LENGTH(tag) > IPC_REGISTER_WORDS || self->ipc_fault ||
        ipc_check_message(tag) != ERR_OK) {
        self->ipc_offered_cap = NULL;
        return false;
    }
    return true;
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

/* The end of every fast call: the server, given the message, owes @p self the reply. */
static inline int32_t wait_for_reply(struct thread *self, struct thread *server)
{
    server->blocked_on = NULL;
    server->reply_to = self;
    self->reply_from = server;
    self->state = THREAD_BLOCKED_REPLY;
    TRACE(thread_state, self->object.id, THREAD_BLOCKED_REPLY, server->object.id, 0);
    sched_switch_direct(server);
    return SYSCALL_RESULT_IN_FRAME; /* the reply is in our frame */
}

/* A call with a capability, or to a server with an IPC buffer: the same conditions, the
 * message checked and moved as the general path does it. Out of line, so that the plain
 * case keeps its registers. */
static NOINLINE int32_t call_transferring(uint32_t slot, uint32_t tag)
{
    struct thread *self = current_thread;
    uint32_t badge;
    struct endpoint *endpoint = fast_endpoint(slot, RIGHT_WRITE, &badge);
    struct thread *server = endpoint ? endpoint->receivers.head : NULL;
    if (!server || server->reply_to || sched_higher_ready(server->priority) ||
        !transfer_allowed(self, tag))
        return syscall_call_general(slot, tag);

    dequeue_head(&endpoint->receivers);
    self->ipc_msg = ipc_new_message_id();
    TRACE(ipc_send, self->object.id, endpoint->object.id, self->ipc_msg, tag);
    const struct trap_frame *sent = thread_user_frame(self);
    ipc_trace_words(self->ipc_msg, IPC_TAG_LENGTH(tag), sent->edx, sent->esi, sent->edi);
    ipc_transfer(self, server, badge); /* traces ipc_recv */
    self->ipc_offered_cap = NULL;
    return wait_for_reply(self, server);
}

int32_t syscall_call(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1, uint32_t word2)
{
    struct thread *self = current_thread;
    uint32_t badge;
    struct endpoint *target;
    if (!short_message(tag))
        return call_transferring(endpoint, tag);
    if (!(target = fast_endpoint(endpoint, RIGHT_WRITE, &badge)))
        return syscall_call_general(endpoint, tag);
    struct thread *server = target->receivers.head;
    if (!server || server->reply_to || sched_higher_ready(server->priority))
        return syscall_call_general(endpoint, tag);
    if (server->ipc_buffer)
        return call_transferring(endpoint, tag);

    dequeue_head(&target->receivers);
    uint32_t msg = ipc_new_message_id(); /* delivered at once: nothing pending to remember */
    TRACE(ipc_send, self->object.id, target->object.id, msg, tag);
    ipc_trace_words(msg, IPC_TAG_LENGTH(tag), word0, word1, word2);
    TRACE(ipc_recv, server->object.id, self->object.id, msg, badge);
    deliver(server, badge, tag, word0, word1, word2);
    return wait_for_reply(self, server);
}

/* The end of every fast reply_recv: the caller has its reply, we wait on @p endpoint. */
static inline int32_t wait_for_message(struct thread *self, struct endpoint *endpoint,
                                       struct thread *client)
{
    self->reply_to = NULL;
    client->reply_from = NULL;
    enqueue_tail(&endpoint->receivers, self);
    self->state = THREAD_BLOCKED_RECV;
    self->blocked_on = endpoint;
    TRACE(thread_state, self->object.id, THREAD_BLOCKED_RECV, endpoint->object.id, 0);
    sched_switch_direct(client);
    return SYSCALL_RESULT_IN_FRAME; /* the next message is in our frame */
}

/* A reply with a capability, or to a caller with an IPC buffer (see call_transferring). */
static NOINLINE int32_t reply_recv_transferring(uint32_t slot, uint32_t tag)
{
    struct thread *self = current_thread;
    struct thread *client = self->reply_to;
    uint32_t badge;
    struct endpoint *endpoint;
    if (!client || client->ipc_fault || !(endpoint = fast_endpoint(slot, RIGHT_READ, &badge)) ||
        endpoint->senders.head || sched_higher_ready(client->priority) ||
        (self->bound_notification && self->bound_notification->bits) ||
        !transfer_allowed(self, tag))
        return syscall_reply_recv_general(slot, tag);

    self->ipc_msg = ipc_new_message_id();
    TRACE(ipc_reply, self->object.id, client->object.id, self->ipc_msg, tag);
    const struct trap_frame *sent = thread_user_frame(self);
    ipc_trace_words(self->ipc_msg, IPC_TAG_LENGTH(tag), sent->edx, sent->esi, sent->edi);
    ipc_transfer(self, client, 0); /* traces ipc_recv */
    self->ipc_offered_cap = NULL;
    return wait_for_message(self, endpoint, client);
}

int32_t syscall_reply_recv(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1,
                           uint32_t word2)
{
    struct thread *self = current_thread;
    struct thread *client = self->reply_to;
    uint32_t badge;
    struct endpoint *source;
    if (client && (!short_message(tag) || client->ipc_buffer))
        return reply_recv_transferring(endpoint, tag);
    if (!client || client->ipc_fault ||
        !(source = fast_endpoint(endpoint, RIGHT_READ, &badge)) || source->senders.head ||
        sched_higher_ready(client->priority) ||
        (self->bound_notification && self->bound_notification->bits))
        return syscall_reply_recv_general(endpoint, tag);

    uint32_t msg = ipc_new_message_id();
    TRACE(ipc_reply, self->object.id, client->object.id, msg, tag);
    ipc_trace_words(msg, IPC_TAG_LENGTH(tag), word0, word1, word2);
    TRACE(ipc_recv, client->object.id, self->object.id, msg, 0);
    deliver(client, 0, tag, word0, word1, word2);
    return wait_for_message(self, source, client);
}
