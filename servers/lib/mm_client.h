/**
 * @file mm_client.h
 * @brief Client stubs of the memory manager (proto/mm.h) for processes and utilities:
 *        MM_STAT. (MM_SBRK is the heap's, servers/lib/heap.c; the rest is pm's.)
 */
#ifndef ORRERY_USER_MM_CLIENT_H
#define ORRERY_USER_MM_CLIENT_H

#include "proto/mm.h"

/** What MM_STAT tells. */
struct mm_stat {
    unsigned pages;       /**< pages the process has */
    unsigned max_pages;   /**< its limit */
    unsigned frames_used; /**< frames in use in the whole system */
};

/** The memory of process @p pid (0: the caller) through the memory manager at @p mm
 *  (START_SLOT_MM in a process). @return 0 or an error (ERR_NOT_FOUND: no such process). */
int mm_stat(int mm, unsigned pid, struct mm_stat *stat);

#endif
