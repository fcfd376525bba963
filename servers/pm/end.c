/*
 * end.c - how processes end (exit, a fault the memory manager reported, kill, Ctrl-C) and
 * how parents learn of it (PM_WAIT, answered later through a saved reply when the child
 * is still running). Everything a process had goes: its memory (MM_DESTROY), our copies
 * of its capabilities, its standard streams (STREAM_CLOSE on our copies, sent by the
 * closer: closer.c), its file-server connection if it did not exit, its waits.
 */
#include "pm.h"
#include "ipc_buffer.h"
#include "proto/mm.h"
#include "proto/nameserver.h"
#include "proto/stream.h"
#include "syscall_stubs.h"

/* PM_WAITs not answered yet. */
static struct pm_waiter {
    bool used;
    unsigned badge; /* who waits */
    unsigned pid;   /* for whom (0: any child) */
    int reply;      /* the saved reply */
} waiters[PM_MAX_WAITERS];

/* The words PM_WAIT answers about @p child. */
static void wait_words(const struct pm_process *child, unsigned words[4])
{
    words[0] = child->end;
    words[1] = child->status;
    words[2] = child->address;
    words[3] = child->eip;
}

/* Answer a saved PM_WAIT with @p child's end (five words: the two past the registers
 * through our IPC buffer). */
static void answer_later(int reply, const struct pm_process *child)
{
    unsigned words[4];
    wait_words(child, words);
    struct ipc_buffer *buffer = ipc_buffer_self();
    buffer->words[3] = words[2];
    buffer->words[4] = words[3];
    buffer->send_cap_slot = 0;
    if (sys_reply(reply, IPC_TAG(RPC_REPLY, 5, 0), child->pid, words[0], words[1]) < 0)
        sys_cap_delete(reply); /* the waiter went away */
}

/* A process that did not exit could not end its connection to the file server: look it up
 * as the process would (its name-service capability @p ns: the same badge) and have the
 * closer send STREAM_CLOSE on it, so that the server frees what the process left open. */
static void close_file_server_connection(int ns)
{
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "fs");
    int slot = pm_free_slot();
    if (slot >= 0 && rpc_call_for_cap(ns, NS_LOOKUP, name, NS_NAME_WORDS, -1, slot) >= 0)
        pm_close_stream(slot); /* no file server (or none for processes): nothing to close */
}

void pm_forget(struct pm_process *process)
{
    if (process->task >= 0)
        sys_cap_delete(process->task);
    if (process->thread >= 0)
        sys_cap_delete(process->thread);
    if (process->ns >= 0)
        sys_cap_delete(process->ns);
    *process = (struct pm_process){ 0 };
}

/* @p child has ended: answer its parent's wait, or forget it if it has no parent. */
static void tell_parent(struct pm_process *child)
{
    if (child->parent_badge == 0) {
        pm_forget(child);
        return;
    }
    for (unsigned i = 0; i < PM_MAX_WAITERS; i++) {
        struct pm_waiter *w = &waiters[i];
        if (w->used && w->badge == child->parent_badge && (w->pid == 0 || w->pid == child->pid)) {
            answer_later(w->reply, child);
            w->used = false;
            pm_forget(child);
            return;
        }
    }
}

void pm_end(struct pm_process *process, unsigned end, unsigned status, unsigned address,
            unsigned eip)
{
    if (!process || process->state == PM_STATE_ENDED)
        return;
    unsigned badge = NS_BADGE_PROCESS(process->pid);
    process->state = PM_STATE_ENDED;
    process->end = end, process->status = status;
    process->address = address, process->eip = eip;
    /* Our copies first (the thread's would keep a dead thread), then its memory. */
    sys_cap_delete(process->thread);
    sys_cap_delete(process->task);
    process->thread = process->task = -1;
    int mm = pm_mm();
    if (mm >= 0)
        rpc_call(mm, MM_DESTROY, 1, process->pid, 0, 0, NULL);
    for (unsigned i = 0; i < PM_STREAMS; i++)
        if (process->streams[i] >= 0) {
            pm_close_stream(process->streams[i]);
            process->streams[i] = -1;
        }
    if (process->ns >= 0) {
        if (end != PM_END_EXIT)
            close_file_server_connection(process->ns);
        sys_cap_delete(process->ns);
        process->ns = -1;
    }
    for (unsigned i = 0; i < PM_MAX_WAITERS; i++)
        if (waiters[i].used && waiters[i].badge == badge) {
            sys_cap_delete(waiters[i].reply); /* it waits no more */
            waiters[i].used = false;
        }
    for (unsigned i = 0; i < PM_MAX_PROCESSES; i++) {
        struct pm_process *child = &pm_processes[i];
        if (child->used && child->parent_badge == badge) {
            child->parent_badge = 0; /* an orphan: nobody will wait for it */
            if (child->state == PM_STATE_ENDED)
                pm_forget(child);
            else if (child->state == PM_STATE_NEW) /* nobody can start it: it goes too */
                pm_end(child, PM_END_KILLED, 0, 0, 0); /* (it has no children: one level) */
        }
    }
    tell_parent(process);
}

void pm_collect_stopped(unsigned bits)
{
    (void)bits;
    int mm = pm_mm();
    unsigned out[4];
    int pid;
    while (mm >= 0 && (pid = rpc_call_long(mm, MM_STOPPED, NULL, 0, -1, -1, out, 4, NULL)) > 0)
        pm_end(pm_find((unsigned)pid), out[0], out[1], out[2], out[3]);
}

/* A child of @p badge that has ended (for @p pid, or any if 0); *any_child: one exists. */
static struct pm_process *ended_child(unsigned badge, unsigned pid, bool *any_child)
{
    *any_child = false;
    for (unsigned i = 0; i < PM_MAX_PROCESSES; i++) {
        struct pm_process *p = &pm_processes[i];
        if (!p->used || p->parent_badge != badge || (pid && p->pid != pid))
            continue;
        *any_child = true;
        if (p->state == PM_STATE_ENDED)
            return p;
    }
    return NULL;
}

int pm_handle_wait(struct rpc_request *request, struct rpc_response *response)
{
    unsigned pid = request->words[0];
    bool any_child;
    struct pm_process *child = ended_child(request->badge, pid, &any_child);
    if (child) {
        unsigned words[4];
        wait_words(child, words);
        for (unsigned i = 0; i < 4; i++)
            response->words[i] = words[i];
        response->length = 4;
        int result = (int)child->pid;
        pm_forget(child);
        return result;
    }
    if (!any_child)
        return ERR_NOT_FOUND;
    struct pm_waiter *free = NULL;
    for (unsigned i = 0; i < PM_MAX_WAITERS; i++) {
        if (waiters[i].used && waiters[i].badge == request->badge)
            return ERR_EXISTS;
        if (!waiters[i].used && !free)
            free = &waiters[i];
    }
    if (!free)
        return ERR_NO_MEMORY;
    int reply = rpc_defer();
    if (reply < 0)
        return reply;
    *free = (struct pm_waiter){ true, request->badge, pid, reply };
    return RPC_DEFERRED;
}
