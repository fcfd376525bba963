/*
 * probe.c - recognises faults inside probe_access.S and resumes them at the fixup.
 */
#include "probe.h"

extern const char probe_read_access[], probe_write_access[], probe_fault_return[];

bool probe_fixup(struct trap_frame *frame)
{
    if (frame->vector != VECTOR_PAGE_FAULT)
        return false;
    if (frame->eip != (uint32_t)probe_read_access && frame->eip != (uint32_t)probe_write_access)
        return false;
    frame->eip = (uint32_t)probe_fault_return;
    return true;
}
