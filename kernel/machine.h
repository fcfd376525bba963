/**
 * @file machine.h
 * @brief Stopping the (emulated) machine with a status the test harness can read.
 *
 * See docs/test-protocol.md for the statuses and the serial markers that go with them.
 */
#ifndef ORRERY_MACHINE_H
#define ORRERY_MACHINE_H

#include "types.h"

/** The value written to QEMU's isa-debug-exit port; QEMU exits with (value << 1) | 1. */
enum halt_status {
    HALT_SUCCESS = 0x10,
    HALT_TEST_FAILURE = 0x11,
    HALT_PANIC = 0x12,
    HALT_BOOT_ERROR = 0x13,
    HALT_BUDGET_EXHAUSTED = 0x14,
};

#define QEMU_DEBUG_EXIT_PORT 0xF4
#define BOCHS_SHUTDOWN_PORT 0x8900

/**
 * Flush the trace, print "orrery: halting: <status>", wait for the serial port to drain, and
 * stop the machine. Never returns.
 */
void machine_halt(enum halt_status status) NORETURN;

/**
 * Note that the boot is over: the kernel is about to switch to the root task for the first
 * time. Records the TSC ticks since the first instructions of boot.S (boot_entry), which
 * machine_boot_tsc() reports.
 */
void machine_boot_finished(void);

/**
 * TSC ticks from kernel entry to machine_boot_finished() (0 before it is called). Under
 * `qemu -icount shift=0` these are guest instructions: what `make bench` reports as
 * kernel_boot.
 */
uint64_t machine_boot_tsc(void);

/** Set the instruction budget (0 = none); checked by machine_check_instruction_budget(). */
void machine_set_instruction_budget(uint64_t instructions);

/** Halt with HALT_BUDGET_EXHAUSTED if the TSC has passed the budget. Called every tick. */
void machine_check_instruction_budget(void);

#endif
