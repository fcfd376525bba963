/*
 * bench_null_syscall - the cost of the cheapest system calls, in guest instructions.
 *
 * Under QEMU's -icount shift=0 the TSC counts instructions. We time an empty loop of N
 * iterations (just the counter) and loops of N null() and N yield() calls (no other
 * thread is ready, so yield returns to us), and subtract. Under -icount the figures are
 * exact and the same on every run; one timer tick falls into each loop and adds a little.
 *
 * Expected: prints
 *   bench: null_syscall <instructions per call> instructions
 *   bench: yield_self <instructions per call> instructions
 * and exits 0. The numbers include the `movl $number, %eax` that sets up each call.
 */
#define TEST_NAME "bench_null_syscall"
#include "user_test.h"
#include "tsc.h"

#define ITERATIONS 10000u

/* TSC ticks for ITERATIONS turns of a loop that is only its counter. */
static uint64_t time_empty_loop(void)
{
    unsigned count = ITERATIONS;
    uint64_t start = tsc_read();
    __asm__ volatile("1: decl %0\n\t"
                     "jnz 1b"
                     : "+c"(count) : : "cc");
    return tsc_read() - start;
}

/* TSC ticks for ITERATIONS calls of system call @number with no arguments. */
static uint64_t time_calls(unsigned number)
{
    unsigned count = ITERATIONS;
    uint64_t start = tsc_read();
    __asm__ volatile("1: movl %[number], %%eax\n\t"
                     "int %[vector]\n\t"
                     "decl %[count]\n\t"
                     "jnz 1b"
                     : [count] "+c"(count)
                     : [number] "r"(number), [vector] "i"(SYSCALL_VECTOR)
                     : "eax", "memory", "cc");
    return tsc_read() - start;
}

static unsigned per_call(uint64_t loop, uint64_t empty)
{
    uint64_t extra = loop > empty ? loop - empty : 0;
    return (unsigned)((extra + ITERATIONS / 2) / ITERATIONS);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    uint64_t empty = time_empty_loop();
    uint64_t null_calls = time_calls(SYS_null);
    uint64_t yield_calls = time_calls(SYS_yield);
    printf("bench: null_syscall %u instructions\n", per_call(null_calls, empty));
    printf("bench: yield_self %u instructions\n", per_call(yield_calls, empty));
    test_print("%u iterations: empty loop %llu, null %llu, yield %llu TSC ticks", ITERATIONS,
               empty, null_calls, yield_calls);
    return 0;
}
