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
 *
 * However a process ends, pm sends STREAM_CLOSE on the standard streams it gave it. A
 * process that ends without exiting (killed, a fault, Ctrl-C) could not end its connection
 * to the file server (the client library sends FS_DISCONNECT at exit): pm looks it up with
 * the process's own name-service capability (the same badge) and sends STREAM_CLOSE on it
 * (proto/fs.h), so that the file server frees the files the process left open.
 */
#ifndef ORRERY_PROTO_PM_H
#define ORRERY_PROTO_PM_H

#include "rpc.h"
#include "start_info.h"

/** The words of PM_SPAWN after its flags: the program's name and arguments, each
 *  NUL-terminated, NUL-padded (so an argument cannot be empty: two NULs end the list).
 *  As many as the memory manager's MM_CREATE can carry (proto/mm.h, MM_CREATE_ARG_WORDS). */
#define PM_SPAWN_WORDS (IPC_MAX_WORDS - 3)
#define PM_SPAWN_BYTES (PM_SPAWN_WORDS * 4)
/** PM_SPAWN's flags: bits 0..15 are the process's page limit (0: MM_DEFAULT_PAGES). */
#define PM_SPAWN_PAGES_MASK 0xFFFFu
/* Every process's first thread runs at the boot manifest's `processes` priority, which init
 * gives pm in its start information (start_info.h: process_priority). */

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
    /** words: [flags, argument bytes...] (flags: PM_SPAWN_PAGES_MASK, or 0). The bytes are
     *  argv[0] (the program, a boot file name) and its arguments, each NUL-terminated.
     *  Result: the new pid; the caller is its parent (a process, or a server such as init).
     *  ERR_NOT_FOUND: no such program; ERR_INVALID: not a program we can load, or no
     *  program name; ERR_NO_MEMORY: the process table or memory is full. */
    PM_SPAWN = RPC_BASE_PM + 1,
    /** words: [pid, slot]; cap: what to put there (START_SLOT_STDIN..STDERR, or above
     *  START_SLOT_LAST, below CSPACE_SLOTS). Only the spawner of a process not yet started
     *  may give (else ERR_NO_RIGHTS). pm keeps a copy of a capability given as
     *  START_SLOT_STDIN..STDERR and sends STREAM_CLOSE on it when the process ends. */
    PM_GIVE = RPC_BASE_PM + 2,
    /** words: [pid]. Starts a spawned process. */
    PM_START = RPC_BASE_PM + 3,
    /** words: [pid] (0: any child). Waits until that child of the caller ends (answers at
     *  once for one that has ended already), and forgets it. Result: its pid; words 1..4
     *  (rpc_call_long): enum pm_end, then the exit status (or the vector), address, eip.
     *  ERR_NOT_FOUND: no such child (a process that is not the caller's child included);
     *  ERR_EXISTS: the caller waits already. */
    PM_WAIT = RPC_BASE_PM + 4,
    /** words: [pid]. Ends a process (any process; servers are not processes), which ends
     *  as PM_END_KILLED. ERR_NOT_FOUND: no such process (or it has ended already). */
    PM_KILL = RPC_BASE_PM + 5,
    /** words: [status]. The calling process ends; there is no reply. */
    PM_EXIT = RPC_BASE_PM + 6,
    /** words: [index] (0 first). Result: the next index, or ERR_NOT_FOUND past the last.
     *  Words 1..: pid, parent pid (0: a server, or none), enum pm_state, threads (that
     *  have not ended), pages mapped (task_info's), name[PM_NAME_WORDS words], the
     *  priority of its first thread (thread_info's; 0 once it ended). */
    PM_LIST = RPC_BASE_PM + 7,
    /** words: [pid, first slot]. Result: the number of entries; words 1..: for each
     *  occupied slot from first on, slot, (type | rights << 8) and its badge (three words
     *  an entry; a badge of 2^31 or more reads as ERR_INVALID, as task_cap_info says);
     *  up to PM_CAPS_MAX entries: ask again from the slot after the last for more.
     *  ERR_NOT_FOUND: no such process. */
    PM_CAPS = RPC_BASE_PM + 8,
    /** The console only: the badge init named the service "console" by in pm's start
     *  information (start_info.h, struct start_service); anyone else gets ERR_NO_RIGHTS.
     *  words: [pid]: Ctrl-C; ends the process as PM_END_INTERRUPTED. */
    PM_INTERRUPT = RPC_BASE_PM + 9,
    /** Reserved, refused with ERR_INVALID: the memory manager does not call pm (each would
     *  wait for the other); it signals pm's notification and pm asks MM_STOPPED (mm.h). */
    PM_STOPPED = RPC_BASE_PM + 10,
    /** words: [pid, directory bytes...]: the working directory of a spawned process not
     *  yet started (an absolute path, NUL-terminated, NUL-padded, at most START_CWD_MAX
     *  bytes with its NUL: start_info.h), written into its start information's cwd, where
     *  its relative paths start (servers/lib/cwd.h). Only its spawner (else ERR_NO_RIGHTS);
     *  ERR_INVALID: not absolute, or no NUL. Without it a process starts in "/". */
    PM_SET_DIRECTORY = RPC_BASE_PM + 11,
};

/** PM_SET_DIRECTORY's words after the pid. */
#define PM_DIRECTORY_WORDS (START_CWD_MAX / 4)

#define PM_CAPS_MAX 20
#define PM_NAME_WORDS 4 /**< PM_LIST's name: a process's name, at most 15 bytes */

#endif
