/*
 * trace.c - meant to mark a point in the kernel's trace, or pause and resume tracing, for
 * the visualizer (viz/). The kernel has no system call for either yet (abi/syscalls.h), so
 * this says so and does nothing, rather than pretend.
 */
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        printf("trace: the kernel has no call to mark or pause its trace yet; nothing done\n");
    else
        printf("usage: trace mark TEXT | trace pause | trace resume "
               "(not available yet: the kernel has no trace-control call)\n");
    return 1;
}
