/*
 * A gaming submission for Lab 3 (labs/tests/test_lab3_tricks.py builds it in place of
 * solutions/lab3/ipc_rendezvous.c): send and receive do no IPC at all, they stop the
 * machine with the success status, so that a test judged by its exit status alone passes.
 * Every booted Lab 3 test must give it 0 points.
 */
#include "ipc.h"
#include "machine.h"

int ipc_send(struct endpoint *endpoint, struct thread *sender, uint32_t badge, bool blocking, bool is_call)
{
    (void)endpoint, (void)sender, (void)badge, (void)blocking, (void)is_call;
    machine_halt(HALT_SUCCESS);
}

int ipc_recv(struct endpoint *endpoint, struct thread *receiver, bool blocking)
{
    (void)endpoint, (void)receiver, (void)blocking;
    machine_halt(HALT_SUCCESS);
}
