/*
 * mmpm_system.c - the memory manager and the process manager (servers/mm, servers/pm)
 * tested together, without init: this program plays init when it is the root task, and
 * is the processes pm spawns too (main gets info == NULL there; its start information
 * says what to do).
 *
 * As the root task it starts mm and pm from the boot modules (their start information,
 * IPC buffers, endpoints, name-service capabilities), serves a small name service and the
 * bootfs protocol itself on one endpoint (the labels do not overlap; and a pretend stream,
 * "stream", that counts the STREAM_CLOSEs pm sends when a process ends), and a second thread
 * spawns "mmpm_system driver SCENARIO" through pm (SCENARIO from mmpm=... on the kernel
 * command line), waits for it and stops the machine with its status.
 * The scenarios are in mmpm_system.h (and mmpm_bad_args.h); this file is the init stand-in.
 *
 * Expected: "mmpm_system: driver SCENARIO: passed", then the driver's end (how 1: exit,
 * status 0) and the machine stops with success; mm's report line for each crash (the
 * address and the region it missed); with mmpm=spawn_wait, 1,000 children and the frames
 * in use the same before and after. On a failure, "mmpm_system: FAIL: what, expected X,
 * seen Y" and a test failure.
 */
#define TEST_NAME "mmpm_system"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "ipc_buffer.h"
#include "mmpm_system.h"
#include "proto/bootfs.h"
#include "proto/nameserver.h"
#include "proto/stream.h"
#include "start_info.h"
#include "string.h"
#include "user_test.h"

#define SERVER_PRIORITY PRIORITY_DEFAULT
/* The manifest lines we pretend: mm's and pm's badges are NS_BADGE_SERVER of these. */
#define MM_INDEX 1
#define PM_INDEX 2
#define CONSOLE_INDEX 3  /* a console that is not started: only its badge counts */
#define IMPOSTOR_INDEX 4 /* a server that is neither pm nor the console */
#define MM_QUOTA (12u * 1024 * 1024)
#define PM_QUOTA (512u * 1024)
#define LAUNCHER_STACK 0xA0001000u /* a page each: the launcher's stack and IPC buffer */
#define LAUNCHER_BUFFER 0xA0003000u
#define BOOTFS_FRAME_VADDR 0x90000000u

static const struct user_boot_info *boot;
static int endpoint;          /* ours: name service and bootfs */
static int mm_service, pm_service;
static int bootfs_frame = -1; /* the frame BOOTFS_READ copies into (mapped here) */
static int minted = -1;       /* the capability the last reply carried, deleted next time */
static char scenario[64] = "all";
static unsigned stream_closes; /* STREAM_CLOSEs our pretend stream got (pm's, at ends) */

/* ---- Starting the two servers -------------------------------------------------------- */

