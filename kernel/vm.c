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

#define FILL_GROUP 16 /* entries written per turn of fill_page_table's loop */

/* Fill @p table with @p count entries mapping consecutive frames from @p first (an entry:
 * address | flags), and zeroes after them. The inner loop has a constant trip count, so
 * it is unrolled: about two instructions an entry. */
static void fill_page_table(pte_t *table, pte_t first, uint32_t count)
{
    uint32_t i = 0;
    for (; i + FILL_GROUP <= count; i += FILL_GROUP, first += FILL_GROUP * PAGE_SIZE)
#pragma GCC unroll 16 /* FILL_GROUP: the pragma takes no macro */
        for (uint32_t k = 0; k < FILL_GROUP; k++)
            table[i + k] = first + k * PAGE_SIZE;
    for (; i < count; i++, first += PAGE_SIZE)
        table[i] = first;
    for (; i < PT_ENTRIES; i++)
        table[i] = 0;
}

/* The direct map, [KERNEL_BASE, KERNEL_BASE + @p top), written a page table at a time:
 * vm_map_page() for each of 32,768 pages (128 MiB) would walk the directory every time. */
static void map_direct(paddr_t top)
{
    for (paddr_t pa = 0; pa < top; pa += PT_ENTRIES * PAGE_SIZE) {
        paddr_t table = pmem_alloc_frame_unzeroed();
        if (table == FRAME_NONE)
            panic("vm_init: no frame for a page table of the direct map (0x%08x)", pa);
        uint32_t pages = (top - pa) / PAGE_SIZE;
        fill_page_table(phys_to_virt(table), pa | PTE_PRESENT | PTE_WRITABLE,
                        pages < PT_ENTRIES ? pages : PT_ENTRIES);
        kernel_page_directory[pd_index(KERNEL_BASE + pa)] = table | PTE_PRESENT | PTE_WRITABLE;
    }
}

void vm_init(void)
{
    paddr_t directory = pmem_alloc_frame();
    if (directory == FRAME_NONE)
        panic("vm_init: no frame for the kernel page directory");
    kernel_page_directory = phys_to_virt(directory);
    /* Every physical frame the allocator covers, at KERNEL_BASE + pa. */
    map_direct(pmem_frames_covered() * PAGE_SIZE);
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
