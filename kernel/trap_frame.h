/**
 * @file trap_frame.h
 * @brief What the kernel saves when it is entered: the trap frame, and the vector numbers.
 *
 * Its own header, so that what only needs the saved registers (threads, system calls,
 * probes, the double-fault report) does not depend on the dispatcher in trap.h.
 */
#ifndef ORRERY_TRAP_FRAME_H
#define ORRERY_TRAP_FRAME_H

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

#endif
