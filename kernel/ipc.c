/*
 * ipc.c - the machinery around the rendezvous (ipc.h): moving a message from one thread to
 * another, blocking and waking, the one-shot reply (saved replies: reply.c), and cleaning
 * up. Faults as messages: fault.c.
 */
#include "ipc.h"
#include "abi/errors.h"
#include "abi/message.h"
#include "cap.h"
#include "fault.h"
#include "notification.h"
#include "reply.h"
#include "console.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "trace.h"
#include "trap_frame.h"

uint32_t ipc_next_message_id = 1;

_Static_assert(sizeof(struct ipc_buffer) <= PAGE_SIZE, "an IPC buffer fits its page (task_ipc_buffer)");

#if ORRERY_TRACE
void ipc_trace_words(uint32_t msg, uint32_t length, uint32_t word0, uint32_t word1, uint32_t word2)
{
    if (length)
        TRACE(ipc_words, msg, word0, length > 1 ? word1 : 0, length > 2 ? word2 : 0);
}
#endif

/* @p thread's IPC buffer through the direct map (one page walk for all its fields), or
 * NULL if it has none or the page is not a user page; see task_ipc_buffer(). */
static inline struct ipc_buffer *ipc_buffer_of(struct thread *thread, bool *writable)
{
    *writable = false;
    if (!thread->ipc_buffer || !thread->task)
        return NULL;
    return task_ipc_buffer(thread->task, thread->ipc_buffer, writable);
}

/* Move the capability @p sender offers (@p offered, found by ipc_check_message() in this very
 * system call, or else named by its buffer @p from) into the slot @p receiver asked for
 * (its buffer @p to). */
static bool transfer_capability(struct thread *sender, struct capability *offered,
                                const struct ipc_buffer *from, struct thread *receiver,
                                const struct ipc_buffer *to)
{
    struct capability *source = offered;
    if (!to || (!source && !from))
        return false;
    if (!source && cap_lookup(sender->task, from->send_cap_slot, OBJECT_NONE, RIGHT_GRANT, &source))
        return false;
    uint32_t slot = to->receive_cap_slot; /* read once: the receiver's memory */
    if (cap_derive(source, receiver->task, slot, source->rights, source->badge) != ERR_OK)
        return false;
    TRACE(cap_source, CAP_OP_transfer, source->badge, cap_trace_task(source), cap_trace_slot(source));
    TRACE(ipc_cap, sender->ipc_msg, receiver->task->object.id, slot, source->object->id);
    return true;
}

/* Write the message into the receiver's IPC buffer @p to: words 0..2 from the receiver's
 * frame, where they are already (a convenience, abi/message.h), the rest from @p rest. */
static void write_buffer_words(struct ipc_buffer *to, const struct trap_frame *frame,
                               const uint32_t *rest, uint32_t length)
{
    if (length > 0)
        to->words[0] = frame->edx;
    if (length > 1)
        to->words[1] = frame->esi;
    if (length > 2)
        to->words[2] = frame->edi;
    for (uint32_t i = IPC_REGISTER_WORDS; i < length; i++)
        to->words[i] = rest[i - IPC_REGISTER_WORDS];
}

void ipc_transfer(struct thread *sender, struct thread *receiver, uint32_t badge)
{
    /* The message: its tag, its first words straight into the receiver's registers, and
     * where the words past the registers are (@c rest: the sender's IPC buffer, or the
     * fault's words). */
    struct trap_frame *frame = thread_user_frame(receiver);
    uint32_t tag;
    const uint32_t *rest = NULL;
    const struct ipc_buffer *from = NULL;
    struct capability *offered = NULL;
    if (sender->ipc_fault) {
        tag = IPC_TAG(IPC_LABEL_FAULT, 4, 0);
        frame->edx = sender->fault_message[0], frame->esi = sender->fault_message[1];
        frame->edi = sender->fault_message[2];
        rest = &sender->fault_message[IPC_REGISTER_WORDS];
    } else {
        const struct trap_frame *sent = thread_user_frame(sender);
        tag = sent->ecx;
        frame->edx = sent->edx, frame->esi = sent->esi, frame->edi = sent->edi;
        /* A sender sending right now had its capability checked a moment ago: no need to
         * read its buffer for it. One that blocked is read again: it may have changed. */
        if (sender == current_thread)
            offered = sender->ipc_offered_cap;
        bool sender_writable;
        if (IPC_TAG_LENGTH(tag) > IPC_REGISTER_WORDS || (IPC_TAG_HAS_CAP(tag) && !offered))
            from = ipc_buffer_of(sender, &sender_writable);
        if (from)
            rest = &from->words[IPC_REGISTER_WORDS];
        else if (IPC_TAG_LENGTH(tag) > IPC_REGISTER_WORDS)
            tag = (tag & ~IPC_TAG_LENGTH_MASK) | IPC_REGISTER_WORDS; /* buffer gone: registers only */
    }
    uint32_t length = IPC_TAG_LENGTH(tag);
    TRACE(ipc_recv, receiver->object.id, sender->object.id, sender->ipc_msg, badge);

    bool received = false, writable;
    struct ipc_buffer *to = ipc_buffer_of(receiver, &writable);
    if (to && IPC_TAG_HAS_CAP(tag) && !sender->ipc_fault)
        received = transfer_capability(sender, offered, from, receiver, to);
    if (to && writable) {
        write_buffer_words(to, frame, rest, length);
        to->received_cap = received;
    } else if (length > IPC_REGISTER_WORDS) {
        length = IPC_REGISTER_WORDS; /* no buffer to write: the register words only */
    }
    if (!received)
        tag &= ~IPC_TAG_CAP;
    frame->eax = ERR_OK;
    frame->ebx = badge;
    frame->ecx = (tag & ~IPC_TAG_LENGTH_MASK) | length;
}

