/*
 * test_faults.c - deliberate kernel bugs, to check that a panic report is complete:
 * the exception, the registers, the faulting address and a symbolized backtrace.
 * Each of these tests ends in a panic on purpose.
 */
#include "abi/errors.h"
#include "ktest/ktest.h"
#include "memlayout.h"
#include "panic.h"
#include "pmem.h"
#include "probe.h"
#include "string.h"
#include "thread.h"

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

/*
 * panic_kernel_stack_overflow: the stack pointer walks off the stack, as when a kernel
 * stack overflows into an unmapped guard page. The push faults, and delivering that page
 * fault needs the same stack, so it faults too: a double fault. Only the double-fault task
 * (double_fault.c), with a stack of its own, can report it; without that task the CPU
 * resets (a triple fault) and the student sees nothing.
 */
#define UNMAPPED_STACK_TOP (KERNEL_SCRATCH_BASE + PAGE_SIZE)

KTEST(panic_kernel_stack_overflow)
{
    const volatile uint32_t *first_push = (const volatile uint32_t *)(UNMAPPED_STACK_TOP - 4);
    uint32_t word;
    if (!KTEST_EXPECT("the page below the fake stack top is unmapped",
                      probe_read_u32(first_push, &word) == ERR_FAULT))
        return;
    /* Never returns: the push double-faults. */
    __asm__ volatile("mov %0, %%esp\n\t"
                     "push $0"
                     :
                     : "r"(UNMAPPED_STACK_TOP)
                     : "memory");
}

/*
 * panic_kernel_stack_guard: a thread's kernel stack that overflows (deep recursion, a large
 * local array) runs into the unmapped guard page below it at once, before it overwrites
 * anything: the double fault's report names the thread.
 */
static volatile uint32_t recursion_limit = UINT32_MAX; /* never reached: the guard is first */

static __attribute__((noipa)) uint32_t recurse(uint32_t depth)
{
    volatile uint8_t local[256];
    local[0] = (uint8_t)depth;
    if (depth >= recursion_limit)
        return local[0];
    return recurse(depth + 1) + local[0];
}

KTEST(panic_kernel_stack_guard)
{
    struct thread victim = { .object = { .id = 4242 } };
    uint8_t *stack = kstack_alloc(&victim);
    if (!KTEST_EXPECT("a guarded kernel stack", stack != NULL))
        return;
    uint32_t word;
    KTEST_EXPECT("the stack page is mapped", probe_read_u32((uint32_t *)stack, &word) == ERR_OK);
    KTEST_EXPECT("the page below it is not", probe_read_u32((uint32_t *)stack - 1, &word) == ERR_FAULT);
    KTEST_EXPECT("it is known as that thread's guard", kstack_guard_owner((vaddr_t)stack - 4) == &victim);
    /* Run on that stack and recurse until it overflows; never returns. */
    __asm__ volatile("mov %0, %%esp\n\t"
                     "push $0\n\t"
                     "call *%1"
                     :
                     : "r"(stack + KSTACK_SIZE), "r"(recurse)
                     : "memory");
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
