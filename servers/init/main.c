/*
 * init/main.c - the root task of the system: reads the boot manifest, then starts the
 * servers it names (boot.c, on a thread of its own) and serves the boot files (bootfs.c)
 * forever. The boot sequence is in docs and in servers/init/init.h.
 */
#include <stdarg.h>

#include "elf_spawn.h"
#include "init.h"
#include "proto/nameserver.h"
#include "runtime.h"
#include "start_info.h"
#include "stdio.h"
#include "syscall_stubs.h"
#include "thread_start.h"

_Static_assert(MANIFEST_INIT_INDEX == NS_INIT_INDEX, "the manifest and the name service agree on bootfs's bit");
_Static_assert(MANIFEST_MAX_SERVICES <= NS_SERVER_INDEX_MAX + 1, "every manifest line has a server badge");
_Static_assert(MANIFEST_NAME_MAX == NS_NAME_MAX, "service names fit the name service");
_Static_assert(MANIFEST_PROGRAM_MAX == USER_MODULE_NAME_MAX, "program names are boot module names");

const struct user_boot_info *init_boot_info;
struct manifest init_manifest;

void init_fail(unsigned line, const char *fmt, ...)
{
    char message[MANIFEST_ERROR_MAX * 2];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    printf("init: manifest line %u: %s\n", line, message);
    sys_debug_halt(1);
    sys_thread_exit(); /* not reached: init is the root task */
}

/* init keeps the top priority the kernel starts it at (runtime.h): a thread may give no
 * thread more than its own, and init gives each server the boot manifest's. */
unsigned int root_task_priority = ROOT_TASK_PRIORITY;

static bool module_exists(const char *name, void *context)
{
    return boot_module(context, name) != NULL;
}

/* A page of this task's memory, registered as @p thread's IPC buffer. */
static int give_ipc_buffer(int thread, unsigned address)
{
    int result = sys_task_map_anon(CAP_SELF_TASK, address, 1, MAP_WRITABLE);
    return result < 0 ? result : sys_thread_set_ipc_buffer(thread, address);
}

int main(const struct user_boot_info *info)
{
    if (!info || info->magic != USER_BOOT_INFO_MAGIC) {
        printf("init: no boot information from the kernel (am I the root task?)\n");
        return 1;
    }
    init_boot_info = info;
    int result = give_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS);
    if (result < 0) {
        printf("init: cannot set up my IPC buffer: %s\n", error_name(result));
        return 1;
    }
    const struct user_boot_module *text = boot_module(info, "manifest");
    if (!text) {
        printf("init: no boot module called manifest (servers/init/manifest.txt): nothing to start\n");
        return 1;
    }
    struct manifest_error error;
    if (!manifest_parse(&init_manifest, (const char *)text->address, text->size, module_exists,
                        (void *)info, &error)) {
        char line[MANIFEST_ERROR_MAX + 40];
        manifest_error_text(&error, line, sizeof line);
        printf("%s\n", line);
        return 1;
    }
    printf("init: %u boot modules; the manifest names %u servers\n", info->module_count,
           init_manifest.service_count);

    if ((result = bootfs_init(info)) < 0) {
        printf("init: cannot set up bootfs: %s\n", error_name(result));
        return 1;
    }
    int thread = thread_new(boot_thread, NULL, (int)root_task_priority);
    if (thread < 0 || (result = sys_thread_resume(thread)) < 0) {
        printf("init: cannot start the boot thread: %s\n", error_name(thread < 0 ? thread : result));
        return 1;
    }
    bootfs_serve();
}
