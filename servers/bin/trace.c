/*
 * trace.c - mark a point in the kernel's trace, or pause and resume tracing, for the
 * visualizer (viz/): `trace mark NUMBER`, `trace pause`, `trace resume`. The kernel's
 * trace_control call does it (docs/syscalls.md); a mark is a trace_mark record with this
 * thread and the number, which the timeline shows where it happened.
 */
#include "program.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall_stubs.h"

static int usage(void)
{
    printf("usage: trace mark NUMBER | trace pause | trace resume\n");
    return 2;
}

int main(int argc, char **argv)
{
    int result;
    if (argc == 3 && strcmp(argv[1], "mark") == 0) {
        long value;
        if (!strtol_checked(argv[2], 0, &value)) {
            printf("trace: mark: not a number: %s\n", argv[2]);
            return 2;
        }
        result = sys_trace_control(TRACE_CONTROL_MARK, (unsigned)value);
    } else if (argc == 2 && strcmp(argv[1], "pause") == 0) {
        result = sys_trace_control(TRACE_CONTROL_PAUSE, 0);
    } else if (argc == 2 && strcmp(argv[1], "resume") == 0) {
        result = sys_trace_control(TRACE_CONTROL_RESUME, 0);
    } else {
        return usage();
    }
    if (result == ERR_NOT_FOUND) {
        printf("trace: this kernel was built with TRACE=0: there is no trace\n");
        return 1;
    }
    if (result < 0) {
        printf("trace: %s: %s\n", argv[1], error_name(result));
        return 1;
    }
    printf("trace: %s done\n", argv[1]);
    return 0;
}
