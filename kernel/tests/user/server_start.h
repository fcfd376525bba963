/*
 * server_start.h - for test programs booted as the root task that start one of the servers
 * of servers/ (until init does, servers/init) and talk to it: the start information a server
 * expects (servers/lib/start_info.h), its endpoint, the capabilities it is given, its IPC
 * buffer; and the root task's own IPC buffer, which long messages and capabilities need.
 *
 *     struct server_start console;
 *     server_prepare(&console, info, "console", 256 * 1024, PRIORITY_DEFAULT);
 *     server_give(&console, START_CAP_IO_PORTS, ports, 0x3F8, 8);
 *     server_run(&console);   then call console.endpoint (badge it first with cap_mint)
 * Every step fails the test (test_fail) when a call fails.
 */
#ifndef ORRERY_TEST_SERVER_START_H
#define ORRERY_TEST_SERVER_START_H

#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "start_info.h"
#include "string.h"
#include "user_test.h"

struct server_start {
    int task, thread; /**< the server's, in the root task */
    int endpoint;     /**< its service endpoint (unbadged, RIGHTS_ALL) */
    unsigned next_slot; /**< the server's slot for the next capability given */
    struct start_info info;
};

/** Map and register the root task's IPC buffer at START_IPC_BUFFER_ADDRESS. */
static inline void root_ipc_buffer_init(void)
{
    expect_result("task_map_anon of the root's IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of the root", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS));
}

/** Load boot module @p module suspended, with its endpoint in START_SLOT_SERVICE. */
static inline void server_prepare(struct server_start *server, const struct user_boot_info *boot,
                                  const char *module, unsigned quota, int priority)
{
    const struct user_boot_module *image = boot_module(boot, module);
    if (!image)
        test_fail("boot module %s, expected it on the command line, seen none", module);
    expect_result("elf_spawn_suspended of the server", 0,
                  elf_spawn_suspended((const void *)image->address, image->size, module, quota,
                                      priority, &server->task, &server->thread));
    server->endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("cap_copy of the server's endpoint", 0,
                  sys_cap_copy(server->endpoint, server->task, START_SLOT_SERVICE));
    memset(&server->info, 0, sizeof server->info);
    server->info.magic = START_INFO_MAGIC;
    strlcpy(server->info.name, module, sizeof server->info.name);
    server->info.priority = (unsigned)priority;
    server->info.argc = 1;
    strlcpy(server->info.args, module, sizeof server->info.args);
    server->next_slot = START_SLOT_LAST + 1;
}

/** Copy @p root_slot into the server's slot @p slot (START_SLOT_NS, ...), unlisted. */
static inline void server_give_slot(struct server_start *server, int root_slot, unsigned slot)
{
    expect_result("cap_copy into a fixed slot of the server", 0,
                  sys_cap_copy(root_slot, server->task, (int)slot));
}

/** Copy @p root_slot to the server and list it. @return its slot in the server. */
static inline unsigned server_give(struct server_start *server, enum start_cap_kind kind,
                                   int root_slot, unsigned value, unsigned extra)
{
    unsigned slot = server->next_slot++;
    expect_result("cap_copy of a listed capability", 0, sys_cap_copy(root_slot, server->task, (int)slot));
    struct start_cap *cap = &server->info.caps[server->info.cap_count++];
    cap->kind = (unsigned)kind;
    cap->slot = slot;
    cap->value = value;
    cap->extra = extra;
    return slot;
}

/** Write its start information and IPC buffer, and start it. */
static inline void server_run(struct server_start *server)
{
    expect_result("task_map_anon of the start information", 0,
                  sys_task_map_anon(server->task, START_INFO_ADDRESS, 1, 0));
    expect_success("task_write of the start information",
                   sys_task_write(server->task, START_INFO_ADDRESS, &server->info, sizeof server->info));
    expect_result("task_map_anon of the server's IPC buffer", 0,
                  sys_task_map_anon(server->task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of the server", 0,
                  sys_thread_set_ipc_buffer(server->thread, START_IPC_BUFFER_ADDRESS));
    expect_result("thread_resume of the server", 0, sys_thread_resume(server->thread));
}

#endif
