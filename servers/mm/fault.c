/*
 * fault.c - the memory manager as the pager of every process thread. Nothing of a process
 * is mapped before it touches it (but its start information, IPC buffer and first stack
 * page): fault_decide() (fault_decide.c, Lab 5's hole) says what each page fault gets, and
 * this file does it: a page of the program read from its file (FILL_FILE), a zeroed page
 * for the heap, the stack or a segment's bss (FILL_ZERO), each counted against the
 * process's page limit; or it stops the process, with a report line naming the address
 * and the region it missed, and a note for the process manager (MM_WATCH's notification,
 * MM_STOPPED). Any other exception stops the process the same way.
 */
#include "mm.h"
#include "fault_decide.h"
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

/* Which page of which process fill_from_program fills. */
struct image_page {
    struct mm_process *process;
    unsigned page;
};

/* mm_page_filler for a page of the program's image. */
static int fill_from_program(uint8_t *bytes, void *context)
{
    const struct image_page *at = context;
    return mm_fill_from_program(at->process, at->page, bytes);
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

/* Give @p process the page @p decision says at @p address, counting it where its region
 * counts. @return 0, or an error (ERR_NO_MEMORY: past the page limit, or no memory). */
static int fill_page(struct mm_process *process, unsigned address,
                     const struct fault_decision *decision)
{
    unsigned page = ALIGN_DOWN(address, PAGE_SIZE);
    mm_page_filler filler = decision->action == FAULT_FILL_FILE ? fill_from_program : NULL;
    /* Counted by where the page is, not by what the decision says it is. */
    enum mm_region_kind kind = mm_region_of(process, address).kind;
    switch (kind) {
    case REGION_HEAP: /* below the break: counted and set aside by MM_SBRK */
        if (process->heap_unmapped == 0)
            return ERR_NO_MEMORY; /* a heap that shrank and grew back over its pages */
        break;
    case REGION_IMAGE: /* counted and set aside at MM_CREATE */
        if (process->image_unfilled == 0)
            return ERR_NO_MEMORY;
        break;
    default: /* the stack: counted now */
        if (process->pages + process->heap_unmapped + 1 > process->max_pages)
            return ERR_NO_MEMORY;
        if (mm_reserve(1) < 0)
            return ERR_NO_MEMORY;
        break;
    }
    struct image_page at = { process, page };
    int result = mm_page_new(process, page, decision->writable, filler, &at);
    switch (kind) {
    case REGION_HEAP:
        if (result == 0) {
            process->heap_unmapped--, process->pages++;
            mm_unreserve(1);
        }
        break;
    case REGION_IMAGE:
        if (result == 0) {
            process->image_unfilled--;
            mm_unreserve(1);
        }
        break;
    default:
        mm_unreserve(1);
        if (result == 0) {
            process->pages++;
            if (page < process->stack_low)
                process->stack_low = page;
        }
        break;
    }
    return result;
}

/* Report why @p decision refused the fault at @p address. */
static void report_refusal(const struct mm_process *process, unsigned address, unsigned eip,
                           unsigned access, const struct fault_decision *decision)
{
    const struct mm_region *r = &decision->region;
    if (decision->refusal == REFUSE_NOT_ALLOWED)
        printf("mm: process %u (%s) stopped: page fault at 0x%08x (eip 0x%08x), a %s not "
               "allowed in %s 0x%08x-0x%08x\n", process->pid, process->name, address, eip,
               access & FAULT_ACCESS_WRITE ? "write" : "read", r->name, r->start, r->end);
    else
        printf("mm: process %u (%s) stopped: page fault at 0x%08x (eip 0x%08x), not in any "
               "region (nearest: %s 0x%08x-0x%08x)\n", process->pid, process->name, address,
               eip, r->name, r->start, r->end);
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
    const struct page_entry *entry = address < USER_SPACE_END ? page_map_find(&process->map, address) : NULL;
    if (entry && entry->state == PAGE_RESIDENT && !(access & FAULT_ACCESS_PRESENT))
        return 0; /* another thread of the process had it filled meanwhile: resume */
    struct fault_decision decision = fault_decide(process, entry, address, access);
    int result;
    switch (decision.action) {
    case FAULT_FILL_ZERO:
    case FAULT_FILL_FILE:
        if (entry && entry->state != PAGE_NONE) {
            result = ERR_INVALID; /* a fill of a page that has something: a wrong decision */
            break;
        }
        result = fill_page(process, address, &decision);
        break;
    case FAULT_COW_COPY: /* copy-on-write (cow.c) and swapping come with their code */
    case FAULT_SWAP_IN:
        result = ERR_INVALID;
        break;
    case FAULT_REFUSE:
        report_refusal(process, address, eip, access, &decision);
        return stop(process, PM_END_FAULT, vector, address, eip);
    default:
        printf("mm: process %u (%s): fault_decide gave no action (%d) for 0x%08x\n", pid,
               process->name, (int)decision.action, address);
        return stop(process, PM_END_FAULT, vector, address, eip);
    }
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
