/**
 * @file slot.h
 * @brief Empty capability slots to receive a capability into (rpc_call_long's recv_slot).
 *
 * The kernel puts a new object in the lowest empty slot of the task (kernel/cap.c), but a
 * capability that arrives in a message lands in the slot the receiver names, which must be
 * empty. slot_alloc() finds one above the start slots (START_SLOT_LAST) and remembers it as
 * taken until slot_free(), so two callers in one task never get the same slot. The kernel
 * does not know about that reservation: an object created between slot_alloc() and the
 * receive may land in the slot, and the receive then brings no capability (rpc_call_long's
 * got_cap is false): check it, slot_release() the slot and try again.
 */
#ifndef ORRERY_USER_SLOT_H
#define ORRERY_USER_SLOT_H

#include "types.h"

/** Slots slot_alloc() hands out are below this (the kernel allows up to CSPACE_MAX_SLOTS). */
#define SLOT_ALLOC_LIMIT 1024

/**
 * An empty slot, reserved for the caller. @return it, or ERR_NO_MEMORY if every slot from
 * START_SLOT_LAST + 1 to SLOT_ALLOC_LIMIT is in use or reserved.
 */
int slot_alloc(void);

/** Delete the capability in @p slot (if any) and give the slot back. */
void slot_free(int slot);

/** Give back a slot slot_alloc() returned that holds nothing of ours (it is not touched). */
void slot_release(int slot);

#endif