static int start_server(const char *name, unsigned quota, unsigned index)
{
    const struct user_boot_module *module = boot_module(boot, name);
    if (!module)
        test_fail("no boot module %s", name);
    int task, thread;
    expect_success("elf_spawn_suspended", elf_spawn_suspended((const void *)module->address,
                   module->size, name, quota, SERVER_PRIORITY, &task, &thread));
    static struct start_info info;
    memset(&info, 0, sizeof info);
    info.magic = START_INFO_MAGIC;
    strlcpy(info.name, name, sizeof info.name);
    info.priority = SERVER_PRIORITY;
    info.process_priority = MMPM_PROCESS_PRIORITY;
    /* Who is who, as init tells every server (start_info.h, struct start_service). */
    static const struct { const char *name; unsigned index; } services[] = {
        { "mm", MM_INDEX }, { "pm", PM_INDEX }, { "console", CONSOLE_INDEX },
    };
    for (unsigned i = 0; i < sizeof services / sizeof services[0]; i++) {
        strlcpy(info.services[i].name, services[i].name, START_NAME_MAX);
        info.services[i].badge = NS_BADGE_SERVER(services[i].index);
    }
    info.service_count = sizeof services / sizeof services[0];
    expect_success("map start info", sys_task_map_anon(task, START_INFO_ADDRESS, 1, 0));
    expect_success("write start info", sys_task_write(task, START_INFO_ADDRESS, &info, sizeof info));
    expect_success("map IPC buffer", sys_task_map_anon(task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_success("set IPC buffer", sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS));
    int service = expect_success("endpoint_create", sys_endpoint_create());
    expect_success("give endpoint", sys_cap_copy(service, task, START_SLOT_SERVICE));
    expect_success("give ns", sys_cap_mint(endpoint, task, START_SLOT_NS, RIGHT_WRITE | RIGHT_GRANT,
                                           NS_BADGE_SERVER(index)));
    expect_success("resume", sys_thread_resume(thread));
    return service;
}

/* ---- The name service and bootfs, served on one endpoint ----------------------------- */

static int free_slot(void)
{
    for (int slot = 16; slot < CSPACE_SLOTS - 1; slot++)
        if (sys_cap_identify(slot) == OBJECT_NONE)
            return slot;
    return ERR_NO_MEMORY;
}

/* Answer with a copy of @p source badged @p badge (deleted when the next request comes). */
static int reply_minted(struct rpc_response *response, int source, unsigned rights, unsigned badge)
{
    int slot = free_slot();
    int result = slot < 0 ? slot : sys_cap_mint(source, CAP_SELF_TASK, slot, rights, badge);
    if (result < 0)
        return result;
    minted = response->cap = slot;
    return 0;
}

static void forget_minted(void)
{
    if (minted >= 0)
        sys_cap_delete(minted);
    minted = -1;
}

static int stand_in_register(struct rpc_request *request, struct rpc_response *response)
{
    (void)request, (void)response;
    forget_minted();
    return 0; /* we know the servers' endpoints already */
}

static int stand_in_lookup(struct rpc_request *request, struct rpc_response *response)
{
    forget_minted();
    char name[NS_NAME_MAX + 1];
    rpc_unpack_string(name, request->words, NS_NAME_WORDS);
    int service = strcmp(name, "mm") == 0 ? mm_service : strcmp(name, "pm") == 0 ? pm_service
                : strcmp(name, "bootfs") == 0 || strcmp(name, "stream") == 0 ? endpoint : -1;
    if (service < 0)
        return ERR_NOT_FOUND;
    return reply_minted(response, service, RIGHT_WRITE | RIGHT_GRANT, request->badge);
}

static int stand_in_client(struct rpc_request *request, struct rpc_response *response)
{
    forget_minted();
    return reply_minted(response, endpoint, RIGHT_WRITE | RIGHT_GRANT,
                        NS_BADGE_PROCESS(request->words[0]));
}

static int stand_in_open(struct rpc_request *request, struct rpc_response *response)
{
    forget_minted();
    char name[BOOTFS_NAME_WORDS * 4 + 1];
    rpc_unpack_string(name, request->words, BOOTFS_NAME_WORDS);
    for (unsigned i = 0; i < boot->module_count; i++)
        if (strcmp(boot->modules[i].name, name) == 0) {
            response->words[0] = boot->modules[i].size;
            response->length = 1;
            return (int)i;
        }
    return ERR_NOT_FOUND;
}

static int stand_in_map(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    forget_minted();
    if (bootfs_frame < 0) {
        bootfs_frame = expect_success("frame_create", sys_frame_create());
        expect_success("frame_map", sys_frame_map(bootfs_frame, CAP_SELF_TASK, BOOTFS_FRAME_VADDR,
                                                  FRAME_MAP_WRITABLE));
    }
    return reply_minted(response, bootfs_frame, RIGHT_READ | RIGHT_GRANT, 0);
}

static int stand_in_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    forget_minted();
    unsigned file = request->words[0], offset = request->words[1], length = request->words[2];
    if (file >= boot->module_count || length > BOOTFS_BUFFER_SIZE || bootfs_frame < 0)
        return ERR_INVALID;
    unsigned size = boot->modules[file].size;
    unsigned count = offset >= size ? 0 : size - offset < length ? size - offset : length;
    memcpy((void *)BOOTFS_FRAME_VADDR, (const char *)boot->modules[file].address + offset, count);
    return (int)count;
}

/* A pretend stream: counts closes, and a read answers how many there were. */
static int stand_in_close(struct rpc_request *request, struct rpc_response *response)
{
    (void)request, (void)response;
    forget_minted();
    stream_closes++;
    return 0;
}

static int stand_in_stream_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)request, (void)response;
    forget_minted();
    return (int)stream_closes;
}

static const struct rpc_op root_ops[] = {
    { STREAM_CLOSE, 0, 0, false, stand_in_close, "close" },
    { STREAM_READ, 1, 1, false, stand_in_stream_read, "read" },
    { NS_REGISTER, NS_NAME_WORDS, NS_NAME_WORDS, true, stand_in_register, "register" },
    { NS_LOOKUP, NS_NAME_WORDS, NS_NAME_WORDS, false, stand_in_lookup, "lookup" },
    { NS_CLIENT, 1, 1, false, stand_in_client, "client" },
    { BOOTFS_OPEN, BOOTFS_NAME_WORDS, BOOTFS_NAME_WORDS, false, stand_in_open, "open" },
    { BOOTFS_MAP, 0, 0, false, stand_in_map, "map" },
    { BOOTFS_READ, 3, 3, false, stand_in_read, "read" },
};

/* ---- The launcher thread: the driver process, through pm ------------------------------ */

/* rpc_call of @p label [word] to @p service through a copy badged @p badge. */
static int call_badged(int service, unsigned badge, unsigned label, unsigned count, unsigned word)
{
    int slot = expect_success("a badged copy's slot", free_slot());
    expect_success("mint a badged copy", sys_cap_mint(service, CAP_SELF_TASK, slot, RIGHT_WRITE, badge));
    int result = rpc_call(slot, label, count, word, 0, 0, NULL);
    sys_cap_delete(slot);
    return result;
}

/* mm and pm know their peers by the badges we named in their start information, not by who
 * asks first: an impostor server asking first is refused, and the named badge still works. */
