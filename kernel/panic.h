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

#include "trap.h"
#include "types.h"

/** Panic with a formatted message. Never returns. */
void panic(const char *fmt, ...) NORETURN PRINTF_LIKE(1, 2);

/** Panic because of a CPU exception in the kernel. Never returns. */
void panic_from_trap(const struct trap_frame *frame, uint32_t fault_address) NORETURN;

/** Panic if @p condition is false, naming the condition, file and line. */
#define KASSERT(condition)                                                                    \
    do {                                                                                      \
        if (!(condition))                                                                     \
            panic("assertion failed: %s (%s:%d)", #condition, __FILE__, __LINE__);            \
    } while (0)

/** Print a backtrace starting at frame pointer @p ebp, with @p eip as frame #0. */
void backtrace_print(uint32_t eip, uint32_t ebp);

#endif
