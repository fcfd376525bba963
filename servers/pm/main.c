/*
 * main.c - the process manager (proto/pm.h): registers "pm" with the name service and
 * serves spawn, give, start, wait, kill, exit, list, caps and interrupt, one request at a
 * time. Who asks is the badge: NS_BADGE_PROCESS(pid) for a process, a server's otherwise;
 * a pid in a message only ever names the process a request is about.
 */
#include "pm.h"
#include "abi/syscalls.h"
#include "ipc_buffer.h"
#include "program.h"
#include "proto/mm.h"
#include "proto/nameserver.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

struct pm_process pm_processes[PM_MAX_PROCESSES];
static unsigned console_badge; /* PM_INTERRUPT's sender: the "console" init names (0: none) */
unsigned pm_process_priority;

struct pm_process *pm_find(unsigned pid)
{
    for (unsigned i = 0; i < PM_MAX_PROCESSES; i++)
        if (pm_processes[i].used && pm_processes[i].pid == pid && pid != 0)
            return &pm_processes[i];
    return NULL;
}

struct pm_process *pm_find_caller(unsigned badge)
{
    struct pm_process *process = NS_BADGE_IS_PROCESS(badge) ? pm_find(NS_BADGE_PID(badge)) : NULL;
    return process && process->state == PM_STATE_RUNNING ? process : NULL;
}

int pm_free_slot(void)
{
    /* The kernel puts new objects in the lowest free slot; one we find empty stays so
     * until this (single-threaded) server makes something. */
    for (int slot = START_SLOT_LAST + 1; slot < PM_CAP_SLOT; slot++)
        if (sys_cap_identify(slot) == OBJECT_NONE)
            return slot;
    return ERR_NO_MEMORY;
}

static int handle_kill(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct pm_process *process = pm_find(request->words[0]);
    if (!process || process->state == PM_STATE_ENDED)
        return ERR_NOT_FOUND;
    bool self = NS_BADGE_PROCESS(process->pid) == request->badge;
    pm_end(process, PM_END_KILLED, 0, 0, 0);
    return self ? RPC_DEFERRED : 0; /* a process that killed itself is gone */
}

static int handle_exit(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct pm_process *process = pm_find_caller(request->badge);
    if (!process)
        return ERR_INVALID; /* not a running process */
    pm_end(process, PM_END_EXIT, request->words[0], 0, 0);
    return RPC_DEFERRED; /* no reply: the caller is gone */
}

static int handle_interrupt(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    if (request->badge == 0 || NS_BADGE_IS_PROCESS(request->badge))
        return ERR_NO_RIGHTS;
    if (console_badge == 0 || request->badge != console_badge)
        return ERR_NO_RIGHTS;
    struct pm_process *process = pm_find(request->words[0]);
    if (!process || process->state == PM_STATE_ENDED)
        return ERR_NOT_FOUND;
    pm_end(process, PM_END_INTERRUPTED, 0, 0, 0);
    return 0;
}

static int handle_list(struct rpc_request *request, struct rpc_response *response)
{
    for (unsigned i = request->words[0]; i < PM_MAX_PROCESSES; i++) {
        const struct pm_process *p = &pm_processes[i];
        if (!p->used)
            continue;
        bool live = p->state != PM_STATE_ENDED;
        int threads = live ? sys_task_info(p->task, TASK_INFO_THREADS) : 0;
        int pages = live ? sys_task_info(p->task, TASK_INFO_USER_PAGES) : 0;
        response->words[0] = p->pid;
        response->words[1] = NS_BADGE_IS_PROCESS(p->parent_badge) ? NS_BADGE_PID(p->parent_badge) : 0;
        response->words[2] = p->state;
        response->words[3] = threads < 0 ? 0 : (unsigned)threads;
        response->words[4] = pages < 0 ? 0 : (unsigned)pages;
        rpc_pack_string(&response->words[5], PM_NAME_WORDS, p->name);
        int priority = live ? sys_thread_info(p->thread, THREAD_INFO_PRIORITY) : 0;
        response->words[5 + PM_NAME_WORDS] = priority < 0 ? 0 : (unsigned)priority;
        response->length = 6 + PM_NAME_WORDS;
        return (int)i + 1;
    }
    return ERR_NOT_FOUND;
}

static int handle_caps(struct rpc_request *request, struct rpc_response *response)
{
    const struct pm_process *p = pm_find(request->words[0]);
    if (!p || p->state == PM_STATE_ENDED)
        return ERR_NOT_FOUND;
    int slots = sys_task_info(p->task, TASK_INFO_CSPACE_SLOTS);
    int count = 0;
    for (unsigned slot = request->words[1]; (int)slot < slots && count < PM_CAPS_MAX; slot++) {
        int identity = sys_task_cap_info(p->task, slot, TASK_CAP_INFO_IDENTITY);
        if (identity <= 0)
            continue; /* empty */
        response->words[count * 3] = slot;
        response->words[count * 3 + 1] = (unsigned)identity;
        response->words[count * 3 + 2] = (unsigned)sys_task_cap_info(p->task, slot, TASK_CAP_INFO_BADGE);
        count++;
    }
    response->length = (unsigned)count * 3;
    return count;
}

static const struct rpc_op pm_ops[] = {
    { PM_SPAWN, 2, 1 + PM_SPAWN_WORDS, false, pm_handle_spawn, "spawn" },
    { PM_GIVE, 2, 2, true, pm_handle_give, "give" },
    { PM_START, 1, 1, false, pm_handle_start, "start" },
    { PM_WAIT, 1, 1, false, pm_handle_wait, "wait" },
    { PM_KILL, 1, 1, false, handle_kill, "kill" },
    { PM_EXIT, 1, 1, false, handle_exit, "exit" },
    { PM_LIST, 1, 1, false, handle_list, "list" },
    { PM_CAPS, 2, 2, false, handle_caps, "caps" },
    { PM_INTERRUPT, 1, 1, false, handle_interrupt, "interrupt" },
    { PM_SET_DIRECTORY, 2, 1 + PM_DIRECTORY_WORDS, false, pm_handle_set_directory, "set_directory" },
};

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct start_info *info = start_info();
    console_badge = start_service_badge("console");
    pm_process_priority = info->process_priority;
    if (pm_process_priority > info->priority) { /* mm could not make such a thread */
        printf("pm: processes asked to run at priority %u, above pm's own %u: they run at %u\n",
               pm_process_priority, info->priority, info->priority);
        pm_process_priority = info->priority;
    }
    int closer = pm_closer_start((int)info->priority);
    if (closer < 0)
        printf("pm: cannot start the closer: %s (stream closes are dropped)\n", error_name(closer));
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "pm");
    int result = rpc_call_long(START_SLOT_NS, NS_REGISTER, name, NS_NAME_WORDS,
                               START_SLOT_SERVICE, -1, NULL, 0, NULL);
    if (result < 0)
        printf("pm: cannot register with the name service: %s\n", error_name(result));
    struct rpc_server server = {
        .name = "pm",
        .endpoint = START_SLOT_SERVICE,
        .ops = pm_ops,
        .op_count = sizeof pm_ops / sizeof pm_ops[0],
        .notified = pm_collect_stopped,
        .cap_slot = PM_CAP_SLOT,
    };
    rpc_serve(&server);
}
