/**
 * @file mm/regions.h
 * @brief The regions of a process's address space (proto/mm.h draws them), as the fault
 *        decision (fault_decide.c) and the fault reports see them.
 */
#ifndef ORRERY_MM_REGIONS_H
#define ORRERY_MM_REGIONS_H

#include "mm.h"

/** What a region is. */
enum mm_region_kind {
    REGION_NONE = 0,     /**< no region: the address is outside every one */
    REGION_IMAGE,        /**< the program's ELF segments (and the gaps between them) */
    REGION_HEAP,         /**< heap_start .. the break */
    REGION_STACK,        /**< MM_STACK_LIMIT .. USER_STACK_TOP */
    REGION_IPC_BUFFER,   /**< one page, mapped at MM_CREATE */
    REGION_START_INFO,   /**< one page, mapped read-only at MM_CREATE */
};

/** A region: [start, end), and its name for reports ("code and data", "heap", ...). */
struct mm_region {
    enum mm_region_kind kind;
    const char *name;
    unsigned start, end;
};

/** The region of @p process that holds @p address (kind REGION_NONE if none does). */
struct mm_region mm_region_of(const struct mm_process *process, unsigned address);

/** The region of @p process nearest to @p address (the one holding it, if any): for the
 *  report of a refused fault. */
struct mm_region mm_region_nearest(const struct mm_process *process, unsigned address);

/** The index of the segment of @p process whose memory [vaddr, vaddr + memsz) holds
 *  @p address, or -1 (a gap between segments, or not in the image). */
int mm_segment_of(const struct mm_process *process, unsigned address);

#endif
