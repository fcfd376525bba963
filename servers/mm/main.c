/*
 * main.c - the memory manager (proto/mm.h): registers "mm" with the name service and
 * serves the process manager (MM_CREATE ... MM_STOPPED), the processes (MM_SBRK, MM_STAT)
 * and their threads' faults, one request at a time.
 */
#include "mm.h"
#include "slots.h"
#include "abi/syscalls.h"
#include "ipc_buffer.h"
#include "program.h"
#include "proto/nameserver.h"
#include "stdio.h"
#include "syscall_stubs.h"

/* Slots mm's capability space has room for from the start (it grows a page of slots at a
 * time as mm takes more, and never shrinks): a capability per page of every process. */
#define MM_INITIAL_SLOTS 1024

static unsigned pm_badge; /* the badge init named "pm" by (start_info.h), 0: none */

bool mm_caller_is_pm(unsigned badge)
{
    /* Never a process's or a fault's badge (those are NS_BADGE_IS_PROCESS): init gives
     * servers badges below them. */
    return pm_badge != 0 && badge == pm_badge && !NS_BADGE_IS_PROCESS(badge);
}

/* The process a pm-only request names, or NULL (and *error says why). */
static struct mm_process *pm_target(const struct rpc_request *request, int *error)
{
    *error = ERR_NO_RIGHTS;
    if (!mm_caller_is_pm(request->badge))
        return NULL;
    *error = ERR_NOT_FOUND;
    return mm_process_find(request->words[0]);
}

static int handle_create(struct rpc_request *request, struct rpc_response *response)
{
    if (!mm_caller_is_pm(request->badge))
        return ERR_NO_RIGHTS;
    return mm_create(request, response);
}

static int handle_thread(struct rpc_request *request, struct rpc_response *response)
{
    int error;
    struct mm_process *process = pm_target(request, &error);
    if (!process)
        return error;
    response->cap = process->thread;
    return 0;
}

static int handle_destroy(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int error;
    struct mm_process *process = pm_target(request, &error);
    if (!process)
        return error;
    mm_process_free(process);
    return 0;
}

static int handle_sbrk(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct mm_process *process = mm_process_of_badge(request->badge);
    if (!process)
        return ERR_NO_RIGHTS;
    unsigned increment = request->words[0], old = process->brk, brk;
    if ((int)increment < 0) { /* shrink by its magnitude, computed without overflow */
        if (0u - increment > old - process->heap_start)
            return ERR_INVALID;
        brk = old - (0u - increment);
    } else {
        if (increment > MM_HEAP_END - old)
            return ERR_NO_MEMORY;
        brk = old + increment;
    }
    unsigned paid_end = ALIGN_UP(brk, PAGE_SIZE);
    if (paid_end > process->heap_paid_end) {
        unsigned more = (paid_end - process->heap_paid_end) / PAGE_SIZE;
        if (process->pages + process->heap_unmapped + more > process->max_pages ||
            mm_reserve(more) < 0)
            return ERR_NO_MEMORY;
        unsigned first = process->heap_paid_end;
        process->heap_unmapped += more;
        process->heap_paid_end = paid_end;
        /* A wired process never faults (wired.c): its new heap pages are mapped now. */
        for (unsigned page = first; process->wired && page < paid_end; page += PAGE_SIZE) {
            if (mm_page_new(process, page, true, NULL, NULL) < 0)
                return ERR_NO_MEMORY; /* the rest stays paid for, to be filled on a fault */
            process->heap_unmapped--, process->pages++;
            mm_unreserve(1);
        }
    }
    process->brk = brk;
    return (int)old;
}

static int handle_stat(struct rpc_request *request, struct rpc_response *response)
{
    unsigned pid = request->words[0], badge = request->badge;
    if (pid == 0 && mm_process_of_badge(badge))
        pid = NS_BADGE_PID(badge);
    struct mm_process *process = mm_process_find(pid);
    if (!process)
        return ERR_NOT_FOUND;
    response->words[0] = process->max_pages;
    response->words[1] = (unsigned)sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    response->words[2] = process->resident;
    response->length = 3;
    return (int)process->pages;
}

static int handle_watch(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    if (!mm_caller_is_pm(request->badge))
        return ERR_NO_RIGHTS;
    if ((sys_cap_identify(request->cap) & 0xFF) != OBJECT_NOTIFICATION)
        return ERR_INVALID;
    int slot = mm_free_slot();
    if (slot < 0 || sys_cap_copy(request->cap, CAP_SELF_TASK, slot) < 0) {
        slots_give_back(slot);
        return ERR_NO_MEMORY;
    }
    if (mm_watch_notification >= 0)
        slots_delete(mm_watch_notification);
    mm_watch_notification = slot;
    return 0;
}

static const struct rpc_op mm_ops[] = {
    { MM_CREATE, 4, IPC_MAX_WORDS, false, handle_create, "create" },
    { MM_THREAD, 1, 1, false, handle_thread, "thread" },
    { MM_DESTROY, 1, 1, false, handle_destroy, "destroy" },
    { MM_SBRK, 1, 1, false, handle_sbrk, "sbrk" },
    { MM_STAT, 1, 1, false, handle_stat, "stat" },
    { MM_WATCH, 0, 0, true, handle_watch, "watch" },
    { MM_STOPPED, 0, 0, false, mm_stopped, "stopped" },
    { MM_SHARE_CREATE, 1, 1, false, mm_handle_share_create, "share_create" },
    { MM_SHARE_MAP, 1, 1, true, mm_handle_share_map, "share_map" },
    { IPC_LABEL_FAULT, 4, 4, false, mm_fault, "fault" },
};

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    pm_badge = start_service_badge("pm");
    /* Room for MM_INITIAL_SLOTS now, so that the capability space does not grow (and keep
     * what it grew) while processes come and go: a copy of ourselves in the last slot of
     * that room, deleted at once, makes it. */
    if (sys_cap_copy(CAP_SELF_TASK, CAP_SELF_TASK, MM_INITIAL_SLOTS - 1) == 0)
        sys_cap_delete(MM_INITIAL_SLOTS - 1);
    slots_init(MM_CAP_SLOT);
    for (unsigned i = 0; i < MM_MAX_PROCESSES; i++)
        mm_processes[i].task = mm_processes[i].thread = -1;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "mm");
    int result = rpc_call_long(START_SLOT_NS, NS_REGISTER, name, NS_NAME_WORDS,
                               START_SLOT_SERVICE, -1, NULL, 0, NULL);
    if (result < 0)
        printf("mm: cannot register with the name service: %s\n", error_name(result));
    struct rpc_server server = {
        .name = "mm",
        .endpoint = START_SLOT_SERVICE,
        .ops = mm_ops,
        .op_count = sizeof mm_ops / sizeof mm_ops[0],
        .cap_slot = MM_CAP_SLOT,
    };
    rpc_serve(&server);
}
