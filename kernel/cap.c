/*
 * cap.c - capability spaces: lookup with type and rights checks, derivation, deletion,
 * revocation.
 *
 * Derivation links (capability.parent) form a tree across all cspaces. Deleting a
 * capability hands its children to its own parent, so revoking an ancestor still reaches
 * them. Revocation searches every task's cspace: simple, and cheap at Orrery's scale.
 */
#include "cap.h"
#include "abi/errors.h"
#include "frame.h"
#include "task.h"

int cap_lookup(struct task *task, uint32_t slot, enum object_type type, uint32_t rights,
               struct capability **capability)
{
    if (slot >= CSPACE_SLOTS || !task->cspace[slot].object)
        return ERR_INVALID_CAP;
    struct capability *cap = &task->cspace[slot];
    if (type != OBJECT_NONE && cap->object->type != type)
        return ERR_WRONG_TYPE;
    if ((cap->rights & rights) != rights)
        return ERR_NO_RIGHTS;
    if (type == OBJECT_TASK && ((struct task *)cap->object)->destroying)
        return ERR_DEAD; /* a task destroyed with its parent, kept for its capabilities */
    if (capability)
        *capability = cap;
    return ERR_OK;
}

void cap_install(struct task *task, uint32_t slot, struct kobject *object, uint32_t rights,
                 uint32_t badge, struct capability *parent)
{
    struct capability *cap = &task->cspace[slot];
    cap->object = object;
    cap->rights = rights;
    cap->badge = badge;
    cap->weak = false;
    cap->parent = parent;
    cap->mapped_task = NULL;
    cap->mapped_va = 0;
    object->cap_count++;
}

/* Counts cap_delete() calls, the only way a slot becomes empty: a task's free_slot_hint is
 * good while its free_slot_generation is this. (Wrapping needs 2^32 deletions in between.) */
static uint32_t cap_delete_generation;

int cap_find_free_slot(struct task *task)
{
    /* Without the memo, a pager holding a capability per frame would scan them all for
     * every frame_create. */
    uint32_t slot = CAP_ROOT_IO_CONTROL + 1;
    if (task->free_slot_generation == cap_delete_generation && task->free_slot_hint > slot)
        slot = task->free_slot_hint;
    while (slot < CSPACE_SLOTS && task->cspace[slot].object)
        slot++;
    task->free_slot_hint = slot;
    task->free_slot_generation = cap_delete_generation;
    return slot < CSPACE_SLOTS ? (int)slot : ERR_NO_MEMORY;
}

int cap_derive(struct capability *source, struct task *destination_task, uint32_t destination_slot,
               uint32_t rights, uint32_t badge)
{
    if (destination_slot >= CSPACE_SLOTS)
        return ERR_INVALID_CAP;
    if (destination_task->cspace[destination_slot].object)
        return ERR_EXISTS;
    if ((source->rights & rights) != rights)
        return ERR_NO_RIGHTS;
    cap_install(destination_task, destination_slot, source->object, rights, badge, source);
    return ERR_OK;
}

/* Call @visit on every non-empty capability of every task until it returns true. */
static struct capability *cap_find_anywhere(bool (*match)(struct capability *, struct capability *),
                                            struct capability *key)
{
    for (struct task *task = task_list; task; task = task->next) {
        if (!task->cspace)
            continue;
        for (uint32_t slot = 0; slot < CSPACE_SLOTS; slot++) {
            struct capability *cap = &task->cspace[slot];
            if (cap->object && match(cap, key))
                return cap;
        }
    }
    return NULL;
}

static bool is_child_of(struct capability *cap, struct capability *parent) { return cap->parent == parent; }

static bool is_descendant_of(struct capability *cap, struct capability *ancestor)
{
    for (struct capability *p = cap->parent; p; p = p->parent)
        if (p == ancestor)
            return true;
    return false;
}

void cap_delete(struct capability *capability)
{
    struct kobject *object = capability->object;
    if (!object)
        return;
    /* Children now hang from our parent, so a revoke of an ancestor still finds them. */
    struct capability *child;
    while ((child = cap_find_anywhere(is_child_of, capability)))
        child->parent = capability->parent;

    if (object->type == OBJECT_FRAME)
        frame_unmap(capability); /* the mapping belongs to the capability */
    bool counted = !capability->weak;
    capability->object = NULL;
    cap_delete_generation++;
    capability->rights = capability->badge = 0;
    capability->weak = false;
    capability->parent = NULL;
    if (counted && --object->cap_count == 0)
        object_destroy(object);
}

uint32_t cap_revoke(struct capability *capability)
{
    uint32_t deleted = 0;
    struct capability *descendant;
    /* One at a time: deleting may destroy objects, tasks and whole cspaces. */
    while ((descendant = cap_find_anywhere(is_descendant_of, capability))) {
        cap_delete(descendant);
        deleted++;
    }
    return deleted;
}
