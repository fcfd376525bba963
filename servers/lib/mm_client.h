/**
 * @file mm_client.h
 * @brief Client stubs of the memory manager (proto/mm.h) for processes and utilities:
 *        MM_STAT, and shared buffers (MM_SHARE_CREATE, MM_SHARE_MAP). (MM_SBRK is the
 *        heap's, servers/lib/heap.c; the rest is pm's.)
 */
#ifndef ORRERY_USER_MM_CLIENT_H
#define ORRERY_USER_MM_CLIENT_H

#include "proto/mm.h"

/** What MM_STAT tells. */
struct mm_stat {
    unsigned pages;       /**< pages the process has: what its limit counts */
    unsigned max_pages;   /**< its limit */
    unsigned frames_used; /**< frames in use in the whole system */
    unsigned resident;    /**< of its pages, those with a frame now (touched, not swapped) */
};

/** The memory of process @p pid (0: the caller) through the memory manager at @p mm
 *  (START_SLOT_MM in a process). @return 0 or an error (ERR_NOT_FOUND: no such process). */
int mm_stat(int mm, unsigned pid, struct mm_stat *stat);

/**
 * A new shared buffer of @p pages pages (1..MM_SHARE_MAX_PAGES) from the memory manager at
 * @p mm (START_SLOT_MM); its handle arrives in the empty slot @p slot. The caller uses the
 * buffer (its page limit counts it) until it ends, mapped or not.
 * @return @p slot, or an error (ERR_INVALID: a bad size; ERR_NO_MEMORY: past the page
 *         limit, or no memory or room for more buffers).
 */
int mm_share_create(int mm, unsigned pages, int slot);

/**
 * Map the shared buffer whose handle is in @p handle (this process's own or one it was
 * given) at @p vaddr (page-aligned, from MM_SHARE_BASE up, the whole buffer below
 * MM_SHARED_END) in this process, writable.
 * @return the buffer's pages, or an error (ERR_INVALID, ERR_EXISTS, ERR_NO_MEMORY,
 *         ERR_NO_RIGHTS for a capability that is not a handle: proto/mm.h MM_SHARE_MAP).
 */
int mm_share_map(int handle, unsigned vaddr);

#endif
