/*
 * runtime.c - the end of a user program, and error names for messages.
 */
#include "runtime.h"
#include "proto/errors.h"
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

const char *error_name(int code)
{
    static const char *const names[] = {
        "0", "ERR_INVALID", "ERR_NO_MEMORY", "ERR_EXISTS", "ERR_NOT_FOUND", "ERR_FAULT",
        "ERR_NOT_ALLOCATED", "ERR_INVALID_CAP", "ERR_WRONG_TYPE", "ERR_NO_RIGHTS",
        "ERR_QUOTA", "ERR_NO_SYSCALL", "ERR_DEAD", "ERR_WOULD_BLOCK", "ERR_ABORTED",
    };
    if (code > 0)
        return "a value";
    /* The services' own (proto/errors.h), from BLOCK_ERR_IO = -32 down. */
    static const char *const service_names[] = {
        "BLOCK_ERR_IO", "BLOCK_ERR_TIMEOUT", "BLOCK_ERR_NO_DEVICE", NULL, NULL, NULL, NULL, NULL,
        "FS_ERR_NOT_DIR", "FS_ERR_IS_DIR", "FS_ERR_NOT_EMPTY", "FS_ERR_NO_SPACE", "FS_ERR_NAME",
        "FS_ERR_CORRUPT", "FS_ERR_TOO_BIG", "FS_ERR_BUSY",
    };
    if ((unsigned)-code < sizeof names / sizeof names[0])
        return names[-code];
    unsigned service = (unsigned)(BLOCK_ERR_IO - code);
    if (code <= BLOCK_ERR_IO && service < sizeof service_names / sizeof service_names[0] &&
        service_names[service])
        return service_names[service];
    return "an unknown error";
}
