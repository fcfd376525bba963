/*
 * A wrong Lab 3 submission (labs/tests/test_lab3_tricks.py builds it in place of
 * solutions/lab3/ipc_rendezvous.c): a receive that takes a waiting sender's message leaves
 * a plain sender (send, not call) blocked for good, instead of waking it with ipc_wake.
 * The test of a plain send must name that.
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
    if (!blocking)
        return ERR_WOULD_BLOCK;
    sender->ipc_badge = badge;
    sender->ipc_is_call = is_call;
    endpoint_enqueue(&endpoint->senders, sender);
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
        /* wrong: a plain sender is never woken */
        return ERR_OK;
    }
    if (!blocking)
        return ERR_WOULD_BLOCK;
    endpoint_enqueue(&endpoint->receivers, receiver);
    ipc_block(receiver, THREAD_BLOCKED_RECV, endpoint);
    return ERR_OK;
}
