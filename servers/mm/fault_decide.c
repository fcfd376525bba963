/*
 * fault_decide.c - the pager's fault decision: Lab 5's first hole (labs/lab5/README.md,
 * exercise 1); the reference is solutions/lab5/mm/fault_decide.c. fault.c asks it about
 * every page fault of a process, then does what it says: fills a page, copies a shared one,
 * reads one back from swap, or stops the process with a report.
 */
#include "fault_decide.h"
#include "lab_hole.h"

/*
 * Lab 5, exercise 1: decide what the page fault at @p address gets (fault_decide.h).
 *
 * The contract, in order:
 * - the page is swapped out (@p entry says PAGE_SWAPPED): FAULT_SWAP_IN, writable as the
 *   entry's PAGE_WRITABLE says;
 * - a protection violation (FAULT_ACCESS_PRESENT: the page is mapped): a write to a
 *   resident page marked PAGE_COW is FAULT_COW_COPY; anything else is FAULT_REFUSE with
 *   REFUSE_NOT_ALLOWED, naming the region that holds the address;
 * - no region holds the address (mm_region_of: REGION_NONE), or the image's gap between two
 *   segments (mm_segment_of: -1): FAULT_REFUSE, REFUSE_NO_REGION, naming the nearest region
 *   (mm_region_nearest);
 * - in the image: a write to a read-only segment is FAULT_REFUSE, REFUSE_NOT_ALLOWED; a page
 *   that holds some of the segment's file bytes (it starts below vaddr + filesz) is
 *   FAULT_FILL_FILE with that segment, one wholly past them (bss) FAULT_FILL_ZERO; either
 *   writable if the segment is;
 * - in the heap or the stack: FAULT_FILL_ZERO, writable;
 * - the IPC buffer and the start information are mapped before the process runs: a fault
 *   there that is not a protection violation is refused (REFUSE_NO_REGION, that region).
 * Set `region` to the region that holds the address in every decision (the nearest one for
 * REFUSE_NO_REGION). Decide only: change nothing.
 *
 * Checked by labs/lab5/grade.py: pages filled on first touch only (the kernel's count of a
 * process's pages), the bytes of code, data and bss, and the refused faults (pt-bad-addr,
 * pt-write-code, pt-grow-bad) stopping only their process.
 */
LAB_HOLE struct fault_decision fault_decide(const struct mm_process *process,
                                            const struct page_entry *entry, unsigned address,
                                            unsigned access)
{
    (void)entry, (void)access;
    lab_hole_missing(5, "fault_decide");
    return (struct fault_decision){ .action = FAULT_REFUSE, .refusal = REFUSE_NO_REGION,
                                    .segment = -1,
                                    .region = mm_region_nearest(process, address) };
}
