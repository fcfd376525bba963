/**
 * @file cap.h
 * @brief Capabilities and capability spaces: how user code names kernel objects.
 *
 * A task's capability space is a table of slots numbered from 0. A slot holds
 * {object, rights, badge}; user code passes slot numbers, never pointers. The table starts
 * with one page of CSPACE_SLOTS slots and grows a page at a time, up to CSPACE_MAX_SLOTS,
 * when the task needs a free slot and has none, or a capability is put into a slot beyond
 * its end; each page costs the task PAGE_SIZE of quota (cspace_grow), and so does the page
 * the table of pages moves to once the space outgrows its first page's (task.h,
 * CSPACE_FIRST_TABLE_PAGES). Slots never move, so
 * a capability's address is stable for its life. Capabilities are
 * derived by copy and mint (same or fewer rights, a badge) and by transfer in IPC.
 *
 * The derivation tree: each capability knows the one it was derived from (its parent) and
 * the ones derived from it (its children, a doubly linked list), across all capability
 * spaces. Deleting a capability hands its children to its own parent, so revoking an
 * ancestor still reaches them; revoking walks only the subtree it deletes. Neither looks at
 * any other capability in the system: delete costs O(1 + children), revoke O(descendants).
 *
 * Slot 0 holds the task's capability to itself. It is *weak*: it does not count towards
 * keeping the task alive (otherwise no task could ever be destroyed); copies made from it
 * are ordinary capabilities.
 */
#ifndef ORRERY_CAP_H
#define ORRERY_CAP_H

#include "object.h"
#include "trace.h"
#include "types.h"

struct task;

struct capability {
    struct kobject *object;    /**< NULL: the slot is empty */
    uint32_t rights;           /**< RIGHT_* bits */
    uint32_t badge;            /**< set by cap_mint; identifies clients to servers */
    bool weak;                 /**< the self-capability in slot 0 (see above) */
    struct capability *parent; /**< the capability this one was derived from, or NULL */
    struct capability *first_child;  /**< capabilities derived from this one */
    struct capability *next_sibling; /**< the parent's other children */
    struct capability *prev_sibling;
    struct task *mapped_task;  /**< frame capabilities: where this capability maps its frame */
    vaddr_t mapped_va;
    struct capability *mapping_next; /**< the other capabilities mapping into mapped_task */
    struct capability *mapping_prev;
#if ORRERY_TRACE
    uint32_t trace_task;       /**< where this capability sits, for the trace: its task's id */
    uint32_t trace_slot;       /**< and its slot (set by cap_trace_installed) */
#endif
};

/* cap_lookup(), which every system call naming a slot starts with, is inline in task.h,
 * beside cspace_slot(), which it needs. */

/**
 * Put a new capability to @p object into the empty slot @p slot of @p task, derived from
 * @p parent (NULL: an original capability, the root of its tree). Traces cap_install; the
 * caller traces the cap_source record that must follow it (how the capability was made).
 */
void cap_install(struct task *task, uint32_t slot, struct kobject *object, uint32_t rights,
                 uint32_t badge, struct capability *parent);

#if ORRERY_TRACE
/**
 * @p capability has just been filled in slot @p slot of @p task: remember where it sits and
 * trace its cap_install (cap_install and cap_derive call it; the caller traces the
 * cap_source that follows). For a slot filled by hand (a task's weak self-capability).
 */
void cap_trace_installed(struct capability *capability, const struct task *task, uint32_t slot);
/** For the trace: the id of the task whose slot @p capability is (0 without tracing). */
static inline uint32_t cap_trace_task(const struct capability *capability) { return capability->trace_task; }
/** For the trace: the slot number of @p capability (0 without tracing). */
static inline uint32_t cap_trace_slot(const struct capability *capability) { return capability->trace_slot; }
#else
static inline uint32_t cap_trace_task(const struct capability *capability) { (void)capability; return 0; }
static inline uint32_t cap_trace_slot(const struct capability *capability) { (void)capability; return 0; }
static inline void cap_trace_installed(struct capability *capability, const struct task *task, uint32_t slot)
{
    (void)capability, (void)task, (void)slot;
}
#endif

/** Make @p capability (a root of the tree) a child of @p parent. */
void cap_set_parent(struct capability *capability, struct capability *parent);

/**
 * The lowest empty slot of @p task above the well-known ones (slots 0..3), growing the
 * capability space by a page if it is full. Scans from where the last search stopped while
 * no capability has been deleted since (code that empties a slot other than through
 * cap_delete must bump cap.c's cap_delete_generation too).
 * @return the slot, or ERR_NO_MEMORY (CSPACE_MAX_SLOTS in use, or no frame), ERR_QUOTA.
 */
int cap_find_free_slot(struct task *task);

/**
 * Grow @p task's capability space, a page at a time, until it has slot @p slot.
 * @return ERR_OK, ERR_INVALID_CAP (@p slot >= CSPACE_MAX_SLOTS), ERR_QUOTA, ERR_NO_MEMORY.
 */
int cspace_grow(struct task *task, uint32_t slot);

/**
 * Derive a capability from @p source into @p destination_task's @p destination_slot with
 * @p rights (a subset of the source's) and @p badge.
 * Traces cap_install on success; the caller traces the cap_source that must follow.
 * @return ERR_OK, ERR_INVALID_CAP (destination slot >= CSPACE_MAX_SLOTS), ERR_EXISTS
 *         (occupied), ERR_NO_RIGHTS (rights beyond the source's), ERR_QUOTA or
 *         ERR_NO_MEMORY (the destination's capability space had to grow and could not).
 */
int cap_derive(struct capability *source, struct task *destination_task, uint32_t destination_slot,
               uint32_t rights, uint32_t badge);

/**
 * Empty @p capability's slot. Its children hang from its parent from now on. If it was the
 * last capability to its object, the object is doomed (object.h) and destroyed before the
 * kernel returns to user mode. The caller traces the cap_remove record first (it knows why).
 */
void cap_delete(struct capability *capability);

/**
 * Delete every capability derived from @p capability, leaves first, letting interrupts in
 * every few deletions. Traces cap_revoke, then a cap_remove for each.
 * @return how many were deleted.
 */
uint32_t cap_revoke(struct capability *capability);

#endif
