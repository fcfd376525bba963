/*
 * test_frames.c - Lab 1 in-kernel tests of the frame allocator on the real memory map.
 *
 * The harness checks what these tests cannot, from outside the guest (QEMU's gdbstub): at
 * each checkpoint it walks the chain of taken frames and reads the allocator's bitmap in
 * physical memory, and compares them with the memory map QEMU gave the kernel.
 */
#include "ktest/ktest.h"
#include "frame_alloc.h"
#include "memlayout.h"
#include "pmem.h"

/* lab1_frames_exhaust: take every free frame, chaining them through their first word, then
 * give them all back. */
KTEST(lab1_frames_exhaust)
{
    uint32_t in_use_before = pmem_frames_in_use();
    uint32_t free_before = pmem_frames_free();
    paddr_t chain = FRAME_NONE;
    uint32_t taken = 0;
    bool all_aligned = true;

    for (paddr_t frame; (frame = pmem_alloc_frame()) != FRAME_NONE; taken++) {
        if (!IS_ALIGNED(frame, PAGE_SIZE))
            all_aligned = false;
        *(paddr_t *)phys_to_virt(frame) = chain;
        chain = frame;
    }
    ktest_checkpoint(KTEST_CHECKPOINT_FRAMES_TAKEN, chain, taken);
    KTEST_EXPECT_EQ("every free frame can be allocated", free_before, taken);
    KTEST_EXPECT("every frame is page-aligned", all_aligned);
    KTEST_EXPECT_EQ("no frame is free when allocation fails", 0, pmem_frames_free());

    while (chain != FRAME_NONE) {
        paddr_t next = *(paddr_t *)phys_to_virt(chain);
        pmem_free_frame(chain);
        chain = next;
    }
    ktest_checkpoint(KTEST_CHECKPOINT_FRAMES_GIVEN_BACK, 0, 0);
    KTEST_EXPECT_EQ("freeing every frame restores the free count", free_before, pmem_frames_free());
    KTEST_EXPECT_EQ("frames in use return to their earlier count", in_use_before, pmem_frames_in_use());

    paddr_t again = pmem_alloc_frame();
    KTEST_EXPECT("a freed frame can be allocated again", again != FRAME_NONE);
    if (again != FRAME_NONE)
        pmem_free_frame(again);
}
