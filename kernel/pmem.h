/**
 * @file pmem.h
 * @brief The kernel's physical memory: one frame allocator, fed from the boot memory map.
 *
 * pmem_init() frees every usable RAM range of the memory map, then reserves what must never
 * be handed out: the first MiB, the kernel image and the boot modules. Every allocation and
 * free is traced (an allocation with what the frame is for and whom it serves:
 * pmem_alloc_frame_for), and counted so that leak tests can compare frames in use before
 * and after.
 */
#ifndef ORRERY_PMEM_H
#define ORRERY_PMEM_H

#include "frame_alloc.h"
#include "trace.h"
#include "types.h"

/** Build the allocator from boot_info (see bootinfo.h). */
void pmem_init(void);
/** One zero-filled frame, or FRAME_NONE when memory is exhausted. */
paddr_t pmem_alloc_frame(void);
/**
 * One frame whose old contents are left in place, or FRAME_NONE: only for a caller that
 * overwrites the whole frame at once (vm_init's direct-map page tables), since zeroing a
 * frame costs as much as filling it.
 */
paddr_t pmem_alloc_frame_unzeroed(void);
#if ORRERY_TRACE
/**
 * Say what the next frame allocated is for, in its frame_alloc record: @p use, serving the
 * task with id @p task_id (0: the kernel). It applies to one allocation (then it is
 * FRAME_USE_kernel again), so call it just before code that allocates (vm_map_page's page
 * table), and again with FRAME_USE_kernel after it if that code may allocate nothing.
 */
void pmem_trace_next_use(enum frame_use use, uint32_t task_id);
/** pmem_alloc_frame(), traced as a frame for @p use of the task with id @p task_id. */
paddr_t pmem_alloc_frame_for(enum frame_use use, uint32_t task_id);
#else
static inline void pmem_trace_next_use(enum frame_use use, uint32_t task_id) { (void)use, (void)task_id; }
static inline paddr_t pmem_alloc_frame_for(enum frame_use use, uint32_t task_id)
{
    (void)use, (void)task_id;
    return pmem_alloc_frame();
}
#endif
/** Give back a frame from pmem_alloc_frame(); a bad frame is a kernel bug and panics. */
void pmem_free_frame(paddr_t frame);
/** Called by vm_init() once the direct map covers all of RAM. */
void pmem_direct_map_ready(void);
/** Frames handed out and not yet freed. */
uint32_t pmem_frames_in_use(void);
/** Frames still free. */
uint32_t pmem_frames_free(void);
/** Frames from physical 0 up to the end of usable RAM: the extent of the direct map. */
uint32_t pmem_frames_covered(void);
/** Frames of usable RAM the allocator manages (free + in use at the end of pmem_init). */
uint32_t pmem_frames_usable(void);

#endif
