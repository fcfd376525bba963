/**
 * @file proto/mm.h
 * @brief The memory manager's protocol (servers/mm): address spaces, heaps, shared buffers.
 *
 * The memory manager owns the memory init gives it (as kernel quota: in Orrery every page is
 * paid for from a quota). For each process it creates the task, reads the program's segment
 * table (from the disk's /bin or the boot files), writes its start information
 * (start_info.h), and is the fault handler of its threads: every page of a process is a
 * frame capability mm holds (servers/mm/frame_table.h), mapped on the first touch of that
 * page (code and data read from the program file, kept open; bss, heap and stack zeroed).
 * A process's address space has these regions:
 *
 *   MM_CODE_BASE ...          the program's ELF segments (read-only or writable, as linked),
 *                             filled a page at a time on first touch
 *   heap_start .. break       the heap: grows with MM_SBRK, pages filled on first touch
 *   MM_SHARED_BASE ..         frames the process maps itself (stream buffers), and shared
 *                             buffers mm maps for it (MM_SHARE_MAP, from MM_SHARE_BASE on)
 *   stack                     grows down on demand from USER_STACK_TOP to MM_STACK_LIMIT
 *   IPC buffer, start info    one page each, just below the boot-information page
 *
 * A fault outside every region stops the process: the memory manager prints a report
 * naming the address and the nearest region, and tells the process manager (PM_STOPPED).
 * Each process may use at most its quota of pages (MM_DEFAULT_PAGES); a page it cannot have
 * is an error for MM_SBRK, and stops the process if a fault needed it.
 *
 * Shared buffers: a process asks for one with MM_SHARE_CREATE and gets its handle, a
 * capability (mm's endpoint, badged for that buffer) it may pass on like any other: with
 * PM_GIVE to a child, or in a message. Whoever holds a handle maps the buffer into its own
 * address space with MM_SHARE_MAP sent on the handle, carrying its own task capability
 * (CAP_SELF_TASK): the handle is the authority over the buffer, the task capability the
 * authority over the address space. The buffer's pages count against the page limit of its
 * creator and of every process that maps it; it is freed (its frames, and every copy of its
 * handle) when the last of them ends.
 */
#ifndef ORRERY_PROTO_MM_H
#define ORRERY_PROTO_MM_H

#include "rpc.h"

#define MM_SHARED_BASE 0x90000000u /**< processes map shared frames from here ... */
#define MM_SHARED_END 0xA0000000u  /**< ... to here (thread stacks are above) */
#define MM_STACK_MAX_PAGES 256     /**< the stack grows down to 1 MiB below USER_STACK_TOP */
/** The lowest address the stack may grow to (USER_STACK_TOP is abi/user_bootinfo.h's). */
#define MM_STACK_LIMIT (0xBFFF0000u - MM_STACK_MAX_PAGES * 4096u)
#define MM_STACK_FIRST_PAGES 1     /**< stack pages mapped before the program runs */
/** The heap ends below here, so that every break is a positive result of MM_SBRK. */
#define MM_HEAP_END 0x80000000u
#define MM_DEFAULT_PAGES 1024      /**< pages a process may use (4 MiB) unless spawned with less */
#define MM_MAX_PAGES 16384         /**< the most pages a process may be spawned with (64 MiB) */
/** Shared buffers: where a process maps them (shared_map.c's stream frames lie below). */
#define MM_SHARE_BASE 0x98000000u
#define MM_SHARE_MAX_PAGES 8   /**< the largest shared buffer (32 KiB) */
#define MM_SHARE_MAX 8         /**< shared buffers at once, in the whole system */
#define MM_SHARE_USERS 16      /**< (process, buffer) pairs at once: creators and mappers */
/** The capabilities mm keeps for shared buffers at most: a handle and a frame per page of
 *  each buffer, a frame per page of each mapping (a frame capability maps its frame once).
 *  A request that would need more gets ERR_NO_MEMORY. */
#define MM_SHARE_CAPS_MAX 96
/** The badge of a shared buffer's handle: never a process's (pids stay below 2^28 - 2^16,
 *  NS_PID_MAX) nor a fault's. */
#define MM_SHARE_BADGE(index) (0x20000000u | (index))
#define MM_SHARE_BADGE_INDEX(badge) ((badge) & 0xFFFFu)
#define MM_BADGE_IS_SHARE(badge) (((badge) & 0xE0000000u) == 0x20000000u)
/**
 * Kernel quota a process starts with, besides its pages: its task, its first thread, its
 * objects' slabs, a few page tables and threads of its own. The memory manager gives the
 * task quota for every page it maps (and page table it needs) on top, as it maps them.
 */
#define MM_PROCESS_BASE_QUOTA (64u * 1024u)
/** Argument bytes MM_CREATE carries after its three words (the most PM_SPAWN can pass). */
#define MM_CREATE_ARG_WORDS (IPC_MAX_WORDS - 3)
/** The badge of the fault-handler endpoint of process @p pid's threads (never a client's). */
#define MM_FAULT_BADGE(pid) (0x40000000u | (pid))
#define MM_FAULT_BADGE_PID(badge) ((badge) & ~0x40000000u)
#define MM_BADGE_IS_FAULT(badge) (((badge) & 0xC0000000u) == 0x40000000u)

