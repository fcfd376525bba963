/*
 * test_faults.c - deliberate kernel bugs, to check that a panic report is complete:
 * the exception, the registers, the faulting address and a symbolized backtrace.
 * Each of these tests ends in a panic on purpose.
 */
#include "ktest/ktest.h"
#include "panic.h"

static __attribute__((noinline)) void write_through_null(volatile uint32_t *pointer)
{
    *pointer = 0xDEAD;
}

KTEST(panic_null_write)
{
    write_through_null((volatile uint32_t *)0);
}

static __attribute__((noinline)) uint32_t divide(uint32_t a, volatile uint32_t b) { return a / b; }

KTEST(panic_divide_error)
{
    divide(1, 0);
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
