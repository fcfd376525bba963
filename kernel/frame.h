/**
 * @file frame.h
 * @brief Frame objects: a page of physical memory named by capabilities, mapped by pagers.
 *
 * Each frame capability can map its frame once (into any task it has a task capability
 * for); to map a frame twice, copy the capability first. The mapping belongs to the
 * capability: deleting or revoking the capability removes it. The frame itself is freed
 * with its last capability.
 */
#ifndef ORRERY_FRAME_H
#define ORRERY_FRAME_H

#include "cap.h"
#include "memlayout.h"
#include "object.h"
#include "types.h"

/*
 * A frame of device memory (frame_create_device) is told apart by its address, below
 * LOW_MEMORY_END, where the frame allocator never hands out RAM (memlayout.h): it has no
 * field of its own, which would take struct frame past its kmem size class (32 bytes).
 */
struct frame {
    struct kobject object;
    paddr_t address;
};

/** True if @p frame names device memory, not RAM from the frame allocator. */
static inline bool frame_is_device(const struct frame *frame)
{
    return frame->address < LOW_MEMORY_END;
}

/** A new zeroed frame charged to @p task. @return it, or NULL with *error set. */
struct frame *frame_create(struct task *task, int *error);

/**
 * A frame object for the page of device memory at @p address (the caller checked it is
 * one, below LOW_MEMORY_END: device_frame_create allows the VGA window only). Only the object is charged to
 * @p task; the page is not zeroed, and destroying the frame leaves it alone.
 * @return it, or NULL with *error = ERR_QUOTA/ERR_NO_MEMORY.
 */
struct frame *frame_create_device(struct task *task, paddr_t address, int *error);

/**
 * Map the frame of @p capability at @p va in @p task (writable if @p writable).
 * @return ERR_OK, ERR_INVALID (va unaligned, in page 0 or past USER_SPACE_END), ERR_EXISTS
 *         (va mapped, or this capability already maps its frame), ERR_QUOTA (a page table
 *         was needed).
 */
int frame_map(struct capability *capability, struct task *task, vaddr_t va, bool writable);

/** Remove @p capability's mapping. @return ERR_OK or ERR_NOT_FOUND. */
int frame_unmap(struct capability *capability);

/**
 * The bits of @p capability's mapping (its page-table entry): FRAME_BIT_ACCESSED,
 * FRAME_BIT_DIRTY, FRAME_BIT_WRITABLE (abi/syscalls.h), as they were before this call
 * cleared those of FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY named in @p clear (the caller
 * checked @p clear has no other bits). A cleared entry of the address space in CR3 leaves
 * the TLB, so the CPU sets the bits again on the next access.
 * @return the bits (>= 0), or ERR_NOT_FOUND if the capability maps nothing.
 */
int frame_mapping_bits(struct capability *capability, uint32_t clear);

/**
 * Make @p capability's mapping writable or read-only (the TLB entry is flushed if its
 * address space is the one in CR3). The caller checked the capability's rights.
 * @return ERR_OK, or ERR_NOT_FOUND if the capability maps nothing.
 */
int frame_protect(struct capability *capability, bool writable);

/** The contents of @p frame (a RAM frame, not device memory), through the direct map. */
static inline void *frame_bytes(const struct frame *frame)
{
    return phys_to_virt(frame->address);
}

/**
 * Copy the page of @p source into @p destination (the same frame: nothing to do).
 * @return ERR_OK, or ERR_INVALID if either is device memory (frame_is_device).
 */
int frame_copy(struct frame *destination, const struct frame *source);

/** A task is being destroyed: forget every mapping into it (its page tables go anyway).
 *  Costs what maps into the task (task->mappings), nothing else. */
void frame_forget_mappings(struct task *task);

/** The last capability is gone: free the frame (and its page, unless device memory). */
void frame_destroy(struct frame *frame);

#endif
