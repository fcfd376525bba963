/**
 * @file double_fault.h
 * @brief The double-fault task: a panic report even when the kernel stack is unusable.
 *
 * When the CPU cannot deliver an exception, usually because ESP points at unmapped memory
 * (a kernel stack overflow, a corrupted ESP), it raises a double fault (\#DF, vector 8).
 * Delivered like other exceptions, on the same stack, that would fail as well, and a third
 * failure resets the machine without a word. So vector 8 is a task gate (idt.c): the CPU
 * saves the faulting code's registers in the main TSS and switches to a task of its own,
 * with its own TSS (SEL_DOUBLE_FAULT_TSS), stack and page directory, which reports the
 * panic (panic_from_double_fault()).
 */
#ifndef ORRERY_DOUBLE_FAULT_H
#define ORRERY_DOUBLE_FAULT_H

#include "gdt.h"
#include "vm.h"

/**
 * Prepare the double-fault task: its stack, entry point and segments, and the current
 * page directory (which must map the kernel) as its address space.
 * @return its TSS, for gdt_init() to describe in the GDT (kmain passes it on: the GDT
 * does not depend on what the task does).
 */
const struct tss *double_fault_task_init(void);

/**
 * Run the double-fault task in @p page_directory from now on. kmain() calls this with the
 * kernel page directory as soon as vm_init() has made it: it maps all the memory a kernel
 * stack may be in, while the boot page directory maps only the first 16 MiB.
 */
void double_fault_use_page_directory(const pte_t *page_directory);

#endif
