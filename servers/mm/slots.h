/**
 * @file mm/slots.h
 * @brief The memory manager's own capability slots, in a bitmap (one bit a slot).
 *
 * mm holds a capability for every page of every process (frame_table.h), so it cannot find
 * an empty slot by asking the kernel slot by slot (cap_identify) as other programs do: the
 * bitmap mirrors which slots of mm's capability space hold something. Every capability mm
 * makes or receives is noted here, every one it deletes is given back here:
 *
 * - a capability to arrive in a message, or to be copied or minted by mm, goes into a slot
 *   slots_take() chose;
 * - the kernel chooses the slot of a new object itself (the lowest empty one: frame_create,
 *   endpoint_create, ...): slots_created() takes note of it, and moves the capability if the
 *   kernel happened to choose a slot taken but not filled yet (MM_CAP_SLOT, the one requests'
 *   capabilities arrive in, say);
 * - slots_delete() deletes a capability and gives its slot back.
 */
#ifndef ORRERY_MM_SLOTS_H
#define ORRERY_MM_SLOTS_H

#include "types.h"

/** Learn which slots hold something now (once, before anything else of mm runs), and keep
 *  @p reserved (the slot requests' capabilities arrive in) out of slots_take()'s choice. */
void slots_init(int reserved);

/** An empty slot, marked taken, for a capability about to arrive (cap_copy, cap_mint, a
 *  reply's capability). @return the slot, or ERR_NO_MEMORY (every slot taken). */
int slots_take(void);

/**
 * Take note of the capability the kernel just made in @p slot (frame_create's result, ...;
 * an error passes through). If that slot was taken already (reserved, or taken for a
 * capability still to come), the capability is moved to a free slot.
 * @return the slot that holds the new capability now, or an error.
 */
int slots_created(int slot);

/** Delete the capability in @p slot (if any) and give the slot back. */
void slots_delete(int slot);

/** Give back a slot slots_take() returned that never got its capability. */
void slots_give_back(int slot);

/** Slots taken now (for tests and reports). */
unsigned slots_in_use(void);

#endif
