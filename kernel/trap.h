/**
 * @file trap.h
 * @brief Interrupts and exceptions: the saved register frame and the dispatcher.
 */
#ifndef ORRERY_TRAP_H
#define ORRERY_TRAP_H

#include "types.h"

#define TRAP_VECTOR_COUNT 256
#define EXCEPTION_COUNT 32
#define IRQ_BASE_VECTOR 32 /* the PIC delivers IRQ n at vector 32 + n */
#define IRQ_COUNT 16

#define VECTOR_DIVIDE_ERROR 0
#define VECTOR_INVALID_OPCODE 6
#define VECTOR_DEVICE_NOT_AVAILABLE 7 /* #NM: an FPU instruction with CR0.TS set (fpu.h) */
#define VECTOR_DOUBLE_FAULT 8
#define VECTOR_GENERAL_PROTECTION 13
#define VECTOR_PAGE_FAULT 14
#define VECTOR_X87_ERROR 16           /* #MF: an unmasked x87 exception (CR0.NE is set) */
#define VECTOR_SIMD_ERROR 19          /* #XM: an unmasked SSE exception */

/* Page-fault error code bits: FAULT_ACCESS_* (abi/message.h), which a fault message
 * passes on to the fault handler as they are. */

/**
 * The registers saved on entry to the kernel, in the order interrupt_stubs.S pushes them.
 * user_esp and user_ss are valid only when the CPU came from user mode. For a system call
 * (vector 0x80) error_code holds the call number, EAX on entry (EAX gets the result).
 */
struct trap_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
    uint32_t vector, error_code;
    uint32_t eip, cs, eflags;
    uint32_t user_esp, user_ss;
};

/** A handler for one hardware interrupt line. */
typedef void (*irq_handler_fn)(struct trap_frame *frame);

/** Fill the IDT with the entry stubs and load it. */
void idt_init(void);
/** Route IRQ @p irq (0..15) to @p handler and unmask it at the PIC. */
void irq_register(unsigned irq, irq_handler_fn handler);
/** The C entry point of every interrupt and exception (called from interrupt_stubs.S). */
void trap_dispatch(struct trap_frame *frame);
/** The mnemonic and description of an exception vector, e.g. "#PF page fault". */
const char *exception_name(uint32_t vector);

#endif
