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
 * panic_kernel_stack_canary: a thread's kernel stack that ran over its bottom, as a large
 * local array would make it, is caught by the canary check the timer tick runs.
 */
KTEST(panic_kernel_stack_canary)
{
    paddr_t page = pmem_alloc_frame();
    if (!KTEST_EXPECT("a frame for the stack", page != FRAME_NONE))
        return;
    struct thread victim = { .id = 4242, .kernel_stack = phys_to_virt(page) };
    *(uint32_t *)victim.kernel_stack = KERNEL_STACK_CANARY;
    thread_check_kernel_stack(&victim); /* intact: returns */
    KTEST_EXPECT("an intact canary passes the check", true);
    memset(victim.kernel_stack, 0x41, 64); /* the overflow */
    thread_check_kernel_stack(&victim);    /* never returns */
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
