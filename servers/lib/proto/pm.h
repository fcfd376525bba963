/**
 * @file proto/pm.h
 * @brief The process manager's protocol (servers/pm): spawn, wait, kill, list, exit.
 *
 * A process is a task with one or more threads, its memory managed by the memory manager
 * (proto/mm.h), started from a program the boot files hold (proto/bootfs.h). Processes have
 * ids from 1 up; the badge of every process's capabilities is NS_BADGE_PROCESS(pid)
 * (proto/nameserver.h), so pm knows who is asking.
 *
 * Spawning takes three steps, because a message carries at most one capability:
 * PM_SPAWN makes the process (not yet running), PM_GIVE hands it capabilities one at a time
 * (its standard streams, more services), PM_START starts it.
 */
#ifndef ORRERY_PROTO_PM_H
#define ORRERY_PROTO_PM_H

#include "rpc.h"

/** The words of PM_SPAWN: the program's name and arguments, NUL-separated, NUL-padded. */
#define PM_SPAWN_WORDS (IPC_MAX_WORDS - 1)
#define PM_SPAWN_BYTES (PM_SPAWN_WORDS * 4)

/** How a process ended (PM_WAIT's word 1). */
enum pm_end {
    PM_END_EXIT = 1,        /**< it called exit (or main returned): word 2 is the status */
    PM_END_FAULT = 2,       /**< a fault stopped it: words 2..4: vector, address, eip */
    PM_END_KILLED = 3,      /**< PM_KILL */
    PM_END_INTERRUPTED = 4, /**< Ctrl-C on the console (PM_INTERRUPT) */
    PM_END_NO_MEMORY = 5,   /**< the memory manager could not give it a page it needed */
};

/** A process's state in PM_LIST. */
enum pm_state {
    PM_STATE_NEW = 1,     /**< spawned, not started */
    PM_STATE_RUNNING = 2, /**< started, not ended (its threads may be blocked) */
    PM_STATE_ENDED = 3,   /**< ended, not yet waited for */
};

enum pm_label {
    /** words: [flags, argument bytes...] (flags: 0). The bytes are argv[0] (the program, a
     *  boot file name) and its arguments, each NUL-terminated. Result: the new pid.
     *  ERR_NOT_FOUND: no such program; ERR_INVALID: not a program we can load. */
    PM_SPAWN = RPC_BASE_PM + 1,
    /** words: [pid, slot]; cap: what to put there (START_SLOT_STDIN..STDERR, or above
     *  START_SLOT_LAST). Only the spawner of a process not yet started may give. */
    PM_GIVE = RPC_BASE_PM + 2,
    /** words: [pid]. Starts a spawned process. */
    PM_START = RPC_BASE_PM + 3,
    /** words: [pid] (0: any child). Waits until that child of the caller ends. Result: its
     *  pid; words 1..5 (rpc_call_long): enum pm_end, then status or vector, address, eip. */
    PM_WAIT = RPC_BASE_PM + 4,
    /** words: [pid]. Ends a process (not a server). ERR_NOT_FOUND: no such process. */
    PM_KILL = RPC_BASE_PM + 5,
    /** words: [status]. The calling process ends; there is no reply. */
    PM_EXIT = RPC_BASE_PM + 6,
    /** words: [index] (0 first). Result: the next index, or ERR_NOT_FOUND past the last.
     *  Words 1..: pid, parent pid, enum pm_state, threads, pages in use, name[4 words]. */
    PM_LIST = RPC_BASE_PM + 7,
    /** words: [pid, first slot]. Result: the number of entries; words 1..: for each
     *  occupied slot from first on, slot and (type | rights << 8), then its badge; up to
     *  PM_CAPS_MAX entries. ERR_NOT_FOUND: no such process. */
    PM_CAPS = RPC_BASE_PM + 8,
    /** The console only. words: [pid]: Ctrl-C; ends the process as PM_END_INTERRUPTED. */
    PM_INTERRUPT = RPC_BASE_PM + 9,
    /** The memory manager only. words: [pid, enum pm_end, vector, address, eip]: it stopped
     *  the process (a fault outside every region, or out of memory). */
    PM_STOPPED = RPC_BASE_PM + 10,
};

#define PM_CAPS_MAX 20

#endif
