/**
 * @file mm/frame_table.h
 * @brief The frame table: every frame the memory manager gives to processes, as a
 *        capability mm holds (seL4 style: mm owns the memory, the kernel only maps it).
 *
 * A frame is made with frame_create (charged to mm's quota), and its capability is the
 * frame's entry here (`slot`). The first page that maps the frame maps it through that very
 * capability; every further mapping (a shared copy-on-write page, say) is a copy of it
 * (cap_copy: a capability maps its frame once), which the page map entry of that page holds
 * (page_map.h). `refs` counts the process pages mapping the frame; the frame is deleted
 * (frame_table_put) exactly when the last of them goes, and with its capability the kernel
 * frees it.
 *
 * For the clock of page replacement, an entry also names one page that maps the frame (its
 * "home": the process slot and address of the first mapping); a frame mapped by one page
 * only (refs 1) is found from there.
 *
 * Indices are small numbers (0 .. MM_FRAMES_MAX - 1) that page map entries keep, the lowest
 * free one first. The table is chunks of entries, one of mm's own pages each (own_pages.h),
 * made as needed and given back when their last frame goes, so that the frames in use
 * after processes ended are what they were before.
 */
#ifndef ORRERY_MM_FRAME_TABLE_H
#define ORRERY_MM_FRAME_TABLE_H

#include "types.h"

#define MM_FRAMES_MAX 65536u /**< frames mm can hold at once (256 MiB) */
#define FRAME_TABLE_NONE 0xFFFFFFFFu /**< no frame */

/** Frame entry flags. */
#define FRAME_ENTRY_WIRED 0x1 /**< mapped in a wired process (never a victim of the clock) */

/** One frame of mm's. */
struct frame_entry {
    int slot;              /**< mm's capability to the frame (frame_create's); -1: entry free */
    uint16_t refs;         /**< process pages that map it */
    uint8_t flags;         /**< FRAME_ENTRY_* */
    uint8_t home_process;  /**< index in mm_processes of the first page that mapped it */
    unsigned home_vaddr;   /**< and that page's address */
    unsigned spare;        /**< for the replacement policy (the table does not use it) */
};

/**
 * A new frame (zeroed), with refs 0. @return its index, or FRAME_TABLE_NONE with *@p error
 * set: ERR_NO_MEMORY (mm's quota, the kernel's frames, the table or mm's slots).
 */
unsigned frame_table_new(int *error);

/** The entry of frame @p index (a live index frame_table_new gave). */
struct frame_entry *frame_table_get(unsigned index);

/** One more page maps frame @p index. */
void frame_table_get_ref(unsigned index);

/**
 * One page less maps frame @p index (its mapping was removed, and a copy of the capability
 * that made it deleted by the caller). At 0 the frame's capability is deleted: the frame is
 * freed. @return the references left.
 */
unsigned frame_table_put(unsigned index);

/** Frames in the table now. */
unsigned frame_table_count(void);

/** The entry of frame @p index if it is in use, or NULL (for the clock, which walks
 *  0 .. MM_FRAMES_MAX - 1, or better 0 .. frame_table_end() - 1). */
struct frame_entry *frame_table_find(unsigned index);

/** An index above every frame in use now (the end of the last chunk). */
unsigned frame_table_end(void);

#endif
