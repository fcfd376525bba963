/**
 * @file panic.h
 * @brief Stopping the kernel on a bug, with a report a student can act on.
 *
 * The report (format in docs/test-protocol.md) shows the message, the CPU exception if
 * there was one, the registers, the faulting address, and a backtrace with function names.
 * Then the machine halts with HALT_PANIC.
 */
#ifndef ORRERY_PANIC_H
#define ORRERY_PANIC_H

#include "types.h"

struct trap_frame;

/** Panic with a formatted message. Never returns. */
void panic(const char *fmt, ...) NORETURN PRINTF_LIKE(1, 2);

/** Panic because of a CPU exception in the kernel. Never returns. */
void panic_from_trap(const struct trap_frame *frame, uint32_t fault_address) NORETURN;

/**
 * Panic because of a double fault. Called by the double-fault task (double_fault.h), on
 * its own stack. The report also says when @p kernel_esp looks unusable. Never returns.
 * @param frame the registers of the code that double-faulted, as the CPU saved them in the
 *        main TSS; unlike in a trap frame, user_esp and user_ss hold its ESP and SS even
 *        in kernel mode.
 * @param fault_address CR2: the last address that page-faulted, usually the push that
 *        could not be done.
 * @param kernel_esp the stack pointer the CPU was delivering the exception with: @p frame's
 *        ESP, or the main TSS's esp0 if the code was in user mode.
 * @param diagnosis a line saying what most likely happened (a thread's kernel stack ran
 *        into its guard page, say), printed after the registers; or NULL.
 */
void panic_from_double_fault(const struct trap_frame *frame, uint32_t fault_address,
                             uint32_t kernel_esp, const char *diagnosis) NORETURN;

/** Panic if @p condition is false, naming the condition, file and line. */
#define KASSERT(condition)                                                                    \
    do {                                                                                      \
        if (!(condition))                                                                     \
            panic("assertion failed: %s (%s:%d)", #condition, __FILE__, __LINE__);            \
    } while (0)

/**
 * Print a backtrace starting at frame pointer @p ebp, with @p eip as frame #0. Frames are
 * read with probes, so a frame pointer into unmapped memory ends the backtrace, not the
 * report.
 */
void backtrace_print(uint32_t eip, uint32_t ebp);

#endif
