/**
 * @file trap.h
 * @brief Interrupts and exceptions: the dispatcher (the saved registers are in trap_frame.h).
 */
#ifndef ORRERY_TRAP_H
#define ORRERY_TRAP_H

#include "trap_frame.h"
#include "types.h"

/** A handler for one hardware interrupt line. */
typedef void (*irq_handler_fn)(struct trap_frame *frame);

/** Fill the IDT with the entry stubs and load it. */
void idt_init(void);
/** Route IRQ @p irq (0..15) to @p handler and unmask it at the PIC. */
void irq_register(unsigned irq, irq_handler_fn handler);
/** The C entry point of every interrupt and exception (called from interrupt_stubs.S). */
void trap_dispatch(struct trap_frame *frame);

#endif
