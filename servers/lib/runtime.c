/*
 * runtime.c - the end of a user program.
 */
#include "runtime.h"
#include "stdio.h"
#include "syscall_stubs.h"

/* The default: a program's own definition (init's) takes its place when linked. Not
 * const: the compiler would use the value it sees here instead of reading the variable. */
__attribute__((weak)) unsigned int root_task_priority = PRIORITY_DEFAULT;

void runtime_root_start(const struct user_boot_info *info)
{
    if (info)
        sys_thread_set_priority(CAP_SELF_THREAD, (int)root_task_priority);
}

void runtime_exit(int status)
{
    /* Only the root task may halt; for every other task this fails and the thread ends. */
    sys_debug_halt(status);
    if (status != 0)
        printf("runtime: a thread ended with status %d\n", status);
    sys_thread_exit();
}

/* error_name() and error_text() are in error_text.c. */
