/*
 * test_faults.c - deliberate kernel bugs, to check that a panic report is complete:
 * the exception, the registers, the faulting address and a symbolized backtrace.
 * Each of these tests ends in a panic on purpose.
 */
#include "ktest/ktest.h"
#include "panic.h"

/* Volatile, so the compiler cannot see the NULL or the zero and optimise the bug away. */
static volatile uint32_t *volatile null_pointer;
static volatile uint32_t zero;
static volatile uint32_t quotient;

static __attribute__((noipa)) void write_through_null(volatile uint32_t *pointer)
{
    *pointer = 0xDEAD;
}

KTEST(panic_null_write)
{
    write_through_null(null_pointer);
}

static __attribute__((noipa)) uint32_t divide(uint32_t a, uint32_t b) { return a / b; }

KTEST(panic_divide_error)
{
    quotient = divide(1, zero);
}

KTEST(panic_assertion)
{
    KASSERT(1 + 1 == 3);
}

/* budget_spin: loops forever with interrupts on; the instruction budget must stop it. */
KTEST(budget_spin)
{
    for (volatile uint32_t i = 0;; i++)
        ;
}

/* hang_interrupts_off: a kernel stuck with interrupts off; only the harness's wall-clock
 * safety net can stop it. */
KTEST(hang_interrupts_off)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}
