/*
 * kstack.c - thread kernel stacks in a region of their own, each above a guard page.
 */
#include "kstack.h"
#include "bitmap.h"
#include "memlayout.h"
#include "panic.h"
#include "pmem.h"
#include "vm.h"
#include "x86.h"

#define KSTACK_PAGES ((KERNEL_STACKS_END - KERNEL_STACKS_BASE) / PAGE_SIZE)
#define KSTACK_TABLES (KSTACK_PAGES / PT_ENTRIES)

_Static_assert((KERNEL_STACKS_BASE & 0x3FFFFF) == 0 && (KERNEL_STACKS_END & 0x3FFFFF) == 0,
               "the kernel stack region must start and end on page-table boundaries");

static pte_t *tables[KSTACK_TABLES];         /* the region's page tables */
static uint32_t used_words[BITMAP_WORDS(KSTACK_SLOTS)];
static struct bitmap used = { used_words, KSTACK_SLOTS };
static const struct thread *owners[KSTACK_SLOTS];
static uint32_t search_start;

/* The page-table entry that maps page @page_index of the region. */
static pte_t *entry_for(uint32_t page_index)
{
    return &tables[page_index / PT_ENTRIES][page_index % PT_ENTRIES];
}

void kstack_init(void)
{
    for (uint32_t i = 0; i < KSTACK_TABLES; i++) {
        paddr_t table = pmem_alloc_frame(); /* zeroed: nothing mapped, guards included */
        if (table == FRAME_NONE)
            panic("kstack_init: no frame for the kernel stacks' page tables");
        tables[i] = phys_to_virt(table);
        kernel_page_directory[pd_index(KERNEL_STACKS_BASE) + i] = table | PTE_PRESENT | PTE_WRITABLE;
    }
}

void *kstack_alloc(const struct thread *owner)
{
    uint32_t slot = bitmap_find_clear(&used, search_start);
    if (slot == BITMAP_NONE)
        return NULL;
    paddr_t frame = pmem_alloc_frame(); /* zeroed */
    if (frame == FRAME_NONE)
        return NULL;
    bitmap_set(&used, slot);
    search_start = slot + 1 < KSTACK_SLOTS ? slot + 1 : 0;
    owners[slot] = owner;
    /* The guard (page 2 * slot) stays unmapped; the stack is the page above it. */
    *entry_for(2 * slot + 1) = frame | PTE_PRESENT | PTE_WRITABLE;
    return (void *)(KERNEL_STACKS_BASE + slot * KSTACK_SLOT_SIZE + PAGE_SIZE);
}

void kstack_free(void *stack)
{
    vaddr_t va = (vaddr_t)stack;
    uint32_t slot = (va - KERNEL_STACKS_BASE) / KSTACK_SLOT_SIZE;
    pte_t *entry = entry_for(2 * slot + 1);
    if (va < KERNEL_STACKS_BASE || va >= KERNEL_STACKS_END || va % KSTACK_SLOT_SIZE != PAGE_SIZE ||
        !(*entry & PTE_PRESENT))
        panic("kstack_free(%p): not a kernel stack in use", stack);
    paddr_t frame = pte_address(*entry);
    *entry = 0;
    invlpg(va);
    owners[slot] = NULL;
    bitmap_clear(&used, slot);
    pmem_free_frame(frame);
}

const struct thread *kstack_guard_owner(vaddr_t address)
{
    if (address < KERNEL_STACKS_BASE || address >= KERNEL_STACKS_END)
        return NULL;
    uint32_t offset = address - KERNEL_STACKS_BASE;
    if (offset % KSTACK_SLOT_SIZE >= PAGE_SIZE)
        return NULL; /* in a stack page, not a guard */
    return owners[offset / KSTACK_SLOT_SIZE];
}