/*
 * Who may ask what: MM_CREATE, MM_THREAD, MM_DESTROY, MM_WATCH and MM_STOPPED are the
 * process manager's: requests with the badge init named the service "pm" by in mm's start
 * information (start_info.h, struct start_service: the name-service badge of pm's manifest
 * line), and every other caller gets ERR_NO_RIGHTS, whatever order they come in (the boot
 * manifest lets only pm and processes call mm at all; a restarted pm keeps its badge). MM_SBRK is
 * a process's own (its badge names it); MM_STAT anyone's. A fault message (IPC_LABEL_FAULT)
 * counts only with a fault badge, or a process's badge (a thread the process made itself
 * and gave START_SLOT_MM as its fault handler).
 *
 * The memory manager never calls the process manager (the two would wait for each other):
 * when it stops a process it signals the notification pm gave it (MM_WATCH), and pm then
 * collects what happened with MM_STOPPED.
 */
enum mm_label {
    /** The process manager only. words: [pid, priority, max pages (0: default), args...]
     *  (args as PM_SPAWN's bytes, at most MM_CREATE_ARG_WORDS words). Creates the task and
     *  its first thread (suspended), loads the program, writes the start information.
     *  Reply: cap = the task (for PM_GIVE's cap_copy and for PM_CAPS); result 0.
     *  ERR_NOT_FOUND: no such boot file; ERR_INVALID: not a program we can load, or bad
     *  words; ERR_EXISTS: the pid is in use; ERR_NO_MEMORY: no memory for it. */
    MM_CREATE = RPC_BASE_MM + 1,
    /** The process manager only. words: [pid]. Reply: cap = the first thread. */
    MM_THREAD = RPC_BASE_MM + 2,
    /** The process manager only. words: [pid]. Frees the task and everything it had. */
    MM_DESTROY = RPC_BASE_MM + 3,
    /** words: [increment] (signed bytes). Result: the old break; ERR_NO_MEMORY if the
     *  heap cannot grow that far (the process's page quota, or no memory left in the
     *  system), ERR_INVALID below heap_start. Pages are filled on first touch; a heap that
     *  shrinks keeps the pages it had, and may grow over them again. */
    MM_SBRK = RPC_BASE_MM + 4,
    /** words: [pid] (0: the caller). Result: pages in use (what the limit counts: the
     *  whole program image, the heap and stack pages touched, shared buffers); word 1: the
     *  process's limit; word 2: frames in use in the whole system; word 3: the process's
     *  resident pages (a frame mapped now). ERR_NOT_FOUND: no such process. */
    MM_STAT = RPC_BASE_MM + 5,
    /** The process manager only. cap: a notification the memory manager signals whenever
     *  it stopped a process (a fault outside every region, or out of memory). */
    MM_WATCH = RPC_BASE_MM + 6,
    /** The process manager only. words: none. Result: the pid of a process stopped since
     *  (oldest first), or ERR_NOT_FOUND when none is left to tell; words 1..4: enum pm_end
     *  (PM_END_FAULT or PM_END_NO_MEMORY), vector, address, eip. */
    MM_STOPPED = RPC_BASE_MM + 7,
    /** A process (its START_SLOT_MM). words: [pages] (1..MM_SHARE_MAX_PAGES). Makes a
     *  shared buffer of that many zeroed pages, not mapped yet; the caller is its first
     *  user (the pages count against its page limit from now on, until it ends).
     *  Reply: cap = the buffer's handle (RIGHT_WRITE | RIGHT_GRANT); result 0.
     *  ERR_NO_RIGHTS: not a process; ERR_INVALID: pages 0 or above MM_SHARE_MAX_PAGES;
     *  ERR_NO_MEMORY: past the caller's page limit, MM_SHARE_MAX or MM_SHARE_CAPS_MAX, or
     *  no memory. */
    MM_SHARE_CREATE = RPC_BASE_MM + 8,
    /** Sent on a handle (MM_SHARE_CREATE's). words: [vaddr]; cap: the caller's own task
     *  (CAP_SELF_TASK, or any process's task it holds: that process maps it). Maps the
     *  whole buffer, writable, at vaddr; that process is a user of it until it ends (its
     *  page limit counts the pages, unless it is the creator, which paid already).
     *  Result: the buffer's pages. ERR_NO_RIGHTS: not sent on a handle (START_SLOT_MM, say);
     *  ERR_INVALID: vaddr not page-aligned, or the buffer not inside MM_SHARED_BASE ..
     *  MM_SHARED_END, or the capability not a task; ERR_NOT_FOUND: the task is not a
     *  process of ours; ERR_EXISTS: that process maps the buffer already, or something is
     *  mapped in the range already (another buffer, a stream's frame); ERR_NO_MEMORY: past
     *  its page limit, MM_SHARE_USERS or MM_SHARE_CAPS_MAX, or no quota for page tables.
     *  A refused map leaves nothing mapped. */
    MM_SHARE_MAP = RPC_BASE_MM + 9,
};

#endif
