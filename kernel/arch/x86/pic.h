/**
 * @file pic.h
 * @brief The two 8259 programmable interrupt controllers (IRQ 0..15).
 */
#ifndef ORRERY_PIC_H
#define ORRERY_PIC_H

#include "types.h"

/** The master PIC's line the slave PIC is wired to: never a device's IRQ. */
#define PIC_CASCADE_IRQ 2

/** Remap IRQs 0..15 to vectors 32..47 and mask every line. */
void pic_init(void);
/** Allow IRQ @p irq to reach the CPU. */
void pic_unmask(unsigned irq);
/** Stop IRQ @p irq from reaching the CPU. */
void pic_mask(unsigned irq);
/** Tell the PIC(s) that IRQ @p irq has been handled. */
void pic_end_of_interrupt(unsigned irq);

#endif
