/*
 * A wrong fault_decide for labs/test_lab5_wrong.py: the reference, but every segment page is
 * mapped writable and a write to a read-only segment is filled like any other. The contents
 * test (code mapped read-only) and the refused-faults test (pt-write-code) must fail; the
 * sparse and fault-count tests must still pass.
 */
#include "fault_decide.h"
#include "abi/message.h"

static struct fault_decision refuse(enum fault_refusal why, struct mm_region region)
{
    return (struct fault_decision){ .action = FAULT_REFUSE, .refusal = why, .segment = -1,
                                    .region = region };
}

static struct fault_decision fill(enum fault_action action, bool writable, int segment,
                                  struct mm_region region)
{
    return (struct fault_decision){ .action = action, .writable = writable, .segment = segment,
                                    .region = region };
}

struct fault_decision fault_decide(const struct mm_process *process, const struct page_entry *entry,
                                   unsigned address, unsigned access)
{
    struct mm_region region = mm_region_of(process, address);
    bool write = access & FAULT_ACCESS_WRITE;
    if (entry && entry->state == PAGE_SWAPPED)
        return fill(FAULT_SWAP_IN, entry->flags & PAGE_WRITABLE, -1, region);
    if (access & FAULT_ACCESS_PRESENT) {
        if (write && entry && entry->state == PAGE_RESIDENT && (entry->flags & PAGE_COW))
            return fill(FAULT_COW_COPY, true, -1, region);
        return refuse(REFUSE_NOT_ALLOWED,
                      region.kind != REGION_NONE ? region : mm_region_nearest(process, address));
    }
    switch (region.kind) {
    case REGION_IMAGE: {
        int index = mm_segment_of(process, address);
        if (index < 0)
            return refuse(REFUSE_NO_REGION, region);
        const struct mm_segment *segment = &process->segments[index];
        unsigned page = address & ~(PAGE_SIZE - 1);
        if (page < segment->vaddr + segment->filesz)
            return fill(FAULT_FILL_FILE, true, index, region); /* wrong: code writable too */
        return fill(FAULT_FILL_ZERO, true, index, region);
    }
    case REGION_HEAP:
    case REGION_STACK:
        return fill(FAULT_FILL_ZERO, true, -1, region);
    case REGION_NONE:
        return refuse(REFUSE_NO_REGION, mm_region_nearest(process, address));
    default: /* the IPC buffer and the start information: mapped from the start */
        return refuse(REFUSE_NO_REGION, region);
    }
}
