/**
 * @file proto/mm.h
 * @brief The memory manager's protocol (servers/mm): address spaces, heaps, shared buffers.
 *
 * The memory manager owns the memory init gives it (as kernel quota: in Orrery every page is
 * paid for from a quota). For each process it creates the task, loads the program's
 * segments from the boot files, writes its start information (start_info.h), and is the
 * fault handler of its threads. A process's address space has these regions:
 *
 *   MM_CODE_BASE ...          the program's ELF segments (read-only or writable, as linked)
 *   heap_start .. break       the heap: grows with MM_SBRK, pages filled on first touch
 *   MM_SHARED_BASE ..         frames the process maps itself (stream buffers, shared buffers)
 *   stack                     grows down on demand from USER_STACK_TOP to MM_STACK_LIMIT
 *   IPC buffer, start info    one page each, just below the boot-information page
 *
 * A fault outside every region stops the process: the memory manager prints a report
 * naming the address and the nearest region, and tells the process manager (PM_STOPPED).
 * Each process may use at most its quota of pages (MM_DEFAULT_PAGES); a page it cannot have
 * is an error for MM_SBRK, and stops the process if a fault needed it.
 */
#ifndef ORRERY_PROTO_MM_H
#define ORRERY_PROTO_MM_H

#include "rpc.h"

#define MM_SHARED_BASE 0x90000000u /**< processes map shared frames from here ... */
#define MM_SHARED_END 0xA0000000u  /**< ... to here (thread stacks are above) */
#define MM_STACK_MAX_PAGES 256     /**< the stack grows down to 1 MiB below USER_STACK_TOP */
#define MM_DEFAULT_PAGES 1024      /**< pages a process may use (4 MiB) unless spawned with less */
/** The badge of the fault-handler endpoint of process @p pid's threads (never a client's). */
#define MM_FAULT_BADGE(pid) (0x40000000u | (pid))

enum mm_label {
    /** The process manager only. words: [pid, priority, max pages (0: default), args...]
     *  (args as PM_SPAWN's bytes). Creates the task and its first thread (suspended), loads
     *  the program, writes the start information. Reply: cap = the task (for PM_GIVE's
     *  cap_copy and for PM_CAPS); result 0. */
    MM_CREATE = RPC_BASE_MM + 1,
    /** The process manager only. words: [pid]. Reply: cap = the first thread. */
    MM_THREAD = RPC_BASE_MM + 2,
    /** The process manager only. words: [pid]. Frees the task and everything it had. */
    MM_DESTROY = RPC_BASE_MM + 3,
    /** words: [increment] (signed bytes). Result: the old break; ERR_NO_MEMORY if the
     *  heap cannot grow that far (the process's page quota), ERR_INVALID below heap_start. */
    MM_SBRK = RPC_BASE_MM + 4,
    /** words: [pid] (0: the caller). Result: pages in use; word 1: the process's limit;
     *  word 2: frames in use in the whole system. */
    MM_STAT = RPC_BASE_MM + 5,
};

#endif
