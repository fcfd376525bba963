/**
 * @file gdt.h
 * @brief Segments: the Global Descriptor Table and the Task State Segment.
 *
 * Orrery uses flat segments (base 0, limit 4 GiB) and relies on paging for protection.
 * The main TSS exists so the CPU knows which kernel stack to use when an interrupt arrives
 * in user mode, and to hold the I/O permission bitmap. A second TSS belongs to the
 * double-fault task (double_fault.h), which runs on a stack of its own. There is no LDT:
 * gdt_init loads the null selector into LDTR, so user code cannot bring descriptors of its
 * own (call gates, task gates) into play (docs/hostile-programs.md).
 */
#ifndef ORRERY_GDT_H
#define ORRERY_GDT_H

#include "segments.h"
#include "types.h"

/** The x86 I/O permission bitmap: one bit per port, 1 = denied. */
#define IO_BITMAP_BYTES 8192

/**
 * A 32-bit task state segment as the CPU reads it (Intel SDM vol. 3, "Task Management").
 * The CPU takes ss0/esp0 from it on entry from user mode. On a task switch (Orrery makes
 * one only for a double fault) it saves the registers, segment selectors, EFLAGS and EIP of
 * the running task into that task's TSS, and loads the new task's, CR3 included.
 */
struct tss {
    uint32_t link; /**< selector of the task that switched to this one */
    uint32_t esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
};

/**
 * Load the GDT and the main TSS, describe @p double_fault_tss (double_fault_task_init()
 * makes it) as the double-fault task's, reload every segment register, and load the null
 * LDT (no selector with the table bit set is valid).
 */
void gdt_init(const struct tss *double_fault_tss);
/**
 * The main TSS. After a switch to the double-fault task it holds the registers of the code
 * that double-faulted (the CPU saved them there), except CR3, which the CPU does not save.
 */
const struct tss *gdt_main_tss(void);
/** Set the stack the CPU switches to on entry from user mode (inline: it is on every switch). */
static inline void tss_set_kernel_stack(uint32_t esp0)
{
    extern uint32_t *const tss_esp0;
    *tss_esp0 = esp0;
}

/** True while the TSS points at an I/O bitmap (some task may use ports). */
extern bool io_bitmap_loaded;
/**
 * Point the TSS at the I/O permission bitmap @p bitmap (IO_BITMAP_BYTES), copying it in if
 * @p copy (the TSS still holds a copy of the last one), or at none (NULL: every port
 * denied). Which task's bitmap is in use is irq.c's business (irq_use_io_bitmap).
 */
void tss_set_io_bitmap(const uint8_t *bitmap, bool copy);

#endif
