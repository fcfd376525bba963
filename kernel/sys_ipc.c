/*
 * sys_ipc.c - the IPC system calls: endpoint_create, send, recv, call, reply_recv, nb_send,
 * nb_recv, notification_create, signal, wait, thread_set_ipc_buffer,
 * thread_set_fault_handler, thread_bind_notification, thread_unbind_notification.
 *
 * These handlers write their results into the caller's saved registers themselves (a
 * blocked thread gets them from whoever wakes it) and return SYSCALL_RESULT_IN_FRAME.
 */
#include "abi/errors.h"
#include "abi/message.h"
#include "ipc.h"
#include "ipc_fastpath.h"
#include "notification.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

static int lookup_endpoint(uint32_t slot, uint32_t rights, struct endpoint **endpoint, uint32_t *badge)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_ENDPOINT, rights, &cap);
    if (error)
        return error;
    *endpoint = (struct endpoint *)cap->object;
    if (badge)
        *badge = cap->badge;
    return ERR_OK;
}

/* A message the caller may send: its length fits, long messages have a buffer, an offered
 * capability exists and may be granted (then it is in self->ipc_offered_cap, until the
 * caller clears it when the send is over). Also used by reply (sys_reply.c). */
int ipc_check_message(uint32_t tag)
{
    struct thread *self = current_thread;
    self->ipc_offered_cap = NULL;
    if (IPC_TAG_LENGTH(tag) > IPC_MAX_WORDS)
        return ERR_INVALID;
    if ((IPC_TAG_LENGTH(tag) > IPC_REGISTER_WORDS || IPC_TAG_HAS_CAP(tag)) && !self->ipc_buffer)
        return ERR_INVALID;
    if (IPC_TAG_HAS_CAP(tag)) {
        bool writable;
        const struct ipc_buffer *buffer = task_ipc_buffer(self->task, self->ipc_buffer, &writable);
        if (!buffer)
            return ERR_FAULT;
        return cap_lookup(self->task, buffer->send_cap_slot, OBJECT_NONE, RIGHT_GRANT,
                          &self->ipc_offered_cap);
    }
    return ERR_OK;
}

/* Block if the IPC left us waiting; our results arrive in the frame. */
static int32_t finish(void)
{
    if (current_thread->state != THREAD_RUNNING)
        schedule(SWITCH_BLOCK);
    return SYSCALL_RESULT_IN_FRAME;
}

/* The same, when the IPC woke @p woken, a partner blocked in an IPC system call (or NULL):
 * switch straight to it if it is next anyway (sched_block_for_ipc). */
static int32_t finish_switching_to(struct thread *woken)
{
    if (current_thread->state != THREAD_RUNNING)
        sched_block_for_ipc(woken);
    return SYSCALL_RESULT_IN_FRAME;
}

static int32_t do_send(uint32_t slot, uint32_t tag, bool blocking, bool is_call)
{
    struct endpoint *endpoint;
    uint32_t badge;
    int error = lookup_endpoint(slot, RIGHT_WRITE, &endpoint, &badge);
    if (!error)
        error = ipc_check_message(tag);
    if (error)
        return error;
    struct thread *self = current_thread;
    self->ipc_msg = ipc_new_message_id();
    struct trap_frame *frame = thread_user_frame(self);
    TRACE(ipc_send, self->object.id, endpoint->object.id, self->ipc_msg, tag);
    ipc_trace_words(self->ipc_msg, IPC_TAG_LENGTH(tag), frame->edx, frame->esi, frame->edi);
    frame->eax = ERR_OK;
    error = ipc_send(endpoint, self, badge, blocking, is_call);
    self->ipc_offered_cap = NULL; /* a later transfer (we blocked) reads the buffer again */
    if (error)
        return error;
    /* A call that met its receiver waits for the reply from the receiver it woke. */
    return finish_switching_to(self->state == THREAD_BLOCKED_REPLY ? self->reply_from : NULL);
}

