/**
 * @file servers/mm/mm.h
 * @brief The memory manager's own interfaces (its protocol is servers/lib/proto/mm.h):
 *        its table of processes, their regions, and the pieces of main.c, load.c,
 *        space.c and fault.c.
 */
#ifndef ORRERY_MM_H
#define ORRERY_MM_H

#include "proto/mm.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "start_info.h"
#include "types.h"

#define MM_MAX_PROCESSES 64        /**< live processes at once */
#define MM_USER_PDES 768           /**< page-directory entries below USER_SPACE_END */
/** Where a request's capability arrives: above every slot the kernel fills for us (it
 *  takes the lowest free one: a task and a thread per process, and a few more). */
#define MM_CAP_SLOT 255
/** Pids up to here keep NS_BADGE_PROCESS(pid) apart from MM_SHARE_BADGE and MM_FAULT_BADGE
 *  (and the name service makes clients of these only). */
#define MM_MAX_PID NS_PID_MAX
#define MM_STOP_REPORTS MM_MAX_PROCESSES /**< stops told to pm not yet collected */

/** One process: its task, first thread, regions and pages. */
struct mm_process {
    bool used;
    bool stopped;        /**< a fault stopped it: further faults stop its threads too */
    unsigned pid;
    char name[START_NAME_MAX];
    int task;            /**< slot of its task capability */
    int thread;          /**< slot of its first thread's capability */
    unsigned image_start, image_end; /**< the ELF segments' pages */
    unsigned heap_start, brk;
    unsigned heap_paid_end;  /**< heap pages up to here have their quota (a high-water mark) */
    unsigned stack_low;      /**< the lowest stack page mapped */
    unsigned pages;          /**< pages mapped */
    unsigned heap_unmapped;  /**< heap pages paid for but not yet touched */
    unsigned max_pages;
    unsigned tables[MM_USER_PDES / 32]; /**< page tables paid for, by directory index */
};

/** What the dispatch loop's handlers share. */
extern struct mm_process mm_processes[MM_MAX_PROCESSES];

/** The live process @p pid, or NULL. */
struct mm_process *mm_process_find(unsigned pid);

/** An empty slot of mm's own capability space (for a capability to arrive in). */
int mm_free_slot(void);

/**
 * Map @p pages new zeroed pages at @p vaddr in @p process, writable if @p writable, after
 * giving its task the quota they (and any new page table) cost. @p heap: the pages were
 * paid for by MM_SBRK already. @return 0 or ERR_NO_MEMORY (quota or frames), or the
 * kernel's error.
 */
int mm_map(struct mm_process *process, unsigned vaddr, unsigned pages, bool writable, bool heap);

/** Give @p process's task the quota for the page tables of [@p vaddr, @p vaddr + @p pages
 *  pages) it does not have yet. @return 0 or ERR_NO_MEMORY. */
int mm_pay_tables(struct mm_process *process, unsigned vaddr, unsigned pages);

/** The process whose START_SLOT_MM capability carries @p badge (not a fault's or a shared
 *  buffer's handle), if it is live, or NULL. */
struct mm_process *mm_process_of_badge(unsigned badge);

/** Give @p process's task quota for @p pages more pages. @return 0 or ERR_NO_MEMORY. */
int mm_pay_pages(struct mm_process *process, unsigned pages);

/** MM_CREATE (load.c). */
int mm_create(struct rpc_request *request, struct rpc_response *response);

/** Free @p process: its task, its thread, its table entry (space.c). */
void mm_process_free(struct mm_process *process);

/** MM_SHARE_CREATE and MM_SHARE_MAP (share.c). */
int mm_handle_share_create(struct rpc_request *request, struct rpc_response *response);
int mm_handle_share_map(struct rpc_request *request, struct rpc_response *response);

/** @p process ends: unmap every shared buffer it uses, and free those it was the last
 *  user of (share.c; before its task goes). */
void mm_share_leave_all(struct mm_process *process);

/** A fault message (fault.c): resolve it (result 0: resume) or stop the process. */
int mm_fault(struct rpc_request *request, struct rpc_response *response);

/** MM_STOPPED (fault.c): the oldest stop pm has not collected. */
int mm_stopped(struct rpc_request *request, struct rpc_response *response);

/** Whether @p badge is the process manager's: the badge init named "pm" by in our start
 *  information (start_service_badge), whatever order requests come in. */
bool mm_caller_is_pm(unsigned badge);

/** The notification pm gave with MM_WATCH (a slot), or -1. */
extern int mm_watch_notification;

#endif
