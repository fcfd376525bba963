/*
 * program_start.c - the C side of crt1.S: argc and argv from the start information page,
 * main, exit.
 */
#include "program.h"
#include "proto/pm.h"
#include "rpc.h"
#include "string.h"
#include "syscall_stubs.h"

/* Writable copies: a program may change its arguments. */
static char arg_bytes[START_ARGS_BYTES];
static char *argv_array[START_MAX_ARGS + 1];

const struct start_info *start_info(void)
{
    return (const struct start_info *)START_INFO_ADDRESS;
}

const struct start_cap *start_cap_find(enum start_cap_kind kind, const char *name, unsigned value)
{
    const struct start_info *info = start_info();
    for (unsigned i = 0; i < info->cap_count && i < START_MAX_CAPS; i++) {
        const struct start_cap *cap = &info->caps[i];
        if (cap->kind != (unsigned)kind)
            continue;
        if (name && strncmp(cap->name, name, START_NAME_MAX) != 0)
            continue;
        if (value && cap->value != value)
            continue;
        return cap;
    }
    return NULL;
}

void exit(int status)
{
    if (start_info()->pid != 0)
        rpc_call(START_SLOT_PM, PM_EXIT, 1, (unsigned)status, 0, 0, NULL); /* no answer */
    sys_thread_exit();
}

__attribute__((noreturn)) void program_start(void);
void program_start(void)
{
    const struct start_info *info = start_info();
    int argc = 0;
    if (info->magic == START_INFO_MAGIC) {
        memcpy(arg_bytes, info->args, sizeof arg_bytes);
        arg_bytes[sizeof arg_bytes - 1] = '\0';
        for (unsigned i = 0; i < info->argc && i < START_MAX_ARGS; i++)
            if (info->argv_offsets[i] < sizeof arg_bytes)
                argv_array[argc++] = &arg_bytes[info->argv_offsets[i]];
    }
    argv_array[argc] = NULL;
    exit(main(argc, argv_array));
}
