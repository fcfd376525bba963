/*
 * A WRONG Lab 1, kept as a test fixture (labs/tests/test_forgeries.py): the reference vm.c
 * except that a directory entry never gets PTE_USER, contrary to vm.h's contract. Kernel
 * mappings work, so it used to score 100/100 and fail only in Lab 2, with a scheduling hint.
 */
#include "vm.h"
#include "abi/errors.h"
#include "memlayout.h"
#include "pmem.h"
#include "x86.h"

/* The page table entry for @va, or NULL if its page table does not exist. */
static pte_t *find_entry(const pte_t *page_directory, vaddr_t va)
{
    pte_t directory_entry = page_directory[pd_index(va)];
    if (!(directory_entry & PTE_PRESENT))
        return NULL;
    pte_t *table = phys_to_virt(pte_address(directory_entry));
    return &table[pt_index(va)];
}

int vm_map_page(pte_t *page_directory, vaddr_t va, paddr_t pa, uint32_t flags)
{
    if (!IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(pa, PAGE_SIZE) || (flags & ~VM_MAP_ALLOWED_FLAGS))
        return ERR_INVALID;

    pte_t *directory_entry = &page_directory[pd_index(va)];
    if (!(*directory_entry & PTE_PRESENT)) {
        paddr_t table = pmem_alloc_frame(); /* comes zeroed: every entry not present */
        if (table == FRAME_NONE)
            return ERR_NO_MEMORY;
        *directory_entry = table | PTE_PRESENT | PTE_WRITABLE;
    }

    pte_t *entry = &((pte_t *)phys_to_virt(pte_address(*directory_entry)))[pt_index(va)];
    if (*entry & PTE_PRESENT)
        return ERR_EXISTS;
    *entry = pa | flags | PTE_PRESENT;
    return ERR_OK;
}

int vm_unmap_page(pte_t *page_directory, vaddr_t va)
{
    if (!IS_ALIGNED(va, PAGE_SIZE))
        return ERR_INVALID;
    pte_t *entry = find_entry(page_directory, va);
    if (!entry || !(*entry & PTE_PRESENT))
        return ERR_NOT_FOUND;
    *entry = 0;
    if (vm_is_active(page_directory))
        invlpg(va);
    return ERR_OK;
}

int vm_translate(const pte_t *page_directory, vaddr_t va, paddr_t *pa, uint32_t *flags)
{
    const pte_t *entry = find_entry(page_directory, va);
    if (!entry || !(*entry & PTE_PRESENT))
        return ERR_NOT_FOUND;
    *pa = pte_address(*entry) | (va & ~PAGE_MASK);
    if (flags)
        *flags = *entry & ~PAGE_MASK;
    return ERR_OK;
}
