/*
 * probe.c - recognises faults inside probe_access.S and resumes them at the fixup.
 */
#include "probe.h"
#include "trap_frame.h"

extern const char probe_read_access[], probe_write_access[], probe_fault_return[];
extern const char user_copy_access[], user_copy_fault_return[];

bool probe_fixup(struct trap_frame *frame)
{
    if (frame->vector != VECTOR_PAGE_FAULT && frame->vector != VECTOR_GENERAL_PROTECTION)
        return false;
    if (frame->eip == (uint32_t)probe_read_access || frame->eip == (uint32_t)probe_write_access) {
        frame->eip = (uint32_t)probe_fault_return;
        return true;
    }
    if (frame->eip == (uint32_t)user_copy_access) {
        frame->eip = (uint32_t)user_copy_fault_return;
        return true;
    }
    return false;
}