static int32_t do_recv(uint32_t slot, bool blocking)
{
    struct endpoint *endpoint;
    int error = lookup_endpoint(slot, RIGHT_READ, &endpoint, NULL);
    if (error)
        return error;
    if (notification_take_bound(current_thread)) /* pending bits come first, as in seL4 */
        return SYSCALL_RESULT_IN_FRAME;
    if ((error = ipc_recv(endpoint, current_thread, blocking)))
        return error;
    return finish();
}

int32_t syscall_endpoint_create(void)
{
    int slot = cap_find_free_slot(current_task()), error;
    if (slot < 0)
        return slot;
    struct endpoint *endpoint = endpoint_create(current_task(), &error);
    if (!endpoint)
        return error;
    cap_install(current_task(), (uint32_t)slot, &endpoint->object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_create, 0, 0, 0);
    return slot;
}

/* The message words are not used here: ipc_transfer reads them from the sender's trap frame,
 * whenever the message moves (at once, or when a receiver comes). */
int32_t syscall_send(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1, uint32_t word2)
{
    (void)word0, (void)word1, (void)word2;
    return do_send(endpoint, tag, true, false);
}

int32_t syscall_nb_send(uint32_t endpoint, uint32_t tag, uint32_t word0, uint32_t word1, uint32_t word2)
{
    (void)word0, (void)word1, (void)word2;
    return do_send(endpoint, tag, false, false);
}

int32_t syscall_call_general(uint32_t slot, uint32_t tag)
{
    return do_send(slot, tag, true, true);
}

/* Weak: a fast path (solutions/lab3/ipc_fastpath.c) may replace it; see ipc_fastpath.h. */
__attribute__((weak)) int32_t syscall_call(uint32_t endpoint, uint32_t tag, uint32_t word0,
                                           uint32_t word1, uint32_t word2)
{
    (void)word0, (void)word1, (void)word2;
    return syscall_call_general(endpoint, tag);
}

int32_t syscall_recv(uint32_t endpoint) { return do_recv(endpoint, true); }
int32_t syscall_nb_recv(uint32_t endpoint) { return do_recv(endpoint, false); }

/* reply_recv(endpoint, tag, word0, word1, word2): reply to our caller, then receive. */
int32_t syscall_reply_recv_general(uint32_t slot, uint32_t tag)
{
    struct endpoint *endpoint;
    int error = lookup_endpoint(slot, RIGHT_READ, &endpoint, NULL);
    if (!error && current_thread->reply_to)
        error = ipc_check_message(tag);
    if (error)
        return error;
    struct notification *bound = current_thread->bound_notification;
    if (!endpoint->senders.head && !(bound && bound->bits)) {
        /* Nobody is sending: the receive will block. Block first, then reply, so that the
         * caller the reply wakes can have the CPU at once (the hand-off in sched.c). */
        if ((error = ipc_recv(endpoint, current_thread, true)))
            return error;
        struct thread *caller = current_thread->reply_to; /* the reply wakes it, */
        bool fault = caller && caller->ipc_fault;         /* unless it sent a fault */
        ipc_reply(current_thread);
        current_thread->ipc_offered_cap = NULL;
        return finish_switching_to(fault ? NULL : caller);
    }
    ipc_reply(current_thread);
    current_thread->ipc_offered_cap = NULL;
    if (notification_take_bound(current_thread))
        return SYSCALL_RESULT_IN_FRAME;
    if ((error = ipc_recv(endpoint, current_thread, true)))
        return error;
    return finish();
}

/* Weak: a fast path (solutions/lab3/ipc_fastpath.c) may replace it; see ipc_fastpath.h. */
__attribute__((weak)) int32_t syscall_reply_recv(uint32_t endpoint, uint32_t tag, uint32_t word0,
                                                 uint32_t word1, uint32_t word2)
{
    (void)word0, (void)word1, (void)word2; /* as for send: read from the trap frame */
    return syscall_reply_recv_general(endpoint, tag);
}

int32_t syscall_notification_create(void)
{
    int slot = cap_find_free_slot(current_task()), error;
    if (slot < 0)
        return slot;
    struct notification *notification = notification_create(current_task(), &error);
    if (!notification)
        return error;
    cap_install(current_task(), (uint32_t)slot, &notification->object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_create, 0, 0, 0);
    return slot;
}

