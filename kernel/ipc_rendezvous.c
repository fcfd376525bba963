/*
 * ipc_rendezvous.c - Lab 3's second exercise: where a sender and a receiver meet.
 * The contract is in ipc.h; the helpers it needs are in ipc.c.
 */
#include "ipc.h"
#include "lab.h"

LAB_HOLE int ipc_send(struct endpoint *endpoint, struct thread *sender, uint32_t badge, bool blocking,
                      bool is_call)
{
    (void)endpoint, (void)sender, (void)badge, (void)blocking, (void)is_call;
    lab_hole_missing(3, "ipc_send");
}

LAB_HOLE int ipc_recv(struct endpoint *endpoint, struct thread *receiver, bool blocking)
{
    (void)endpoint, (void)receiver, (void)blocking;
    lab_hole_missing(3, "ipc_recv");
}
