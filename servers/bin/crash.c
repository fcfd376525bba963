/*
 * crash.c - fault on purpose, in the way its argument names, so that you can see how the
 * system reports it (the memory manager's report, the shell's line) and that nothing else
 * is hurt. `crash` alone lists the ways. Each is a real fault of the CPU, except
 * bad-syscall-argument: there the kernel checks the argument and refuses it with an error,
 * which is what it must do (no fault happens), and crash says so.
 */
#include "program.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define KERNEL_ADDRESS USER_SPACE_END /* the first address a user program may not touch */
#define STACK_CHUNK 1024              /* bytes of stack each recursion level uses */

static void null_read(void) { printf("crash: read %d\n", *(volatile int *)0); }
static void null_write(void) { *(volatile int *)0 = 1; }
static void write_code(void) { *(volatile unsigned char *)(void *)&write_code = 0xC3; }
static void divide(void)
{
    volatile int zero = 0;
    printf("crash: 1 / 0 = %d\n", 1 / zero);
}

static volatile unsigned never = 0xFFFFFFFFu; /* a depth recursion never reaches */
static NOINLINE unsigned recurse(unsigned depth)
{
    volatile char chunk[STACK_CHUNK];
    chunk[0] = (char)depth;
    if (depth == never)
        return 0;
    return recurse(depth + 1) + chunk[0]; /* not a tail call: every level keeps its frame */
}
static void stack_overflow(void) { printf("crash: %u\n", recurse(0)); }
static void invalid_opcode(void) { __asm__ volatile("ud2"); }
static void privileged(void) { __asm__ volatile("hlt"); }
static void breakpoint(void) { __asm__ volatile("int3"); }
static void jump_null(void) { ((void (*volatile)(void))0)(); }
static void kernel_memory(void) { printf("crash: read %d\n", *(volatile int *)KERNEL_ADDRESS); }

static void bad_syscall_argument(void)
{
    int error = sys_debug_write((const void *)KERNEL_ADDRESS, 16);
    printf("crash: debug_write(0x%x, 16) = %s: the kernel refused the argument, no fault\n",
           KERNEL_ADDRESS, error_name(error));
    error = sys_raw(0x7FFF, 0, 0, 0, 0, 0);
    printf("crash: system call 0x7fff = %s\n", error_name(error));
}

static const struct {
    const char *name;
    void (*run)(void);
    const char *what;
} ways[] = {
    { "null", null_read, "read address 0 (page fault)" },
    { "null-write", null_write, "write address 0 (page fault)" },
    { "write-code", write_code, "write into its own code, which is read-only (page fault)" },
    { "divide", divide, "divide by zero (divide error)" },
    { "stack-overflow", stack_overflow, "recurse until the stack passes its limit (page fault)" },
    { "invalid-opcode", invalid_opcode, "run ud2 (invalid opcode)" },
    { "privileged", privileged, "run hlt, a kernel-only instruction (general protection fault)" },
    { "breakpoint", breakpoint, "run int3 with no debugger (breakpoint)" },
    { "jump-null", jump_null, "call address 0 (page fault at eip 0)" },
    { "kernel-memory", kernel_memory, "read the kernel's memory (page fault)" },
    { "bad-syscall-argument", bad_syscall_argument, "pass the kernel a kernel address (an error, no fault)" },
};

int main(int argc, char **argv)
{
    for (unsigned i = 0; argc == 2 && i < ARRAY_SIZE(ways); i++) {
        if (strcmp(argv[1], ways[i].name) == 0) {
            printf("crash: %s: %s\n", ways[i].name, ways[i].what);
            ways[i].run();
            printf("crash: %s did not stop me\n", ways[i].name);
            return 1;
        }
    }
    printf("usage: crash WAY, one of:\n");
    for (unsigned i = 0; i < ARRAY_SIZE(ways); i++)
        printf("  %-21s %s\n", ways[i].name, ways[i].what);
    return 2;
}
