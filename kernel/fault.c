/*
 * fault.c - the user-fault path (seL4 calls it faulthandler.c): a CPU exception in user
 * mode becomes a fault message to the thread's fault handler, which replies to resume the
 * thread or to stop it; a thread without a handler is reported and killed. The message is
 * four words (abi/message.h): address, eip, access (FAULT_ACCESS_*), vector.
 */
#include "fault.h"
#include "abi/message.h"
#include "console.h"
#include "exception.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "trace.h"
#include "trap_frame.h"

/* Turn a user exception of the current thread into a call on its fault endpoint. Returns
 * false if the thread has no fault handler (the caller stops it instead). */
static bool fault_deliver(uint32_t vector, uint32_t address, uint32_t eip, uint32_t error_code)
{
    struct thread *thread = current_thread;
    if (!thread->fault_endpoint)
        return false;
    thread->ipc_fault = true;
    thread->fault_message[0] = address;
    thread->fault_message[1] = eip;
    /* Only a page fault's error code describes an access; other vectors' codes (a GP
     * fault's selector, say) would read as nonsense access bits. */
    thread->fault_message[2] = vector == VECTOR_PAGE_FAULT
        ? error_code & (FAULT_ACCESS_PRESENT | FAULT_ACCESS_WRITE | FAULT_ACCESS_USER) : 0;
    thread->fault_message[3] = vector;
    thread->ipc_msg = ipc_new_message_id();
    TRACE(fault_delivered, thread->object.id, thread->fault_endpoint->object.id, thread->ipc_msg, address);
    ipc_trace_words(thread->ipc_msg, IPC_REGISTER_WORDS, address, eip, thread->fault_message[2]);
    ipc_send(thread->fault_endpoint, thread, thread->fault_badge, true, true);
    if (thread->state != THREAD_RUNNING) /* to the handler, if it was waiting and woke */
        sched_block_for_ipc(thread->state == THREAD_BLOCKED_REPLY ? thread->reply_from : NULL);
    return true;
}

void fault_handle_user(struct trap_frame *frame, uint32_t fault_address)
{
    struct thread *thread = current_thread;
    if (frame->vector == VECTOR_PAGE_FAULT)
        TRACE(page_fault, thread->object.id, fault_address, frame->eip, frame->error_code);
    if (fault_deliver(frame->vector, fault_address, frame->eip, frame->error_code))
        return; /* the handler replied "resume": retry the instruction */
    TRACE(user_fault, thread->object.id, frame->vector, frame->eip, fault_address);
    kprintf("orrery: user fault: task %s thread %u: %s at eip 0x%08x address 0x%08x\n",
            thread->task ? thread->task->name : "?", thread->object.id, exception_name(frame->vector),
            frame->eip, fault_address);
    thread_kill(thread, EXIT_FAULT);
}

void fault_reply(struct thread *server, struct thread *caller, uint32_t msg, uint32_t label)
{
    TRACE(ipc_recv, caller->object.id, server->object.id, msg, 0);
    caller->ipc_fault = false;
    if (label == 0) {
        ipc_wake(caller);
        return;
    }
    kprintf("orrery: user fault: task %s thread %u: stopped by its fault handler (address 0x%08x, eip 0x%08x)\n",
            caller->task ? caller->task->name : "?", caller->object.id, caller->fault_message[0],
            caller->fault_message[1]);
    thread_kill(caller, EXIT_FAULT);
}
