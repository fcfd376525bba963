/*
 * test_paging.c - Lab 1 in-kernel tests of vm_map_page, vm_unmap_page and vm_translate on
 * the live kernel page directory, in the scratch region above the direct map (and one
 * user page in the user half). At each checkpoint the harness walks the page tables the MMU
 * uses from outside the guest (QEMU's gdbstub) and checks them against these calls.
 */
#include "ktest/ktest.h"
#include "abi/errors.h"
#include "memlayout.h"
#include "frame_alloc.h"
#include "pmem.h"
#include "probe.h"
#include "vm.h"

#define TEST_VA KERNEL_SCRATCH_BASE
#define TEST_VA_FAR (KERNEL_SCRATCH_BASE + 0x00800000u) /* a different page table */
#define TEST_USER_VA 0x40000000u /* the user half: a directory entry of its own */
#define PATTERN 0x0A11CE55u

/* lab1_vm_map: two virtual pages share one frame; translation and page-table accounting. */
KTEST(lab1_vm_map)
{
    paddr_t frame = pmem_alloc_frame();
    if (!KTEST_EXPECT("a frame to map", frame != FRAME_NONE))
        return;
    uint32_t in_use = pmem_frames_in_use();

    KTEST_EXPECT_EQ("map a page in a fresh region", ERR_OK, vm_map_page(kernel_page_directory, TEST_VA, frame, PTE_WRITABLE));
    KTEST_EXPECT_EQ("a fresh region costs exactly one page table", in_use + 1, pmem_frames_in_use());
    KTEST_EXPECT_EQ("map a second page in the same region", ERR_OK,
                    vm_map_page(kernel_page_directory, TEST_VA + PAGE_SIZE, frame, PTE_WRITABLE));
    KTEST_EXPECT_EQ("the same region needs no new page table", in_use + 1, pmem_frames_in_use());

    paddr_t pa = 0;
    uint32_t flags = 0;
    KTEST_EXPECT_EQ("translate a mapped address", ERR_OK, vm_translate(kernel_page_directory, TEST_VA + 0x123, &pa, &flags));
    KTEST_EXPECT_EQ("translation keeps the offset in the page", frame + 0x123, pa);
    KTEST_EXPECT("the mapping is present and writable", (flags & (PTE_PRESENT | PTE_WRITABLE)) == (PTE_PRESENT | PTE_WRITABLE));

    ktest_checkpoint(KTEST_CHECKPOINT_PAGES_MAPPED, TEST_VA, frame);
    uint32_t seen = 0;
    probe_read_u32((uint32_t *)(TEST_VA + PAGE_SIZE), &seen); /* the harness wrote it */
    ktest_checkpoint(KTEST_CHECKPOINT_READ_THROUGH_MAPPING, seen, 0);
    KTEST_EXPECT_EQ("write through the first mapping", 0, probe_write_u32((uint32_t *)TEST_VA, PATTERN));
    KTEST_EXPECT_EQ("read through the second mapping", 0, probe_read_u32((uint32_t *)(TEST_VA + PAGE_SIZE), &seen));
    KTEST_EXPECT_EQ("both mappings reach the same frame", PATTERN, seen);
    KTEST_EXPECT_EQ("the direct map sees the same frame", PATTERN, *(uint32_t *)phys_to_virt(frame));

    KTEST_EXPECT_EQ("mapping an address twice is refused", ERR_EXISTS,
                    vm_map_page(kernel_page_directory, TEST_VA, frame, PTE_WRITABLE));
    KTEST_EXPECT_EQ("an unaligned virtual address is refused", ERR_INVALID,
                    vm_map_page(kernel_page_directory, TEST_VA_FAR + 4, frame, PTE_WRITABLE));
    KTEST_EXPECT_EQ("an unaligned physical address is refused", ERR_INVALID,
                    vm_map_page(kernel_page_directory, TEST_VA_FAR, frame + 4, PTE_WRITABLE));
    KTEST_EXPECT_EQ("unknown flag bits are refused", ERR_INVALID,
                    vm_map_page(kernel_page_directory, TEST_VA_FAR, frame, 0x100));
    KTEST_EXPECT_EQ("refused calls allocate nothing", in_use + 1, pmem_frames_in_use());
    KTEST_EXPECT_EQ("translating an unmapped address fails", ERR_NOT_FOUND,
                    vm_translate(kernel_page_directory, TEST_VA_FAR, &pa, NULL));

    KTEST_EXPECT_EQ("map a user page", ERR_OK,
                    vm_map_page(kernel_page_directory, TEST_USER_VA, frame, PTE_USER | PTE_WRITABLE));
    KTEST_EXPECT("a user page's directory entry is user-accessible too (vm.h)",
                 (kernel_page_directory[pd_index(TEST_USER_VA)] & PTE_USER) != 0);

    vm_unmap_page(kernel_page_directory, TEST_USER_VA);
    vm_unmap_page(kernel_page_directory, TEST_VA);
    vm_unmap_page(kernel_page_directory, TEST_VA + PAGE_SIZE);
    pmem_free_frame(frame);
}

/* lab1_vm_unmap: unmapping removes the translation at once (the TLB too). */
KTEST(lab1_vm_unmap)
{
    paddr_t frame = pmem_alloc_frame();
    if (!KTEST_EXPECT("a frame to map", frame != FRAME_NONE))
        return;
    vaddr_t va = TEST_VA + 16 * PAGE_SIZE;
    uint32_t value = 0;

    KTEST_EXPECT_EQ("map the page", ERR_OK, vm_map_page(kernel_page_directory, va, frame, PTE_WRITABLE));
    KTEST_EXPECT_EQ("use the mapping (fills the TLB)", 0, probe_write_u32((uint32_t *)va, PATTERN));
    KTEST_EXPECT_EQ("unmap it", ERR_OK, vm_unmap_page(kernel_page_directory, va));
    ktest_checkpoint(KTEST_CHECKPOINT_PAGE_UNMAPPED, va, frame);
    paddr_t pa;
    KTEST_EXPECT_EQ("no translation after unmapping", ERR_NOT_FOUND, vm_translate(kernel_page_directory, va, &pa, NULL));
    KTEST_EXPECT_EQ("an access after unmapping faults (TLB invalidated)", ERR_FAULT,
                    probe_read_u32((uint32_t *)va, &value));
    KTEST_EXPECT_EQ("unmapping twice is an error", ERR_NOT_FOUND, vm_unmap_page(kernel_page_directory, va));
    KTEST_EXPECT_EQ("unmapping an unaligned address is an error", ERR_INVALID,
                    vm_unmap_page(kernel_page_directory, va + 8));

    KTEST_EXPECT_EQ("map it read-only", ERR_OK, vm_map_page(kernel_page_directory, va, frame, 0));
    ktest_checkpoint(KTEST_CHECKPOINT_PAGE_READ_ONLY, va, frame);
    KTEST_EXPECT_EQ("a read-only page can be read", 0, probe_read_u32((uint32_t *)va, &value));
    KTEST_EXPECT_EQ("a read-only page cannot be written, even by the kernel", ERR_FAULT,
                    probe_write_u32((uint32_t *)va, 1));
    KTEST_EXPECT_EQ("NULL is not mapped after boot", ERR_FAULT, probe_read_u32((uint32_t *)0, &value));

    vm_unmap_page(kernel_page_directory, va);
    pmem_free_frame(frame);
}
