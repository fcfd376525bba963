/*
 * regions.c - which region of a process an address is in (regions.h).
 */
#include "regions.h"
#include "abi/user_bootinfo.h"

/* Every region of @p process, in address order; @return how many. */
static unsigned regions_of(const struct mm_process *process, struct mm_region regions[5])
{
    regions[0] = (struct mm_region){ REGION_IMAGE, "code and data", process->image_start,
                                     process->image_end };
    regions[1] = (struct mm_region){ REGION_HEAP, "heap", process->heap_start, process->brk };
    regions[2] = (struct mm_region){ REGION_STACK, "stack", MM_STACK_LIMIT, USER_STACK_TOP };
    regions[3] = (struct mm_region){ REGION_IPC_BUFFER, "IPC buffer", START_IPC_BUFFER_ADDRESS,
                                     START_IPC_BUFFER_ADDRESS + PAGE_SIZE };
    regions[4] = (struct mm_region){ REGION_START_INFO, "start information", START_INFO_ADDRESS,
                                     START_INFO_ADDRESS + PAGE_SIZE };
    return 5;
}

struct mm_region mm_region_of(const struct mm_process *process, unsigned address)
{
    struct mm_region regions[5];
    unsigned count = regions_of(process, regions);
    for (unsigned i = 0; i < count; i++)
        if (address >= regions[i].start && address < regions[i].end)
            return regions[i];
    return (struct mm_region){ REGION_NONE, "no region", 0, 0 };
}

struct mm_region mm_region_nearest(const struct mm_process *process, unsigned address)
{
    struct mm_region regions[5];
    unsigned count = regions_of(process, regions);
    struct mm_region best = regions[0];
    unsigned best_distance = ~0u;
    for (unsigned i = 0; i < count; i++) {
        const struct mm_region *r = &regions[i];
        unsigned distance = address < r->start ? r->start - address
                          : address >= r->end ? address - r->end + 1 : 0;
        if (distance < best_distance)
            best = *r, best_distance = distance;
    }
    return best;
}

int mm_segment_of(const struct mm_process *process, unsigned address)
{
    for (unsigned i = 0; i < process->segment_count; i++) {
        const struct mm_segment *s = &process->segments[i];
        if (address >= s->vaddr && address - s->vaddr < s->memsz)
            return (int)i;
    }
    return -1;
}
