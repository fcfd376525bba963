/**
 * @file pm_client.h
 * @brief Client stubs of the process manager (proto/pm.h): spawn, give, start, wait,
 *        kill, list, caps. Each takes the endpoint to call (START_SLOT_PM in a process).
 */
#ifndef ORRERY_USER_PM_CLIENT_H
#define ORRERY_USER_PM_CLIENT_H

#include "proto/pm.h"

/** How a process ended: PM_WAIT's words. */
struct pm_exit_info {
    unsigned end;     /**< enum pm_end */
    unsigned status;  /**< PM_END_EXIT: the exit status; faults: the vector */
    unsigned address; /**< faults: the address */
    unsigned eip;     /**< faults: the instruction */
};

/** One process, as PM_LIST tells it. */
struct pm_list_entry {
    unsigned pid, parent, state, threads, pages;
    char name[PM_NAME_WORDS * 4 + 1];
    unsigned priority; /**< its first thread's */
};

/** One capability of a process, as PM_CAPS tells it. */
struct pm_cap_entry {
    unsigned slot, type_rights, badge;
};

/**
 * Spawn @p argv[0] (a boot file) with the arguments @p argv[1..] (NULL-terminated, none
 * empty), not started yet. @p pages: its page limit (0: MM_DEFAULT_PAGES).
 * @return the pid, or ERR_INVALID (arguments too long or empty), ERR_NOT_FOUND, or pm's error.
 */
int pm_spawn(int pm, const char *const *argv, unsigned pages);
/** Put the capability in @p cap into slot @p slot of the spawned process @p pid. */
int pm_give(int pm, unsigned pid, unsigned slot, int cap);
/** Set the working directory of the spawned process @p pid to @p directory (absolute,
 *  shorter than START_CWD_MAX). */
int pm_set_directory(int pm, unsigned pid, const char *directory);
/** Start the spawned process @p pid. */
int pm_start(int pm, unsigned pid);
/** Wait for child @p pid (0: any) to end; @p info (may be NULL) gets how. @return its pid. */
int pm_wait(int pm, unsigned pid, struct pm_exit_info *info);
/** End process @p pid. */
int pm_kill(int pm, unsigned pid);
/** The process at table index @p index or after. @return the next index or ERR_NOT_FOUND. */
int pm_list(int pm, unsigned index, struct pm_list_entry *entry);
/** Up to @p max (<= PM_CAPS_MAX) capabilities of @p pid from slot @p first. @return count. */
int pm_caps(int pm, unsigned pid, unsigned first, struct pm_cap_entry *entries, unsigned max);

#endif