/* For the trace: the id of what @p thread, blocked, waits on (thread_state's object), or 0. */
static inline uint32_t waits_on(const struct thread *thread)
{
    if (thread->state == THREAD_BLOCKED_REPLY)
        return thread->reply_from ? thread->reply_from->object.id : 0;
    return thread->blocked_on ? ((const struct kobject *)thread->blocked_on)->id : 0;
}

void ipc_block(struct thread *thread, enum thread_state state, void *object)
{
    thread->state = state;
    thread->blocked_on = object;
    TRACE(thread_state, thread->object.id, state, waits_on(thread), 0);
}

void ipc_wake(struct thread *thread)
{
    thread->blocked_on = NULL;
    sched_make_ready(thread);
}

void ipc_expect_reply(struct thread *server, struct thread *caller)
{
    struct thread *earlier = server->reply_to;
    if (earlier && earlier != caller) {
        /* The server took a new call without replying to the last: that reply is lost. */
        earlier->reply_from = NULL;
        ipc_abort(earlier, ERR_ABORTED);
    }
    server->reply_to = caller;
    caller->reply_from = server;
    ipc_block(caller, THREAD_BLOCKED_REPLY, NULL);
}

/* The reply itself, shared by ipc_reply (inlined there: the common path) and ipc_reply_to. */
static inline void deliver_reply(struct thread *server, struct thread *caller)
{
    uint32_t msg = ipc_new_message_id();
    const struct trap_frame *sent = thread_user_frame(server);
    TRACE(ipc_reply, server->object.id, caller->object.id, msg, sent->ecx);
    ipc_trace_words(msg, IPC_TAG_LENGTH(sent->ecx), sent->edx, sent->esi, sent->edi);
    if (caller->ipc_fault) {
        fault_reply(server, caller, msg, IPC_TAG_LABEL(thread_user_frame(server)->ecx));
        return;
    }
    server->ipc_msg = msg;
    bool was_fault = server->ipc_fault;
    server->ipc_fault = false; /* the server sends its registers, not a fault */
    ipc_transfer(server, caller, 0);
    server->ipc_fault = was_fault;
    ipc_wake(caller);
}

void ipc_reply(struct thread *server)
{
    struct thread *caller = server->reply_to;
    if (!caller)
        return;
    server->reply_to = NULL;
    caller->reply_from = NULL;
    deliver_reply(server, caller);
}

void ipc_reply_to(struct thread *server, struct thread *caller) { deliver_reply(server, caller); }

void ipc_abort(struct thread *thread, int32_t error)
{
    if (thread->ipc_fault) {
        /* Whether the handler died or dropped the reply, nobody will answer this fault. */
        kprintf("orrery: user fault: task %s thread %u: its fault message will not be answered "
                "(address 0x%08x, eip 0x%08x)\n", thread->task ? thread->task->name : "?",
                thread->object.id, thread->fault_message[0], thread->fault_message[1]);
        thread->ipc_fault = false;
        /* Stopped by the reaper, not here: its death may release the next thread of a
         * chain of fault handlers, and that must not recurse. Until then it waits nowhere. */
        thread->state = THREAD_SUSPENDED;
        thread->blocked_on = NULL;
        TRACE(thread_state, thread->object.id, THREAD_SUSPENDED, 0, 0);
        thread_kill_later(thread, EXIT_FAULT);
        return;
    }
    thread_user_frame(thread)->eax = (uint32_t)error;
    ipc_wake(thread);
}

/*
 * Take @p thread out of the IPC wait it is in, if any: an endpoint's queue of senders or
 * receivers, a notification's waiters, or the wait for a reply (the server then owes it
 * nothing). @return whether it was waiting.
 */
static bool leave_ipc_wait(struct thread *thread)
{
    bool waiting = true;
    switch (thread->state) {
    case THREAD_BLOCKED_SEND:
        endpoint_remove(&((struct endpoint *)thread->blocked_on)->senders, thread);
        break;
    case THREAD_BLOCKED_RECV:
        endpoint_remove(&((struct endpoint *)thread->blocked_on)->receivers, thread);
        break;
    case THREAD_BLOCKED_NOTIFY:
        endpoint_remove(&((struct notification *)thread->blocked_on)->waiters, thread);
        break;
    case THREAD_BLOCKED_REPLY:
        break;
    default:
        waiting = false;
    }
    thread->blocked_on = NULL;
    reply_forget_caller(thread); /* a saved reply to us goes stale */
    if (thread->reply_from) {
        if (thread->reply_from->reply_to == thread)
            thread->reply_from->reply_to = NULL;
        thread->reply_from = NULL;
    }
    return waiting;
}

void ipc_cancel(struct thread *thread)
{
    if (!leave_ipc_wait(thread))
        return;
    if (thread->ipc_fault) /* its registers are the user's: the fault is retried on resume */
        thread->ipc_fault = false;
    else
        thread_user_frame(thread)->eax = (uint32_t)ERR_ABORTED;
}

void ipc_thread_dying(struct thread *thread)
{
    leave_ipc_wait(thread);
    if (thread->reply_to) { /* we owed a reply: our caller will not get one */
        struct thread *caller = thread->reply_to;
        thread->reply_to = NULL;
        caller->reply_from = NULL;
        ipc_abort(caller, ERR_ABORTED);
    }
    notification_unbind(thread);
    if (thread->fault_endpoint) {
        struct endpoint *endpoint = thread->fault_endpoint;
        thread->fault_endpoint = NULL;
        object_unref(&endpoint->object);
    }
}
