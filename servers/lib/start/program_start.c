/*
 * program_start.c - the C side of crt1.S: set up the runtime from the start information
 * page (argc and argv, the heap, the standard streams, how exit ends), call main, exit.
 */
#include "assert.h"
#include "cwd.h"
#include "heap.h"
#include "program.h"
#include "stdio.h"
#include "string.h"

/* Writable copies: a program may change its arguments. */
static char arg_bytes[START_ARGS_BYTES];
static char *argv_array[START_MAX_ARGS + 1];
static char name[START_NAME_MAX];

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

unsigned start_service_badge(const char *name)
{
    const struct start_info *info = start_info();
    for (unsigned i = 0; i < info->service_count && i < START_MAX_SERVICES; i++)
        if (strncmp(info->services[i].name, name, START_NAME_MAX) == 0)
            return info->services[i].badge;
    return 0;
}

/* argv from the start information: every offset checked, the strings copied. */
static int copy_arguments(const struct start_info *info)
{
    int argc = 0;
    memcpy(arg_bytes, info->args, sizeof arg_bytes);
    arg_bytes[sizeof arg_bytes - 1] = '\0';
    for (unsigned i = 0; i < info->argc && i < START_MAX_ARGS; i++)
        if (info->argv_offsets[i] < sizeof arg_bytes)
            argv_array[argc++] = &arg_bytes[info->argv_offsets[i]];
    argv_array[argc] = NULL;
    return argc;
}

__attribute__((noreturn)) void program_start(void);
void program_start(void)
{
    const struct start_info *info = start_info();
    int argc = 0;
    if (info->magic == START_INFO_MAGIC) {
        argc = copy_arguments(info);
        memcpy(name, info->name, sizeof name);
        name[sizeof name - 1] = '\0';
        assert_program_name = argc > 0 && argv_array[0][0] ? argv_array[0] : name;
        if (info->pid != 0) /* a process: its spawner may have set its working directory */
            cwd_init(info->cwd);
        if (info->pid != 0) { /* a process: the process and memory managers serve it */
            exit_reports_to(START_SLOT_PM);
            heap_use_memory_manager(START_SLOT_MM);
        }
    }
    argv_array[argc] = NULL;
    /* Before main creates anything: the slots hold only what we were given. A process's
     * streams are pm's to close (PM_GIVE), a server's or a test's its own. */
    stdio_init(info->magic == START_INFO_MAGIC && info->pid != 0);
    exit(main(argc, argv_array));
}
