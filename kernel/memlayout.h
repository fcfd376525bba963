/**
 * @file memlayout.h
 * @brief Where things live in the kernel's virtual address space.
 *
 *     0x00000000 .. 0xBFFFFFFF   user space (empty until tasks exist)
 *     0xC0000000 .. 0xEFFFFFFF   direct map: physical 0 .. 768 MiB at KERNEL_BASE + phys
 *     0xF0000000 .. 0xF7FFFFFF   kernel scratch mappings (tests map pages here)
 *     0xF8000000 .. 0xFBFFFFFF   thread kernel stacks, each above an unmapped guard page
 *
 * The kernel image is linked at KERNEL_BASE + 1 MiB and loaded at 1 MiB.
 */
#ifndef ORRERY_MEMLAYOUT_H
#define ORRERY_MEMLAYOUT_H

#include "types.h"

#define KERNEL_BASE 0xC0000000u
/** The direct map covers physical memory below this address; RAM above it is not used. */
#define DIRECT_MAP_LIMIT 0x30000000u
/** Start of the region where the kernel makes temporary mappings of its own. */
#define KERNEL_SCRATCH_BASE 0xF0000000u
#define KERNEL_SCRATCH_END 0xF8000000u
/** Thread kernel stacks (kstack.h): a guard page, then a stack page, per slot. */
#define KERNEL_STACKS_BASE 0xF8000000u
#define KERNEL_STACKS_END 0xFC000000u /* 8,192 stacks: 64 KiB of page tables at boot */
/** boot.S maps physical 0 .. 16 MiB; until vm_init() is done, only that is reachable. */
#define BOOT_MAPPED_LIMIT 0x01000000u
/** Physical memory below 1 MiB holds BIOS data, VGA memory and ROMs; it is never allocated. */
#define LOW_MEMORY_END 0x00100000u

/** The kernel virtual address of a physical address inside the direct map. */
static inline void *phys_to_virt(paddr_t pa) { return (void *)(uintptr_t)(pa + KERNEL_BASE); }

/** The physical address of a kernel virtual address inside the direct map. */
static inline paddr_t virt_to_phys(const void *va) { return (paddr_t)(uintptr_t)va - KERNEL_BASE; }

/* Symbols defined by the linker script (kernel/arch/x86/kernel.ld). */
extern char _kernel_start[], _kernel_end[];

#endif
