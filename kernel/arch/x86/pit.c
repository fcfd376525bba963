/*
 * pit.c - the timer tick. Each tick drains the trace buffer and enforces the instruction
 * budget the test harness may have set (see docs/test-protocol.md).
 */
#include "pit.h"
#include "machine.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "x86.h"

#define PIT_INPUT_HZ 1193182
#define PIT_CHANNEL0_DATA 0x40
#define PIT_COMMAND 0x43
#define PIT_CHANNEL0_RATE_GENERATOR_LOHI 0x34

static volatile uint64_t ticks;

static void pit_tick(struct trap_frame *frame)
{
    (void)frame;
    ticks++;
    machine_check_instruction_budget();
    trace_drain_periodic();
    sched_timer_tick(ticks);
}

void pit_init(void)
{
    uint32_t divisor = PIT_INPUT_HZ / PIT_HZ;
    outb(PIT_COMMAND, PIT_CHANNEL0_RATE_GENERATOR_LOHI);
    outb(PIT_CHANNEL0_DATA, divisor & 0xFF);
    outb(PIT_CHANNEL0_DATA, divisor >> 8);
    irq_register(PIT_IRQ, pit_tick);
}

uint64_t pit_ticks(void) { return ticks; }
