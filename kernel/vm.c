/*
 * vm.c - the kernel page directory and the page-table exercises of Lab 1.
 */
#include "vm.h"
#include "abi/errors.h"
#include "lab.h"
#include "memlayout.h"
#include "panic.h"
#include "frame_alloc.h"
#include "pmem.h"
#include "x86.h"

pte_t *kernel_page_directory;

bool vm_is_active(const pte_t *page_directory)
{
    return (read_cr3() & PAGE_MASK) == virt_to_phys(page_directory);
}

void vm_init(void)
{
    paddr_t directory = pmem_alloc_frame();
    if (directory == FRAME_NONE)
        panic("vm_init: no frame for the kernel page directory");
    kernel_page_directory = phys_to_virt(directory);

    /* The direct map: every physical frame the allocator covers, at KERNEL_BASE + pa. */
    paddr_t top = pmem_frames_covered() * PAGE_SIZE;
    for (paddr_t pa = 0; pa < top; pa += PAGE_SIZE) {
        int error = vm_map_page(kernel_page_directory, KERNEL_BASE + pa, pa, PTE_WRITABLE);
        if (error)
            panic("vm_init: vm_map_page(0x%08x -> 0x%08x) returned %d", KERNEL_BASE + pa, pa, error);
    }
    write_cr3(directory);
    pmem_direct_map_ready();
}

LAB_HOLE int vm_map_page(pte_t *page_directory, vaddr_t va, paddr_t pa, uint32_t flags)
{
    (void)page_directory, (void)va, (void)pa, (void)flags;
    lab_hole_missing(1, "vm_map_page");
}

LAB_HOLE int vm_unmap_page(pte_t *page_directory, vaddr_t va)
{
    (void)page_directory, (void)va;
    lab_hole_missing(1, "vm_unmap_page");
}

LAB_HOLE int vm_translate(const pte_t *page_directory, vaddr_t va, paddr_t *pa, uint32_t *flags)
{
    (void)page_directory, (void)va, (void)pa, (void)flags;
    lab_hole_missing(1, "vm_translate");
}
