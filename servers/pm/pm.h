/**
 * @file servers/pm/pm.h
 * @brief The process manager's own interfaces (its protocol is servers/lib/proto/pm.h):
 *        the process table (table.c), spawning (spawn.c), ending and waiting (end.c).
 */
#ifndef ORRERY_PM_H
#define ORRERY_PM_H

#include "proto/pm.h"
#include "rpc.h"
#include "start_info.h"
#include "types.h"

#define PM_MAX_PROCESSES 64 /**< processes pm knows at once (not yet waited for) */
#define PM_MAX_WAITERS 16   /**< PM_WAITs answered later */
#define PM_STREAMS 3        /**< START_SLOT_STDIN .. START_SLOT_STDERR */
/** Where a request's capability arrives: above every slot the kernel fills for us (per
 *  process a task, a thread, its three streams and its name-service capability, and the
 *  waiters' replies). */
#define PM_CAP_SLOT 511
_Static_assert(PM_CAP_SLOT > (3 + PM_STREAMS) * PM_MAX_PROCESSES + PM_MAX_WAITERS + 2 * START_SLOT_LAST,
               "PM_CAP_SLOT stays free");

/** One process. */
struct pm_process {
    bool used;
    enum pm_state state;
    unsigned pid;
    unsigned parent_badge;      /**< the spawner's badge; 0 once it has gone (an orphan) */
    char name[START_NAME_MAX];
    int task, thread;           /**< our copies of its capabilities (-1: none) */
    int streams[PM_STREAMS];    /**< copies of its standard streams, closed when it ends */
    /** A copy of its name-service capability (its badge): if it ends without exiting
     *  (killed, a fault, Ctrl-C), pm looks up its connection to the file server with it and
     *  closes that (STREAM_CLOSE), so that the server frees what it left open; a process
     *  that exits ends the connection itself (FS_DISCONNECT, fs_client.c). -1: none. */
    int ns;
    unsigned end, status, address, eip; /**< how it ended (PM_WAIT's words) */
};

extern struct pm_process pm_processes[PM_MAX_PROCESSES];
/** The priority of every process's first thread: the boot manifest's `processes` line, as
 *  init wrote it in our start information (start_info's process_priority). */
extern unsigned pm_process_priority;

/** The process @p pid (any state), or NULL. */
struct pm_process *pm_find(unsigned pid);
/** The process whose badge @p badge is, if it is a live process of ours, or NULL. */
struct pm_process *pm_find_caller(unsigned badge);
/** An empty slot of pm's capability space. */
int pm_free_slot(void);
/** The memory manager's endpoint (looked up the first time), or an error. */
int pm_mm(void);

/** End @p process (if it has not ended): free its memory, close its streams, tell its
 *  parent, orphan its children. @p end is an enum pm_end, the rest PM_WAIT's words. */
void pm_end(struct pm_process *process, unsigned end, unsigned status, unsigned address,
            unsigned eip);
/** Forget @p process (it ended and was waited for, or nobody will wait). */
void pm_forget(struct pm_process *process);

/** Collect the processes the memory manager stopped (its notification came). */
void pm_collect_stopped(unsigned bits);

/** Start the closer, the thread that sends the stream closes pm owes (closer.c), at
 *  @p priority. @return 0 or an error (then pm_close_stream drops closes). */
int pm_closer_start(int priority);
/** Send STREAM_CLOSE on the stream capability in @p slot, then delete it: queued for the
 *  closer, so the caller never waits for the stream's server. */
void pm_close_stream(int slot);

int pm_handle_spawn(struct rpc_request *request, struct rpc_response *response);
int pm_handle_give(struct rpc_request *request, struct rpc_response *response);
int pm_handle_start(struct rpc_request *request, struct rpc_response *response);
int pm_handle_set_directory(struct rpc_request *request, struct rpc_response *response);
int pm_handle_wait(struct rpc_request *request, struct rpc_response *response);

#endif
