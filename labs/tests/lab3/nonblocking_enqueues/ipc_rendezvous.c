/*
 * A wrong Lab 3 submission (labs/tests/test_lab3_tricks.py builds it in place of
 * solutions/lab3/ipc_rendezvous.c): nb_send and nb_recv that find nobody waiting enqueue
 * the thread, as a blocking call would, and only then return ERR_WOULD_BLOCK. The thread
 * runs on while it sits in the endpoint's queue, and the next partner takes it for a waiter.
 * The test of non-blocking IPC must name that.
 */
#include "abi/errors.h"
#include "ipc.h"

int ipc_send(struct endpoint *endpoint, struct thread *sender, uint32_t badge, bool blocking, bool is_call)
{
    struct thread *receiver = endpoint_dequeue(&endpoint->receivers);
    if (receiver) {
        ipc_transfer(sender, receiver, badge);
        if (is_call)
            ipc_expect_reply(receiver, sender);
        ipc_wake(receiver);
        return ERR_OK;
    }
    sender->ipc_badge = badge;
    sender->ipc_is_call = is_call;
    endpoint_enqueue(&endpoint->senders, sender);
    if (!blocking)
        return ERR_WOULD_BLOCK; /* wrong: it is in the queue now */
    ipc_block(sender, THREAD_BLOCKED_SEND, endpoint);
    return ERR_OK;
}

int ipc_recv(struct endpoint *endpoint, struct thread *receiver, bool blocking)
{
    struct thread *sender = endpoint_dequeue(&endpoint->senders);
    if (sender) {
        ipc_transfer(sender, receiver, sender->ipc_badge);
        if (sender->ipc_is_call)
            ipc_expect_reply(receiver, sender);
        else
            ipc_wake(sender);
        return ERR_OK;
    }
    endpoint_enqueue(&endpoint->receivers, receiver);
    if (!blocking)
        return ERR_WOULD_BLOCK; /* wrong: it is in the queue now */
    ipc_block(receiver, THREAD_BLOCKED_RECV, endpoint);
    return ERR_OK;
}
