/*
 * pmem.c - the kernel's frame allocator instance and its accounting.
 */
#include "pmem.h"
#include "bootinfo.h"
#include "console.h"
#include "frame_alloc.h"
#include "memlayout.h"
#include "multiboot.h"
#include "panic.h"
#include "string.h"
#include "trace.h"

#define PMEM_MAX_FRAMES (DIRECT_MAP_LIMIT / PAGE_SIZE)

static uint32_t bitmap_words[BITMAP_WORDS(PMEM_MAX_FRAMES)];
static struct frame_allocator allocator;
static uint32_t frames_in_use;
static uint32_t frames_usable;
static bool direct_map_ready;
#if ORRERY_TRACE
static enum frame_use next_use = FRAME_USE_kernel; /* for the next frame_alloc record only */
static uint32_t next_use_task;

void pmem_trace_next_use(enum frame_use use, uint32_t task_id)
{
    next_use = use;
    next_use_task = task_id;
}

paddr_t pmem_alloc_frame_for(enum frame_use use, uint32_t task_id)
{
    pmem_trace_next_use(use, task_id);
    return pmem_alloc_frame();
}
#endif

/* The highest end of usable RAM we can use, so the bitmap covers no more than needed. */
static uint32_t frames_to_cover(void)
{
    uint64_t top = 0;
    for (uint32_t i = 0; i < boot_info.region_count; i++) {
        const struct boot_memory_region *r = &boot_info.regions[i];
        if (r->type == MULTIBOOT_MEMORY_AVAILABLE && r->base + r->length > top)
            top = r->base + r->length;
    }
    if (top > DIRECT_MAP_LIMIT)
        top = DIRECT_MAP_LIMIT;
    return (uint32_t)(top / PAGE_SIZE);
}

void pmem_init(void)
{
    uint32_t frame_count = frames_to_cover();
    if (frame_count == 0)
        boot_error("the memory map lists no usable RAM");
    frame_allocator_init(&allocator, bitmap_words, frame_count);

    for (uint32_t i = 0; i < boot_info.region_count; i++) {
        const struct boot_memory_region *r = &boot_info.regions[i];
        if (r->type != MULTIBOOT_MEMORY_AVAILABLE || r->base >= DIRECT_MAP_LIMIT)
            continue;
        uint64_t end = r->base + r->length;
        frame_add_free_range(&allocator, (paddr_t)r->base, (paddr_t)(end > DIRECT_MAP_LIMIT ? DIRECT_MAP_LIMIT : end));
    }
    frame_reserve_range(&allocator, 0, LOW_MEMORY_END);
    frame_reserve_range(&allocator, virt_to_phys(_kernel_start), virt_to_phys(_kernel_end));
    for (uint32_t i = 0; i < boot_info.module_count; i++)
        frame_reserve_range(&allocator, boot_info.modules[i].start, boot_info.modules[i].end);

    frames_usable = allocator.free_count;
    TRACE(pmem_ready, frames_usable, allocator.free_count, frames_in_use, 0);
}

paddr_t pmem_alloc_frame_unzeroed(void)
{
    paddr_t frame = frame_alloc(&allocator);
    if (frame == FRAME_NONE)
        return FRAME_NONE;
    if (!direct_map_ready && frame + PAGE_SIZE > BOOT_MAPPED_LIMIT)
        panic("pmem: frame 0x%08x is beyond the 16 MiB the boot page tables map; until vm_init "
              "is done, frame_alloc must hand out low frames first (search from search_start)", frame);
    frames_in_use++;
#if ORRERY_TRACE
    TRACE(frame_alloc, frame, frames_in_use, next_use, next_use_task);
    pmem_trace_next_use(FRAME_USE_kernel, 0);
#endif
    return frame;
}

paddr_t pmem_alloc_frame(void)
{
    paddr_t frame = pmem_alloc_frame_unzeroed();
    if (frame != FRAME_NONE)
        memset(phys_to_virt(frame), 0, PAGE_SIZE);
    return frame;
}

void pmem_free_frame(paddr_t frame)
{
    int error = frame_free(&allocator, frame);
    if (error)
        panic("pmem_free_frame(0x%08x): error %d (double free or not a frame)", frame, error);
    frames_in_use--;
    TRACE(frame_free, frame, frames_in_use, 0, 0);
}

void pmem_direct_map_ready(void) { direct_map_ready = true; }

uint32_t pmem_frames_in_use(void) { return frames_in_use; }
uint32_t pmem_frames_free(void) { return allocator.free_count; }
uint32_t pmem_frames_usable(void) { return frames_usable; }
uint32_t pmem_frames_covered(void) { return allocator.frame_count; }
