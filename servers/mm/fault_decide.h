/**
 * @file mm/fault_decide.h
 * @brief The pager's fault decision (Lab 5, exercise 1): given a process and a page fault,
 *        what the memory manager does about it. fault.c then does it.
 */
#ifndef ORRERY_MM_FAULT_DECIDE_H
#define ORRERY_MM_FAULT_DECIDE_H

#include "regions.h"

/** What to do about a fault. */
enum fault_action {
    FAULT_FILL_ZERO = 1, /**< a new zeroed page (heap, stack, a segment's bss) */
    FAULT_FILL_FILE,     /**< a new page with the program's bytes (a segment's file part) */
    FAULT_COW_COPY,      /**< a write to a shared copy-on-write page: copy it (cow.c) */
    FAULT_SWAP_IN,       /**< the page is in the swap area: read it back */
    FAULT_REFUSE,        /**< no page for this access: stop the process with a report */
};

/** Why a fault is refused (the report says it). */
enum fault_refusal {
    REFUSE_NO_REGION = 1, /**< the address is outside every region (or in a gap of the image) */
    REFUSE_NOT_ALLOWED,   /**< a write to a read-only page or segment */
};

/** The decision. */
struct fault_decision {
    enum fault_action action;
    bool writable;             /**< FILL_ZERO, FILL_FILE: map the new page writable */
    int segment;               /**< FILL_FILE: the segment (index in process->segments) */
    enum fault_refusal refusal; /**< REFUSE: why */
    struct mm_region region;   /**< REFUSE: the region to name in the report (the one
                                *   holding the address, else the nearest); the fill actions:
                                *   the region that holds the address */
};

/**
 * Decide what the page fault at @p address, with @p access (FAULT_ACCESS_WRITE,
 * FAULT_ACCESS_PRESENT bits of the fault message), in @p process gets. @p entry is the
 * process's page map entry for the page (NULL: its table was never made, as PAGE_NONE).
 * A fault on a page the map has resident whose access is not a protection violation never
 * comes here (another thread had it filled meanwhile: fault.c resumes the thread).
 * Decides only: maps nothing, changes nothing.
 */
struct fault_decision fault_decide(const struct mm_process *process, const struct page_entry *entry,
                                   unsigned address, unsigned access);

#endif
