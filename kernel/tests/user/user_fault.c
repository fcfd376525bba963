/*
 * user_fault - a faulting thread stops; the kernel and every other thread run on.
 *
 * The main thread starts, one at a time, seven threads that each fault at once:
 *   1. a write to address 0            -> #PF, address 0x00000000
 *   2. a division by zero              -> #DE
 *   3. the invalid opcode ud2          -> #UD
 *   4. a read of kernel address 0xC0100000 -> #PF, address 0xc0100000
 *   5. int $0x20, the timer's vector, which user mode may not raise -> #GP
 *   6. int $8, the double-fault task gate, likewise                  -> #GP
 *   7. int $0xFF, a vector past the end of the IDT                   -> #GP
 * and sleeps 10 ticks after each so it faults before the next starts.
 *
 * Expected: the kernel prints one "orrery: user fault: ..." line per thread, in this
 * order (the pytest side checks them); the main thread then prints
 * "user_fault: still alive" and exits 0.
 */
#define TEST_NAME "user_fault"
#include "thread_start.h"
#include "user_test.h"

#define KERNEL_ADDRESS 0xC0100000u

static void write_null(void *unused)
{
    (void)unused;
    __asm__ volatile("movl $1, (%0)" : : "r"(0) : "memory");
}

static void divide_by_zero(void *unused)
{
    (void)unused;
    __asm__ volatile("divl %%ecx" : : "a"(1), "d"(0), "c"(0));
}

static void invalid_opcode(void *unused)
{
    (void)unused;
    __asm__ volatile("ud2");
}

static void read_kernel(void *unused)
{
    (void)unused;
    __asm__ volatile("movl (%0), %%eax" : : "r"(KERNEL_ADDRESS) : "eax", "memory");
}

static void raise_timer_vector(void *unused)
{
    (void)unused;
    __asm__ volatile("int $0x20");
}

static void raise_double_fault_vector(void *unused)
{
    (void)unused;
    __asm__ volatile("int $8");
}

static void raise_vector_255(void *unused)
{
    (void)unused;
    __asm__ volatile("int $0xFF");
}

static const struct {
    const char *what;
    void (*fn)(void *);
} faulters[] = {
    { "writes to address 0", write_null },
    { "divides by zero", divide_by_zero },
    { "executes ud2", invalid_opcode },
    { "reads kernel address 0xc0100000", read_kernel },
    { "raises the timer's vector with int $0x20", raise_timer_vector },
    { "raises the double-fault vector with int $8", raise_double_fault_vector },
    { "raises vector 0xFF with int $0xFF", raise_vector_255 },
};

int main(const struct user_boot_info *info)
{
    (void)info;
    for (unsigned i = 0; i < sizeof faulters / sizeof faulters[0]; i++) {
        test_print("starting a thread that %s", faulters[i].what);
        expect_success("thread_start", thread_start(faulters[i].fn, NULL, PRIORITY_DEFAULT));
        expect_result("sleep", 0, sys_sleep(10));
    }
    expect_result("null", 0, sys_null());
    test_print("still alive");
    return 0;
}
