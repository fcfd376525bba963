/**
 * @file cap.h
 * @brief Capabilities and capability spaces: how user code names kernel objects.
 *
 * A task's capability space is a flat table of CSPACE_SLOTS slots. A slot holds
 * {object, rights, badge}; user code passes slot numbers, never pointers. Capabilities are
 * derived by copy and mint (same or fewer rights, a badge); each remembers the capability
 * it came from, so revoking a capability can delete everything derived from it.
 *
 * Slot 0 holds the task's capability to itself. It is *weak*: it does not count towards
 * keeping the task alive (otherwise no task could ever be destroyed); copies made from it
 * are ordinary capabilities.
 */
#ifndef ORRERY_CAP_H
#define ORRERY_CAP_H

#include "object.h"
#include "types.h"

struct task;

struct capability {
    struct kobject *object;    /**< NULL: the slot is empty */
    uint32_t rights;           /**< RIGHT_* bits */
    uint32_t badge;            /**< set by cap_mint; identifies clients to servers */
    bool weak;                 /**< the self-capability in slot 0 (see above) */
    struct capability *parent; /**< the capability this one was derived from, or NULL */
    struct task *mapped_task;  /**< frame capabilities: where this capability maps its frame */
    vaddr_t mapped_va;
};

/**
 * Find the object in @p slot of @p task's cspace, checking its type and rights.
 * @param type OBJECT_NONE accepts any type.
 * @param capability if not NULL, receives the slot's capability.
 * @return ERR_OK; ERR_INVALID_CAP (bad slot number or empty slot), ERR_WRONG_TYPE,
 *         ERR_NO_RIGHTS (a right in @p rights is missing).
 */
int cap_lookup(struct task *task, uint32_t slot, enum object_type type, uint32_t rights,
               struct capability **capability);

/** Put a new capability to @p object into the empty slot @p slot of @p task. */
void cap_install(struct task *task, uint32_t slot, struct kobject *object, uint32_t rights,
                 uint32_t badge, struct capability *parent);

/**
 * The lowest empty slot of @p task above the well-known ones (slots 0..3), or ERR_NO_MEMORY
 * if the cspace is full. Scans from where the last search stopped while no capability has
 * been deleted since (code that empties a slot other than through cap_delete must bump
 * cap.c's cap_delete_generation too).
 */
int cap_find_free_slot(struct task *task);

/**
 * Derive a capability from @p source into @p destination_task's @p destination_slot with
 * @p rights (a subset of the source's) and @p badge.
 * @return ERR_OK, ERR_INVALID_CAP (bad destination slot), ERR_EXISTS (occupied),
 *         ERR_NO_RIGHTS (rights beyond the source's).
 */
int cap_derive(struct capability *source, struct task *destination_task, uint32_t destination_slot,
               uint32_t rights, uint32_t badge);

/** Empty @p capability's slot; destroy its object if that was the last capability. */
void cap_delete(struct capability *capability);

/** Delete every capability derived from @p capability. @return how many were deleted. */
uint32_t cap_revoke(struct capability *capability);

#endif
