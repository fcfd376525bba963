/**
 * @file kstack.h
 * @brief Thread kernel stacks, each with an unmapped guard page below it.
 *
 * Every thread has one page of kernel stack. They live in their own region of the kernel's
 * address space (KERNEL_STACKS_BASE, memlayout.h) in slots of two pages: an unmapped guard
 * page, then the stack page. A kernel stack that overflows runs into its guard page at
 * once: the page fault cannot be delivered on that stack, so the CPU raises a double fault,
 * and the double-fault task (double_fault.c), on a stack of its own, reports which thread's
 * stack overflowed. Nothing next to the stack is overwritten first.
 *
 * The page tables of the region are made at boot and shared by every address space (like
 * the rest of the kernel half), so mapping a stack later is seen everywhere.
 */
#ifndef ORRERY_KSTACK_H
#define ORRERY_KSTACK_H

#include "types.h"

struct thread;

/** Bytes of one kernel stack. */
#define KSTACK_SIZE PAGE_SIZE
/** Bytes of address space per stack: the guard page and the stack page. */
#define KSTACK_SLOT_SIZE (2 * PAGE_SIZE)
/** How many kernel stacks can exist at once (and so how many threads). */
#define KSTACK_SLOTS ((KERNEL_STACKS_END - KERNEL_STACKS_BASE) / KSTACK_SLOT_SIZE)

/** Make the region's page tables (in the kernel page directory). After vm_init(). */
void kstack_init(void);

/**
 * A zeroed kernel stack for @p owner (named in the report if it overflows).
 * @return its lowest address (KSTACK_SIZE bytes), or NULL if no frame or slot is left.
 */
void *kstack_alloc(const struct thread *owner);

/** Give back a stack from kstack_alloc(). */
void kstack_free(void *stack);

/**
 * If @p address lies in the guard page of a kernel stack, the thread that stack belongs
 * to (for the double-fault report); NULL otherwise.
 */
const struct thread *kstack_guard_owner(vaddr_t address);

#endif
