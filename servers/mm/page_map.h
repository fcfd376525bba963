/**
 * @file mm/page_map.h
 * @brief A process's page map: what the memory manager knows of each page of its user
 *        address space.
 *
 * Each page is in one of three states: nothing (never touched, or given back), resident
 * (a frame of the frame table is mapped there, through the capability `slot`) or swapped
 * (its bytes are in swap slot `value`). The map is sparse: a directory of
 * PAGE_MAP_TABLES tables, each of PAGE_MAP_TABLE_ENTRIES entries (one of mm's own pages),
 * made the first time a page they cover gets an entry.
 */
#ifndef ORRERY_MM_PAGE_MAP_H
#define ORRERY_MM_PAGE_MAP_H

#include "types.h"

#define PAGE_MAP_TABLE_ENTRIES 512u   /**< pages one table covers (2 MiB) */
#define PAGE_MAP_TABLES (0xC0000000u / (PAGE_MAP_TABLE_ENTRIES * 4096u)) /**< the user half */

/** A page's state. */
enum page_state {
    PAGE_NONE = 0,     /**< nothing there: a fault decides what it gets */
    PAGE_RESIDENT = 1, /**< frame `value` is mapped through capability `slot` */
    PAGE_SWAPPED = 2,  /**< its bytes are in swap slot `value` */
};

/** Page entry flags. */
#define PAGE_WRITABLE 0x1 /**< the process may write it (a COW page is mapped read-only meanwhile) */
#define PAGE_COW 0x2      /**< shared copy-on-write: the first write copies it */

/** One page of a process. */
struct page_entry {
    uint16_t slot;  /**< resident: mm's capability mapping the frame here */
    uint8_t state;  /**< enum page_state */
    uint8_t flags;  /**< PAGE_WRITABLE, PAGE_COW */
    unsigned value; /**< resident: the frame's index (frame_table.h); swapped: the swap slot */
};

/** A process's map (all zero: empty). */
struct page_map {
    uint16_t *directory; /**< PAGE_MAP_TABLES own-page numbers + 1 of the tables, 0: none */
    unsigned tables;     /**< tables made */
};

/** The entry of the page at @p vaddr (below 0xC0000000), or NULL if its table was never
 *  made (the page is PAGE_NONE). */
struct page_entry *page_map_find(const struct page_map *map, unsigned vaddr);

/** The entry of the page at @p vaddr, making its table if needed. @return it, or NULL
 *  (no memory for the table). */
struct page_entry *page_map_entry(struct page_map *map, unsigned vaddr);

/**
 * Call @p visit(vaddr, entry, context) for every entry that is not PAGE_NONE, in address
 * order. @p visit may change the entry (set it PAGE_NONE, say), not the map.
 */
void page_map_for_each(struct page_map *map,
                       void (*visit)(unsigned vaddr, struct page_entry *entry, void *context),
                       void *context);

/** Free the map's tables and directory (its entries must be PAGE_NONE by now). */
void page_map_destroy(struct page_map *map);

#endif
