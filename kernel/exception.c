/*
 * exception.c - the names of the CPU's exception vectors (exception.h), for panic reports
 * and the log line of a faulting thread.
 */
#include "exception.h"
#include "trap_frame.h"

static const char *const exception_names[EXCEPTION_COUNT] = {
    [0] = "#DE divide error",
    [1] = "#DB debug",
    [2] = "NMI non-maskable interrupt",
    [3] = "#BP breakpoint",
    [4] = "#OF overflow",
    [5] = "#BR bound range exceeded",
    [6] = "#UD invalid opcode",
    [7] = "#NM device not available",
    [8] = "#DF double fault",
    [9] = "coprocessor segment overrun",
    [10] = "#TS invalid TSS",
    [11] = "#NP segment not present",
    [12] = "#SS stack-segment fault",
    [13] = "#GP general protection fault",
    [14] = "#PF page fault",
    [16] = "#MF x87 floating-point error",
    [17] = "#AC alignment check",
    [18] = "#MC machine check",
    [19] = "#XM SIMD floating-point error",
    [20] = "#VE virtualization exception",
    [21] = "#CP control protection",
};

const char *exception_name(uint32_t vector)
{
    if (vector < EXCEPTION_COUNT && exception_names[vector])
        return exception_names[vector];
    return "reserved exception";
}
