/**
 * @file segments.h
 * @brief The segment selectors of the GDT (gdt.h), in a header the assembly files can
 * include too: macros only.
 *
 * A selector is the descriptor's index * 8 | the requested privilege level.
 */
#ifndef ORRERY_SEGMENTS_H
#define ORRERY_SEGMENTS_H

#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_CODE (0x18 | 3)
#define SEL_USER_DATA (0x20 | 3)
#define SEL_TSS 0x28
#define SEL_DOUBLE_FAULT_TSS 0x30
/** The null selector, loaded into LDTR: Orrery has no LDT (see gdt_init). */
#define SEL_NULL_LDT 0x00

#endif
