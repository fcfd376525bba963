/**
 * @file fault.h
 * @brief The user-fault path: a CPU exception in user mode becomes a message to the
 * thread's fault handler (or kills a thread that has none), and the handler's reply
 * resumes or stops it.
 *
 * The path: trap.c:trap_dispatch → fault_handle_user() → fault.c's fault_deliver (an ipc_send on
 * the thread's fault endpoint) → ... the handler's reply → ipc.c:deliver_reply →
 * fault_reply(). docs/paths.md gives it beside the other two paths a student looks for.
 */
#ifndef ORRERY_FAULT_H
#define ORRERY_FAULT_H

#include "types.h"

struct thread;
struct trap_frame;

/**
 * The current thread faulted in user mode (@p frame, with CR2 in @p fault_address for a
 * page fault): send the fault to its fault handler and wait for the reply, or, if it has
 * none, report the fault and kill the thread. Returns only when the thread is to retry.
 */
void fault_handle_user(struct trap_frame *frame, uint32_t fault_address);

/**
 * @p server's reply (label @p label, trace id @p msg) to the fault message @p caller sent:
 * label 0 resumes the thread (it retries the instruction), anything else stops it.
 */
void fault_reply(struct thread *server, struct thread *caller, uint32_t msg, uint32_t label);

#endif
