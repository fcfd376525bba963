/**
 * @file vm.h
 * @brief Two-level x86 page tables: mapping virtual pages to physical frames.
 *
 * A page directory has 1024 entries, each pointing to a page table of 1024 entries, each
 * mapping one 4 KiB page. Virtual address bits 31..22 index the directory, 21..12 the
 * table, 11..0 are the offset in the page. Page tables are frames from pmem_alloc_frame(),
 * reached through the direct map (phys_to_virt).
 *
 * Lab 1 holes: vm_map_page, vm_unmap_page, vm_translate.
 */
#ifndef ORRERY_VM_H
#define ORRERY_VM_H

#include "types.h"

/** A page directory or page table entry. */
typedef uint32_t pte_t;

#define PTE_PRESENT 0x001
#define PTE_WRITABLE 0x002
#define PTE_USER 0x004
#define PTE_ACCESSED 0x020 /**< set by the CPU when the page is read or written */
#define PTE_DIRTY 0x040    /**< set by the CPU when the page is written */
/** The flags callers of vm_map_page() may ask for. */
#define VM_MAP_ALLOWED_FLAGS (PTE_WRITABLE | PTE_USER)
#define PT_ENTRIES 1024

/** Index into the page directory for @p va. */
static inline uint32_t pd_index(vaddr_t va) { return va >> 22; }
/** Index into the page table for @p va. */
static inline uint32_t pt_index(vaddr_t va) { return (va >> PAGE_SHIFT) & (PT_ENTRIES - 1); }
/** The physical address stored in an entry. */
static inline paddr_t pte_address(pte_t entry) { return entry & PAGE_MASK; }

/** The kernel's page directory (kernel virtual address), set up by vm_init(). */
extern pte_t *kernel_page_directory;

/**
 * Build the kernel page directory (the direct map of physical memory at KERNEL_BASE, 4 KiB
 * pages whose page tables it fills directly, a table at a time) and switch to it. The identity mapping used during boot goes away,
 * so a NULL pointer dereference faults from then on.
 */
void vm_init(void);

/**
 * (Lab 1) Map the page at @p va to the frame at @p pa in @p page_directory.
 *
 * Allocate the page table with pmem_alloc_frame() if the directory entry is empty (a new
 * table is zeroed, so all its entries are "not present"). Directory entries are made
 * present and writable, and user-accessible when @p flags has PTE_USER; the final access
 * rights are those of the page table entry.
 *
 * @param flags a combination of VM_MAP_ALLOWED_FLAGS; PTE_PRESENT is implied.
 * @return ERR_OK; ERR_INVALID if @p va or @p pa is not page-aligned or @p flags has other
 *         bits; ERR_EXISTS if @p va is already mapped (nothing changes); ERR_NO_MEMORY if
 *         a page table was needed and no frame is free.
 */
int vm_map_page(pte_t *page_directory, vaddr_t va, paddr_t pa, uint32_t flags);

/**
 * (Lab 1) Remove the mapping of the page at @p va.
 *
 * The CPU caches translations in the TLB: if @p page_directory is the active one (CR3),
 * invalidate the entry (invlpg) or the old mapping stays usable. Page tables are kept.
 *
 * @return ERR_OK; ERR_INVALID if @p va is not page-aligned; ERR_NOT_FOUND if not mapped.
 */
int vm_unmap_page(pte_t *page_directory, vaddr_t va);

/**
 * (Lab 1) Translate @p va (any byte, not only a page start) to a physical address.
 * @param pa receives the physical address of that byte.
 * @param flags if not NULL, receives the page table entry's flag bits (low 12 bits).
 * @return ERR_OK, or ERR_NOT_FOUND if the page is not mapped (*pa is then unchanged).
 */
int vm_translate(const pte_t *page_directory, vaddr_t va, paddr_t *pa, uint32_t *flags);

/** True if @p page_directory is the one the CPU is using now. */
bool vm_is_active(const pte_t *page_directory);

#endif
