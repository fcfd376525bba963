/**
 * @file gdt.h
 * @brief Segments: the Global Descriptor Table and the Task State Segment.
 *
 * Orrery uses flat segments (base 0, limit 4 GiB) and relies on paging for protection.
 * The TSS exists so the CPU knows which kernel stack to use when an interrupt arrives in
 * user mode (and, later, to hold the I/O permission bitmap).
 */
#ifndef ORRERY_GDT_H
#define ORRERY_GDT_H

#include "types.h"

/* Segment selectors: index * 8 | requested privilege level. */
#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_CODE (0x18 | 3)
#define SEL_USER_DATA (0x20 | 3)
#define SEL_TSS 0x28

/** Load the GDT and the TSS and reload every segment register. */
void gdt_init(void);
/** Set the stack the CPU switches to on entry from user mode (inline: it is on every switch). */
static inline void tss_set_kernel_stack(uint32_t esp0)
{
    extern uint32_t *const tss_esp0;
    *tss_esp0 = esp0;
}

struct task;
/** True while the TSS points at an I/O bitmap (some task may use ports). */
extern bool io_bitmap_loaded;
/** Use @p task's I/O permission bitmap (or none: every port denied) from now on. */
void tss_use_io_bitmap(struct task *task);
/** @p task's bitmap changed or is going away: reload it if it is the one in use. */
void gdt_io_bitmap_changed(struct task *task);

#endif
