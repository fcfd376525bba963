/*
 * machine.c - ending a run: QEMU's isa-debug-exit device, then Bochs's shutdown port.
 */
#include "machine.h"
#include "console.h"
#include "serial.h"
#include "trace.h"
#include "x86.h"

static uint64_t instruction_budget;
static uint64_t boot_tsc;
extern uint64_t machine_boot_entry_tsc; /* boot.S: the TSC at boot_entry */

static const char *halt_status_text(enum halt_status status)
{
    switch (status) {
    case HALT_SUCCESS: return "success";
    case HALT_TEST_FAILURE: return "test failure";
    case HALT_PANIC: return "panic";
    case HALT_BOOT_ERROR: return "boot error";
    case HALT_BUDGET_EXHAUSTED: return "instruction budget exhausted";
    }
    return "unknown";
}

void machine_halt(enum halt_status status)
{
    cpu_disable_interrupts();
    trace_flush();
    kprintf("orrery: halting: %s\n", halt_status_text(status));
    serial_flush();
    outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)status);
    /* Still running: not QEMU with isa-debug-exit. Ask Bochs to stop. */
    outsb(BOCHS_SHUTDOWN_PORT, "Shutdown", 8);
    for (;;)
        cpu_halt();
}

void machine_boot_finished(void) { boot_tsc = rdtsc() - machine_boot_entry_tsc; }

uint64_t machine_boot_tsc(void) { return boot_tsc; }

void machine_set_instruction_budget(uint64_t instructions) { instruction_budget = instructions; }

void machine_check_instruction_budget(void)
{
    if (instruction_budget && rdtsc() > instruction_budget) {
        kprintf("orrery: instruction budget of %llu exhausted\n", (unsigned long long)instruction_budget);
        machine_halt(HALT_BUDGET_EXHAUSTED);
    }
}
