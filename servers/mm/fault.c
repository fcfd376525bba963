/*
 * fault.c - the memory manager as the pager of every process thread: a page fault in the
 * heap (below the break) or the stack (down to MM_STACK_LIMIT) gets a fresh zeroed page;
 * any other fault stops the process, with a report line naming the address and the region
 * it missed, and a note for the process manager (MM_WATCH's notification, MM_STOPPED).
 */
#include "mm.h"
#include "abi/user_bootinfo.h"
#include "proto/nameserver.h"
#include "proto/pm.h"
#include "stdio.h"
#include "syscall_stubs.h"

#define VECTOR_PAGE_FAULT 14

int mm_watch_notification = -1;

/* What the process manager has not collected yet (MM_STOPPED), oldest first. */
static struct stop_report {
    unsigned pid, end, vector, address, eip;
} reports[MM_STOP_REPORTS];
static unsigned report_first, report_count;

static const char *const vector_names[] = {
    "divide error", "debug exception", "non-maskable interrupt", "breakpoint", "overflow",
    "bound range exceeded", "invalid opcode", "no FPU", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection fault",
    "page fault", "reserved exception", "FPU error", "alignment check", "machine check",
    "SIMD floating-point error",
};

static const char *vector_name(unsigned vector)
{
    return vector < sizeof vector_names / sizeof vector_names[0] ? vector_names[vector]
                                                                  : "exception";
}

/* A region of a process, for the report. */
struct region {
    const char *name;
    unsigned start, end;
};

/* The region of @p process nearest to @p address. */
static struct region nearest_region(const struct mm_process *process, unsigned address)
{
    const struct region regions[] = {
        { "code and data", process->image_start, process->image_end },
        { "heap", process->heap_start, process->brk },
        { "stack", MM_STACK_LIMIT, USER_STACK_TOP },
        { "IPC buffer", START_IPC_BUFFER_ADDRESS, START_IPC_BUFFER_ADDRESS + PAGE_SIZE },
        { "start information", START_INFO_ADDRESS, START_INFO_ADDRESS + PAGE_SIZE },
    };
    struct region best = regions[0];
    unsigned best_distance = ~0u;
    for (unsigned i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        const struct region *r = &regions[i];
        unsigned distance = address < r->start ? r->start - address
                          : address >= r->end ? address - r->end + 1 : 0;
        if (distance < best_distance)
            best = *r, best_distance = distance;
    }
    return best;
}

/* Stop the faulting thread (the reply IPC_LABEL_FAULT_STOP) and, if @p process is one,
 * remember why for pm. */
static int stop(struct mm_process *process, unsigned end, unsigned vector, unsigned address,
                unsigned eip)
{
    if (process && !process->stopped) {
        process->stopped = true;
        if (report_count == MM_STOP_REPORTS) { /* pm does not collect: drop the oldest */
            report_first = (report_first + 1) % MM_STOP_REPORTS;
            report_count--;
        }
        reports[(report_first + report_count++) % MM_STOP_REPORTS] =
            (struct stop_report){ process->pid, end, vector, address, eip };
        if (mm_watch_notification >= 0)
            sys_signal(mm_watch_notification);
    }
    int reply = rpc_defer();
    if (reply >= 0)
        sys_reply(reply, IPC_TAG(IPC_LABEL_FAULT_STOP, 0, 0), 0, 0, 0);
    return RPC_DEFERRED;
}

/* A page the process may have: fill it. @return 0 (resume), or an error (stop). */
static int fill_page(struct mm_process *process, unsigned address)
{
    unsigned page = ALIGN_DOWN(address, PAGE_SIZE);
    if (address >= process->heap_start && address < process->brk)
        return mm_map(process, page, 1, true, true);
    int result = mm_map(process, page, 1, true, false);
    if (result == 0 && page < process->stack_low)
        process->stack_low = page;
    return result;
}

int mm_fault(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned badge = request->badge, pid = 0;
    if (MM_BADGE_IS_FAULT(badge))
        pid = MM_FAULT_BADGE_PID(badge);
    else if (mm_process_of_badge(badge))
        pid = NS_BADGE_PID(badge);
    struct mm_process *process = mm_process_find(pid);
    unsigned address = request->words[0], eip = request->words[1];
    unsigned access = request->words[2], vector = request->words[3];
    if (!process || process->stopped)
        return stop(NULL, 0, 0, 0, 0);
    if (vector != VECTOR_PAGE_FAULT) {
        printf("mm: process %u (%s) stopped: %s (vector %u) at eip 0x%08x\n", pid,
               process->name, vector_name(vector), vector, eip);
        return stop(process, PM_END_FAULT, vector, address, eip);
    }
    bool in_heap = address >= process->heap_start && address < process->brk;
    bool in_stack = address >= MM_STACK_LIMIT && address < USER_STACK_TOP;
    if (access & FAULT_ACCESS_PRESENT) {
        struct region r = nearest_region(process, address);
        printf("mm: process %u (%s) stopped: page fault at 0x%08x (eip 0x%08x), a %s not "
               "allowed in %s 0x%08x-0x%08x\n", pid, process->name, address, eip,
               access & FAULT_ACCESS_WRITE ? "write" : "read", r.name, r.start, r.end);
        return stop(process, PM_END_FAULT, vector, address, eip);
    }
    if (!in_heap && !in_stack) {
        struct region r = nearest_region(process, address);
        printf("mm: process %u (%s) stopped: page fault at 0x%08x (eip 0x%08x), not in any "
               "region (nearest: %s 0x%08x-0x%08x)\n", pid, process->name, address, eip,
               r.name, r.start, r.end);
        return stop(process, PM_END_FAULT, vector, address, eip);
    }
    int result = fill_page(process, address);
    if (result < 0) {
        printf("mm: process %u (%s) stopped: out of memory at 0x%08x (eip 0x%08x), %u of "
               "%u pages in use\n", pid, process->name, address, eip, process->pages,
               process->max_pages);
        return stop(process, PM_END_NO_MEMORY, vector, address, eip);
    }
    return 0; /* the reply (label 0) resumes the thread */
}

int mm_stopped(struct rpc_request *request, struct rpc_response *response)
{
    if (!mm_caller_is_pm(request->badge))
        return ERR_NO_RIGHTS;
    if (report_count == 0)
        return ERR_NOT_FOUND;
    const struct stop_report *r = &reports[report_first];
    report_first = (report_first + 1) % MM_STOP_REPORTS;
    report_count--;
    response->words[0] = r->end;
    response->words[1] = r->vector;
    response->words[2] = r->address;
    response->words[3] = r->eip;
    response->length = 4;
    return (int)r->pid;
}