static void check_service_identity(void)
{
    expect_result("an impostor server's MM_STOPPED, before pm asked anything", ERR_NO_RIGHTS,
                  call_badged(mm_service, NS_BADGE_SERVER(IMPOSTOR_INDEX), MM_STOPPED, 0, 0));
    expect_result("a process's MM_STOPPED", ERR_NO_RIGHTS,
                  call_badged(mm_service, NS_BADGE_PROCESS(1), MM_STOPPED, 0, 0));
    expect_result("MM_STOPPED with pm's badge (none stopped yet)", ERR_NOT_FOUND,
                  call_badged(mm_service, NS_BADGE_SERVER(PM_INDEX), MM_STOPPED, 0, 0));
    expect_result("an impostor server's PM_INTERRUPT, before the console sent one", ERR_NO_RIGHTS,
                  call_badged(pm_service, NS_BADGE_SERVER(IMPOSTOR_INDEX), PM_INTERRUPT, 1, 99999));
    expect_result("PM_INTERRUPT with the console's badge (no such process)", ERR_NOT_FOUND,
                  call_badged(pm_service, NS_BADGE_SERVER(CONSOLE_INDEX), PM_INTERRUPT, 1, 99999));
    test_print("service identity: the badges init named are accepted, an impostor is refused");
}

static void launcher(void)
{
    /* Our own IPC buffer: rpc_call_long uses the first thread's, so the words go by hand. */
    struct ipc_buffer *buffer = (struct ipc_buffer *)LAUNCHER_BUFFER;
    check_service_identity();
    int pm = expect_success("launcher's pm", free_slot());
    expect_success("mint pm", sys_cap_mint(pm_service, CAP_SELF_TASK, pm, RIGHT_WRITE | RIGHT_GRANT,
                                           NS_BADGE_INIT));
    unsigned words[IPC_MAX_WORDS] = { 0 };
    char *bytes = (char *)&words[1];
    const char *args[] = { TEST_NAME, "driver", scenario };
    unsigned used = 0;
    for (unsigned i = 0; i < 3; i++) {
        strlcpy(bytes + used, args[i], PM_SPAWN_BYTES - used);
        used += strlen(args[i]) + 1;
    }
    unsigned count = 1 + (used + 3) / 4;
    for (unsigned i = IPC_REGISTER_WORDS; i < count; i++)
        buffer->words[i] = words[i];
    struct ipc_message m;
    int error = sys_call(pm, IPC_TAG(PM_SPAWN, count, 0), words[0], words[1], words[2], &m);
    int pid = error < 0 ? error : (int)m.words[0];
    if (pid < 0)
        test_fail("spawning the driver, expected a pid, seen %s (%d)", error_name(pid), pid);
    expect_result("start the driver", 0, rpc_call(pm, PM_START, 1, (unsigned)pid, 0, 0, NULL));
    error = sys_call(pm, IPC_TAG(PM_WAIT, 1, 0), (unsigned)pid, 0, 0, &m);
    if (error < 0 || (int)m.words[0] != pid)
        test_fail("waiting for the driver, expected %d, seen %d (call %d)", pid, (int)m.words[0], error);
    test_print("driver ended: how %u status %u", m.words[1], m.words[2]);
    runtime_exit(m.words[1] == PM_END_EXIT && m.words[2] == 0 ? 0 : 1);
}

static void parse_cmdline(void)
{
    const char *found = boot->cmdline;
    while (*found && strncmp(found, "mmpm=", 5) != 0)
        found++;
    if (!*found)
        return;
    found += 5;
    unsigned n = 0;
    while (found[n] && found[n] != ' ' && n + 1 < sizeof scenario)
        n++;
    memcpy(scenario, found, n);
    scenario[n] = '\0';
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return mmpm_process_main(); /* one of the processes pm spawned */
    boot = info;
    parse_cmdline();
    expect_success("map IPC buffer", sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1,
                                                       MAP_WRITABLE));
    expect_success("set IPC buffer", sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS));
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    mm_service = start_server("mm", MM_QUOTA, MM_INDEX);
    pm_service = start_server("pm", PM_QUOTA, PM_INDEX);
    test_print("mm and pm started; scenario %s; frames in use %d", scenario,
               sys_debug_info(DEBUG_INFO_FRAMES_IN_USE));

    expect_success("launcher pages", sys_task_map_anon(CAP_SELF_TASK, LAUNCHER_STACK, 3, MAP_WRITABLE));
    int thread = expect_success("launcher", sys_thread_create(CAP_SELF_TASK, (unsigned)launcher,
                                                             LAUNCHER_STACK + PAGE_SIZE - 16,
                                                             SERVER_PRIORITY));
    expect_success("launcher buffer", sys_thread_set_ipc_buffer(thread, LAUNCHER_BUFFER));
    expect_success("launcher resume", sys_thread_resume(thread));

    struct rpc_server server = {
        .name = "init stand-in",
        .endpoint = endpoint,
        .ops = root_ops,
        .op_count = sizeof root_ops / sizeof root_ops[0],
        .cap_slot = CSPACE_SLOTS - 1,
    };
    rpc_serve(&server);
}
