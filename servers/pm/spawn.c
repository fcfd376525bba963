/*
 * spawn.c - making a process in three steps: PM_SPAWN (the memory manager builds its task
 * and first thread, suspended; we add its capabilities to us and to the name service),
 * PM_GIVE (its streams and more, one capability a message), PM_SET_DIRECTORY (its working
 * directory, into its start information), PM_START.
 */
#include "pm.h"
#include "proto/mm.h"
#include "proto/nameserver.h"
#include "cstring.h"
#include "syscall_stubs.h"

#define CLIENT_RIGHTS (RIGHT_WRITE | RIGHT_GRANT) /* what a process's pm capability may do */

static int mm_endpoint = -1;
static unsigned next_pid = 1;

/* rpc_call_for_cap() into a free slot of ours. @return the slot or an error. */
static int call_for_cap(int endpoint, unsigned label, const unsigned *words, unsigned count)
{
    int slot = pm_free_slot();
    return slot < 0 ? slot : rpc_call_for_cap(endpoint, label, words, count, -1, slot);
}

int pm_mm(void)
{
    if (mm_endpoint >= 0)
        return mm_endpoint;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "mm");
    int mm = call_for_cap(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS);
    if (mm < 0)
        return mm;
    /* The memory manager tells us of the processes it stops through a notification bound
     * to our thread: the dispatch loop hands its bits to pm_collect_stopped(). */
    int notification = sys_notification_create();
    int result = notification;
    if (notification >= 0)
        result = sys_thread_bind_notification(CAP_SELF_THREAD, notification);
    if (result >= 0)
        result = rpc_call_long(mm, MM_WATCH, NULL, 0, notification, -1, NULL, 0, NULL);
    if (result < 0) {
        sys_cap_delete(mm);
        if (notification >= 0)
            sys_cap_delete(notification);
        return result;
    }
    mm_endpoint = mm;
    return mm;
}

/* Give the new process its pm and name-service capabilities. */
static int install_services(struct pm_process *process)
{
    int result = sys_cap_mint(START_SLOT_SERVICE, process->task, START_SLOT_PM, CLIENT_RIGHTS,
                              NS_BADGE_PROCESS(process->pid));
    if (result < 0)
        return result;
    int ns = call_for_cap(START_SLOT_NS, NS_CLIENT, &process->pid, 1);
    if (ns < 0)
        return ns;
    result = sys_cap_copy(ns, process->task, START_SLOT_NS);
    if (result < 0) {
        sys_cap_delete(ns);
        return result;
    }
    process->ns = ns; /* kept: to close its file-server connection if it does not exit */
    return 0;
}

int pm_handle_spawn(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned flags = request->words[0];
    const char *program = (const char *)&request->words[1];
    if ((flags & ~PM_SPAWN_PAGES_MASK) || request->length < 2 || program[0] == '\0')
        return ERR_INVALID;
    struct pm_process *process = NULL;
    for (unsigned i = 0; i < PM_MAX_PROCESSES && !process; i++)
        if (!pm_processes[i].used)
            process = &pm_processes[i];
    if (!process)
        return ERR_NO_MEMORY;
    int mm = pm_mm();
    if (mm < 0)
        return mm;

    unsigned words[IPC_MAX_WORDS];
    unsigned pid = next_pid;
    words[0] = pid;
    words[1] = pm_process_priority;
    words[2] = flags & PM_SPAWN_PAGES_MASK;
    memcpy(&words[3], &request->words[1], (request->length - 1) * 4);
    int task = call_for_cap(mm, MM_CREATE, words, 3 + request->length - 1);
    if (task < 0)
        return task;
    next_pid++;
    *process = (struct pm_process){ .used = true, .state = PM_STATE_NEW, .pid = pid,
                                    .parent_badge = request->badge, .task = task, .thread = -1,
                                    .streams = { -1, -1, -1 }, .ns = -1 };
    strlcpy(process->name, program, sizeof process->name); /* mm found its NUL */
    process->thread = call_for_cap(mm, MM_THREAD, &pid, 1);
    int result = process->thread < 0 ? process->thread : install_services(process);
    if (result < 0) {
        rpc_call(mm, MM_DESTROY, 1, pid, 0, 0, NULL);
        if (process->thread < 0)
            process->thread = -1;
        pm_forget(process);
        return result;
    }
    return (int)pid;
}

/* The process a spawner's request (PM_GIVE, PM_START) names, not started yet. */
static struct pm_process *new_child(const struct rpc_request *request, int *error)
{
    struct pm_process *process = pm_find(request->words[0]);
    *error = ERR_NOT_FOUND;
    if (!process || process->state == PM_STATE_ENDED)
        return NULL;
    *error = ERR_NO_RIGHTS;
    if (process->parent_badge != request->badge || process->state != PM_STATE_NEW)
        return NULL;
    return process;
}

int pm_handle_give(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct pm_process *process = new_child(request, &error);
    if (!process)
        return error;
    unsigned slot = request->words[1];
    bool stream = slot >= START_SLOT_STDIN && slot <= START_SLOT_STDERR;
    if (!stream && (slot <= START_SLOT_LAST || slot >= CSPACE_SLOTS))
        return ERR_INVALID;
    int copy = -1;
    if (stream) {
        copy = pm_free_slot();
        if (copy < 0 || sys_cap_copy(request->cap, CAP_SELF_TASK, copy) < 0)
            return ERR_NO_MEMORY;
    }
    int result = sys_cap_copy(request->cap, process->task, (int)slot);
    if (result < 0) {
        if (copy >= 0)
            sys_cap_delete(copy);
        return result;
    }
    if (stream)
        process->streams[slot - START_SLOT_STDIN] = copy; /* the slot was empty: no old copy */
    return 0;
}

int pm_handle_start(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct pm_process *process = new_child(request, &error);
    if (!process)
        return error;
    int result = sys_thread_resume(process->thread);
    if (result < 0)
        return result;
    process->state = PM_STATE_RUNNING;
    return 0;
}

int pm_handle_set_directory(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct pm_process *process = new_child(request, &error);
    if (!process)
        return error;
    char directory[START_CWD_MAX];
    memset(directory, 0, sizeof directory);
    memcpy(directory, &request->words[1], (request->length - 1) * 4);
    if (directory[0] != '/' || !memchr(directory, '\0', sizeof directory))
        return ERR_INVALID;
    /* The start page is the new process's (mm wrote it); nothing runs there yet. */
    return sys_task_write(process->task, START_INFO_ADDRESS + offsetof(struct start_info, cwd),
                          directory, sizeof directory);
}