int32_t syscall_signal(uint32_t notification)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), notification, OBJECT_NOTIFICATION, RIGHT_WRITE, &cap);
    if (error)
        return error;
    struct notification *signalled = (struct notification *)cap->object;
    uint32_t bits = cap->badge ? cap->badge : 1;
    TRACE(notification_signal, current_thread->object.id, signalled->object.id, bits, signalled->bits | bits);
    notification_signal(signalled, bits);
    return ERR_OK;
}

int32_t syscall_wait(uint32_t notification)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), notification, OBJECT_NOTIFICATION, RIGHT_READ, &cap);
    if (error)
        return error;
    struct notification *waited = (struct notification *)cap->object;
    if (waited->bound_thread && waited->bound_thread != current_thread)
        return ERR_NO_RIGHTS; /* its bits belong to the bound thread's receives */
    int bits = notification_wait(waited);
    if (bits > 0)
        return bits;
    return finish(); /* the signaller writes the bits into our frame */
}

/* thread_set_ipc_buffer(thread, vaddr): vaddr must be a writable page of that thread's task */
int32_t syscall_thread_set_ipc_buffer(uint32_t thread, uint32_t vaddr)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), thread, OBJECT_THREAD, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    struct thread *target = (struct thread *)cap->object;
    if (target->state == THREAD_DEAD || !target->task)
        return ERR_DEAD;
    if (vaddr == 0) {
        target->ipc_buffer = 0;
        return ERR_OK;
    }
    uint32_t probe = 0;
    if (!IS_ALIGNED(vaddr, PAGE_SIZE) || vaddr >= USER_SPACE_END)
        return ERR_INVALID;
    if (task_read_user(target->task, vaddr, &probe, sizeof probe) ||
        task_write_user(target->task, vaddr, &probe, sizeof probe))
        return ERR_FAULT;
    target->ipc_buffer = vaddr;
    return ERR_OK;
}

/* thread_set_fault_handler(thread, endpoint): both are slots */
int32_t syscall_thread_set_fault_handler(uint32_t thread, uint32_t endpoint)
{
    struct capability *thread_cap;
    struct endpoint *handler;
    uint32_t badge;
    int error = cap_lookup(current_task(), thread, OBJECT_THREAD, RIGHT_CONTROL, &thread_cap);
    if (!error)
        error = lookup_endpoint(endpoint, RIGHT_WRITE, &handler, &badge);
    if (error)
        return error;
    struct thread *target = (struct thread *)thread_cap->object;
    if (target->state == THREAD_DEAD)
        return ERR_DEAD;
    /* Install the new handler before letting go of the old one: dropping the last
     * reference destroys an endpoint, and the thread must never point at a freed one. */
    struct endpoint *old = target->fault_endpoint;
    object_ref(&handler->object);
    target->fault_endpoint = handler;
    target->fault_badge = badge;
    if (old)
        object_unref(&old->object);
    return ERR_OK;
}

/* thread_bind_notification(thread, notification): both are slots */
int32_t syscall_thread_bind_notification(uint32_t thread, uint32_t notification)
{
    struct capability *thread_cap, *notification_cap;
    int error = cap_lookup(current_task(), thread, OBJECT_THREAD, RIGHT_CONTROL, &thread_cap);
    if (!error)
        error = cap_lookup(current_task(), notification, OBJECT_NOTIFICATION, RIGHT_READ, &notification_cap);
    if (error)
        return error;
    struct thread *target = (struct thread *)thread_cap->object;
    if (target->state == THREAD_DEAD)
        return ERR_DEAD;
    return notification_bind((struct notification *)notification_cap->object, target);
}

/* thread_unbind_notification(thread): a slot */
int32_t syscall_thread_unbind_notification(uint32_t thread)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), thread, OBJECT_THREAD, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    struct thread *target = (struct thread *)cap->object;
    if (target->state == THREAD_DEAD)
        return ERR_DEAD;
    if (!target->bound_notification)
        return ERR_NOT_FOUND;
    notification_unbind(target);
    return ERR_OK;
}
