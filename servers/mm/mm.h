/**
 * @file servers/mm/mm.h
 * @brief The memory manager's own interfaces (its protocol is servers/lib/proto/mm.h):
 *        its table of processes, their regions, and the pieces of main.c, load.c,
 *        space.c and fault.c.
 */
#ifndef ORRERY_MM_H
#define ORRERY_MM_H

#include "disk_program.h"
#include "page_map.h"
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

#define MM_SEGMENTS_MAX 8          /**< loadable ELF segments a program may have */
/** Stack pages a wired process gets at its creation (it never faults: wired.c). */
#define MM_WIRED_STACK_PAGES 16

/** One loadable segment of a process's program (an ELF program header's numbers). */
struct mm_segment {
    unsigned vaddr, memsz;  /**< where it is, and its size in memory */
    unsigned offset, filesz; /**< where its bytes are in the file, and how many (the rest: bss) */
    bool writable;
};

/** Where a process's program bytes come from, for the pages filled on first touch: the
 *  disk's /bin file (kept open: disk_program.h) or a boot file (bootfs's file number). */
struct mm_program {
    bool open;               /**< pages may still be read from it */
    bool from_disk;
    int bootfs_file;         /**< a boot file: its number */
    struct mm_disk_file disk; /**< the disk's: the open file */
};

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
    /** Pages counted against max_pages: the whole image (filled or not), the stack and heap
     *  pages touched, the shared buffers it uses. */
    unsigned pages;
    unsigned heap_unmapped;  /**< heap pages below the break (paid end) not yet touched */
    unsigned image_unfilled; /**< image pages not filled yet (their memory is reserved) */
    unsigned resident;       /**< pages with a frame of ours mapped now */
    unsigned max_pages;
    unsigned tables[MM_USER_PDES / 32]; /**< page tables paid for, by directory index */
    bool wired;              /**< mm depends on it: every page mapped before it runs (wired.c) */
    struct page_map map;     /**< what each page is (page_map.h) */
    unsigned segment_count;
    struct mm_segment segments[MM_SEGMENTS_MAX];
    struct mm_program program;
};

/** What the dispatch loop's handlers share. */
extern struct mm_process mm_processes[MM_MAX_PROCESSES];

/** The live process @p pid, or NULL. */
struct mm_process *mm_process_find(unsigned pid);

/** An empty slot of mm's own capability space (for a capability to arrive in), taken
 *  (slots.h: slots_delete gives it back). @return it or ERR_NO_MEMORY. */
int mm_free_slot(void);

/**
 * Fill a new page's bytes (@p page, PAGE_SIZE bytes, zero to begin with, mapped in mm for
 * the moment) for mm_page_new. @return 0 or an error (the page is not mapped then).
 */
typedef int (*mm_page_filler)(uint8_t *page, void *context);

/**
 * Give @p process a new page at @p vaddr (page-aligned, PAGE_NONE in its map): a new frame of
 * the frame table, zeroed, filled by @p fill (if not NULL) and mapped (writable if
 * @p writable) through the frame's own capability; the page map entry says resident.
 * Counts resident, not pages (the caller counts what the limit counts).
 * @return 0, or ERR_NO_MEMORY (no frame, no table entry, no quota for a page table), or
 *         @p fill's error, or the kernel's.
 */
int mm_page_new(struct mm_process *process, unsigned vaddr, bool writable, mm_page_filler fill,
                void *context);

/**
 * Map frame @p frame (a frame table index, resident elsewhere already) at @p vaddr
 * (PAGE_NONE in @p process's map) too: a copy of mm's capability to it (a capability maps
 * its frame once) mapped with @p flags (PAGE_WRITABLE maps it writable; PAGE_COW is only
 * recorded), one more reference on the frame, and the entry resident through the copy.
 * Counts resident. For sharing a page (copy-on-write fork).
 * @return 0, or ERR_NO_MEMORY (no slot, no table, no quota for a page table), or the kernel's.
 */
int mm_page_share(struct mm_process *process, unsigned vaddr, unsigned frame, unsigned flags);

/** Remove @p process's page at @p vaddr (@p entry, its map's): unmap it, delete the
 *  capability that mapped it if it was a copy, and drop the frame's reference (the frame
 *  goes with its last). The entry becomes PAGE_NONE. A swapped entry is left to the swap code. */
void mm_page_remove(struct mm_process *process, unsigned vaddr, struct page_entry *entry);

/** Set aside @p pages of mm's memory for pages promised (a heap's break, an image not
 *  filled yet): frames made later then cannot fail for lack of memory. @return 0 or
 *  ERR_NO_MEMORY (mm's quota, less what is set aside, less a margin, is too small). */
int mm_reserve(unsigned pages);

/** Give back @p pages set aside (a promised page got its frame, or its process ended). */
void mm_unreserve(unsigned pages);

/** Pages set aside now (mm_reserve). */
extern unsigned mm_reserved_pages;

/** Give @p process's task the quota for the page tables of [@p vaddr, @p vaddr + @p pages
 *  pages) it does not have yet. @return 0 or ERR_NO_MEMORY. */
int mm_pay_tables(struct mm_process *process, unsigned vaddr, unsigned pages);

/** The process whose START_SLOT_MM capability carries @p badge (not a fault's or a shared
 *  buffer's handle), if it is live, or NULL. */
struct mm_process *mm_process_of_badge(unsigned badge);

/** Give @p process's task quota for @p pages more pages. @return 0 or ERR_NO_MEMORY. */
int mm_pay_pages(struct mm_process *process, unsigned pages);

/** Whether the program @p name is one mm depends on, whose processes are wired (wired.c). */
bool mm_program_is_wired(const char *name);

/** Fill the page at @p page of @p process's image from its program (@p bytes, mapped in mm
 *  while filled): the file bytes of every segment on the page, zero the rest (load.c). */
int mm_fill_from_program(struct mm_process *process, unsigned page, uint8_t *bytes);

/** Close @p process's program file (load.c): no page of it will be filled any more. */
void mm_program_close(struct mm_process *process);

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
