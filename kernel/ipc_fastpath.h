/**
 * @file ipc_fastpath.h
 * @brief The IPC fast path: call and reply_recv in their common case, short and straight.
 *
 * The common case of a client-server round trip: a short message in registers, no
 * capability, the partner already waiting and allowed to run at once (and, for reply_recv,
 * no bits pending in the server's bound notification: they must end its receive). Then the kernel can
 * copy three registers and switch straight to the partner, skipping the run queue. (The
 * reference also takes a message with a capability, or to a partner with an IPC buffer,
 * through ipc_check_message and ipc_transfer, and still switches directly.)
 *
 * In kernel/, the handlers syscall_call and syscall_reply_recv (sys_ipc.c) are weak and simply run
 * the general path: Orrery is complete without a fast path. The reference solution of
 * Lab 3 replaces them (solutions/lab3/ipc_fastpath.c) with versions that try the fast path
 * and fall back to the general functions below; writing your own is one of the lab's
 * challenges, and `make bench` shows the difference.
 */
#ifndef ORRERY_IPC_FASTPATH_H
#define ORRERY_IPC_FASTPATH_H

#include "types.h"

/** The general path of call(): every case, through ipc_send (ipc_rendezvous.c). */
int32_t syscall_call_general(uint32_t slot, uint32_t tag);

/** The general path of reply_recv(): ipc_reply, then ipc_recv. */
int32_t syscall_reply_recv_general(uint32_t slot, uint32_t tag);

#endif
