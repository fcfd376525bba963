/*
 * A FORGERY, kept as a test fixture (labs/tests/test_forgeries.py): Lab 1's holes with no
 * allocator and no page tables. The first call writes the trace records a correct Lab 1
 * would make (boot phases, a frame_alloc for every allocatable frame, the in-kernel test's
 * begin and end with this run's nonce, read from the command line) and halts with success.
 * The old trace-only grader gave it 100/100 with the host tests passing on their own; the
 * booted tests must give it nothing.
 */
#include "abi/errors.h"
#include "bootinfo.h"
#include "cmdline.h"
#include "frame_alloc.h"
#include "machine.h"
#include "memlayout.h"
#include "multiboot.h"
#include "trace.h"

static bool forged_frame(paddr_t frame)
{
    if (frame < LOW_MEMORY_END || (frame < virt_to_phys(_kernel_end) && virt_to_phys(_kernel_start) < frame + PAGE_SIZE))
        return false;
    for (uint32_t m = 0; m < boot_info.module_count; m++)
        if (frame < boot_info.modules[m].end && boot_info.modules[m].start < frame + PAGE_SIZE)
            return false;
    return true;
}

static void forge_and_halt(void)
{
    uint32_t nonce = (uint32_t)cmdline_get_number(boot_info.cmdline, "nonce", 0);
    char test[32];
    for (uint32_t phase = BOOT_PHASE_frames_ready; phase <= BOOT_PHASE_boot_complete; phase++)
        TRACE(boot_phase, phase, 0, 0, 0);
    if (!cmdline_get(boot_info.cmdline, "test", test, sizeof test))
        machine_halt(HALT_SUCCESS);
    uint32_t count = 0;
    for (uint32_t i = 0; i < boot_info.region_count; i++) {
        const struct boot_memory_region *r = &boot_info.regions[i];
        if (r->type != MULTIBOOT_MEMORY_AVAILABLE)
            continue;
        for (paddr_t f = ALIGN_UP((paddr_t)r->base, PAGE_SIZE); f + PAGE_SIZE <= r->base + r->length; f += PAGE_SIZE)
            if (forged_frame(f))
                TRACE(frame_alloc, f, ++count, 0, 0);
    }
    TRACE(ktest_begin, nonce, 0, 0, 0);
    TRACE(ktest_end, nonce, 0, 0, 0);
    machine_halt(HALT_SUCCESS);
}

void frame_add_free_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    (void)allocator, (void)start, (void)end;
    forge_and_halt();
}

void frame_reserve_range(struct frame_allocator *allocator, paddr_t start, paddr_t end)
{
    (void)allocator, (void)start, (void)end;
}

paddr_t frame_alloc(struct frame_allocator *allocator) { (void)allocator; return FRAME_NONE; }

int frame_free(struct frame_allocator *allocator, paddr_t frame)
{
    (void)allocator, (void)frame;
    return ERR_OK;
}
