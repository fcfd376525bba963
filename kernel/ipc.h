/**
 * @file ipc.h
 * @brief Synchronous IPC: the rendezvous of a sender and a receiver on an endpoint.
 *
 * The message format is in abi/message.h. This header is the kernel side: the rendezvous
 * (ipc_send, ipc_recv: Lab 3's second exercise, in ipc_rendezvous.c) and the helpers it
 * uses (ipc.c): copying a message, blocking and waking threads, the one-shot reply, faults
 * as messages, and cleaning up when an endpoint or a thread goes away.
 *
 * Who writes the result registers: a thread that blocks in IPC gets its results (EAX and
 * the message registers) written into its saved user frame by the thread that wakes it;
 * the system-call handler then leaves the frame alone (SYSCALL_RESULT_IN_FRAME).
 */
#ifndef ORRERY_IPC_H
#define ORRERY_IPC_H

#include "endpoint.h"
#include "trace.h"
#include "thread.h"
#include "types.h"

/**
 * (Lab 3) @p sender (the current thread) sends on @p endpoint with @p badge.
 *
 * If a receiver is waiting, take the oldest one, ipc_transfer() the message to it and
 * ipc_wake() it; a call (@p is_call) then waits for the reply: ipc_expect_reply(receiver,
 * sender). If no receiver waits: fail with ERR_WOULD_BLOCK when not @p blocking, otherwise
 * remember badge and is_call in the sender, enqueue it as a sender and ipc_block() it.
 * @return ERR_OK (the caller then checks whether it blocked) or ERR_WOULD_BLOCK.
 */
int ipc_send(struct endpoint *endpoint, struct thread *sender, uint32_t badge, bool blocking, bool is_call);

/**
 * (Lab 3) @p receiver (the current thread) receives on @p endpoint.
 *
 * If a sender is waiting, take the oldest, ipc_transfer() its message (with the badge it
 * sent with); a caller then waits for the reply (ipc_expect_reply), any other sender is
 * woken with ipc_wake(). If none waits: ERR_WOULD_BLOCK when not @p blocking, otherwise
 * enqueue the receiver and ipc_block() it.
 * @return ERR_OK or ERR_WOULD_BLOCK.
 */
int ipc_recv(struct endpoint *endpoint, struct thread *receiver, bool blocking);

/**
 * Check the message the current thread is about to send with @p tag: its length fits, a
 * long message or a capability has an IPC buffer, an offered capability exists and may be
 * granted. @return ERR_OK, ERR_INVALID, ERR_FAULT, or cap_lookup's error. (In sys_ipc.c.)
 */
int ipc_check_message(uint32_t tag);

/** Copy @p sender's message (registers, buffer words, capability) to @p receiver. */
void ipc_transfer(struct thread *sender, struct thread *receiver, uint32_t badge);

/** Mark @p thread blocked in @p state waiting on @p object; schedule() switches away later. */
void ipc_block(struct thread *thread, enum thread_state state, void *object);

/** Make a thread blocked in IPC ready again (its results are already in its frame). */
void ipc_wake(struct thread *thread);

/**
 * @p caller now waits in THREAD_BLOCKED_REPLY for @p server's reply (the one-shot reply).
 * If the server still owed a reply to an earlier caller, that caller gets ERR_ABORTED.
 */
void ipc_expect_reply(struct thread *server, struct thread *caller);

/** If @p server owes a reply, deliver its message (current registers) to the caller. */
void ipc_reply(struct thread *server);

/**
 * Deliver @p server's message (current registers) as the reply to @p caller, which waits in
 * THREAD_BLOCKED_REPLY and is owed by nobody any more (its reply links are cleared): wake it
 * with the message, or resume or stop it if it sent a fault.
 */
void ipc_reply_to(struct thread *server, struct thread *caller);

/** Wake @p thread, blocked in IPC, with the error @p error (or stop it, for a fault). */
void ipc_abort(struct thread *thread, int32_t error);

/**
 * Take @p thread, blocked in IPC, out of whatever it waits for (an endpoint or notification
 * queue, or a reply: a saved reply to it goes stale), with ERR_ABORTED as its result; it is
 * not woken (thread_suspend).
 */
void ipc_cancel(struct thread *thread);

/** @p thread is going away: leave every queue, release whoever waits on it, unbind its
 *  notification; a saved reply to it goes stale. */
void ipc_thread_dying(struct thread *thread);

#if ORRERY_TRACE
/**
 * Trace the ipc_words record of message @p msg (right after its ipc_send, ipc_reply or
 * fault_delivered), if it has words: the first @p length (at most three) of @p word0..2,
 * the register words, which the kernel holds (never read from user memory here).
 */
void ipc_trace_words(uint32_t msg, uint32_t length, uint32_t word0, uint32_t word1, uint32_t word2);
#else
static inline void ipc_trace_words(uint32_t msg, uint32_t length, uint32_t word0, uint32_t word1, uint32_t word2)
{
    (void)msg, (void)length, (void)word0, (void)word1, (void)word2;
}
#endif

/** A new message id, linking a send to its receive in the trace (0 when tracing is off). */
static inline uint32_t ipc_new_message_id(void)
{
#if ORRERY_TRACE
    extern uint32_t ipc_next_message_id;
    return ipc_next_message_id++;
#else
    return 0;
#endif
}

#endif
