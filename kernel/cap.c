/*
 * cap.c - capability spaces: lookup with type and rights checks, derivation, deletion,
 * revocation, and the derivation tree they keep (see cap.h).
 */
#include "cap.h"
#include "abi/errors.h"
#include "frame.h"
#include "memlayout.h"
#include "pmem.h"
#include "sched.h"
#include "string.h"
#include "task.h"

/* Add @child (in no list) to @parent's children, or leave it a root if @parent is NULL. */
static void link_child(struct capability *parent, struct capability *child)
{
    child->parent = parent;
    child->prev_sibling = NULL;
    child->next_sibling = parent ? parent->first_child : NULL;
    if (child->next_sibling)
        child->next_sibling->prev_sibling = child;
    if (parent)
        parent->first_child = child;
}

/* Take @cap out of its parent's list of children. */
static void unlink_child(struct capability *cap)
{
    if (cap->prev_sibling)
        cap->prev_sibling->next_sibling = cap->next_sibling;
    else if (cap->parent)
        cap->parent->first_child = cap->next_sibling;
    if (cap->next_sibling)
        cap->next_sibling->prev_sibling = cap->prev_sibling;
    cap->parent = cap->prev_sibling = cap->next_sibling = NULL;
}

/* Fill the empty capability @p cap (all zero: cap_delete leaves it so). */
static inline void fill_empty(struct capability *cap, struct kobject *object, uint32_t rights,
                              uint32_t badge, struct capability *parent)
{
    cap->object = object;
    cap->rights = rights;
    cap->badge = badge;
    if (parent) /* a root has no links to set: they are zero already */
        link_child(parent, cap);
    object->cap_count++;
}

#if ORRERY_TRACE
void cap_trace_installed(struct capability *cap, const struct task *task, uint32_t slot)
{
    cap->trace_task = task->object.id;
    cap->trace_slot = slot;
    TRACE(cap_install, task->object.id, slot, cap->object->id, cap->rights);
}

/* How many capabilities cap_revoke(@p root) will delete: its whole subtree but itself. */
static uint32_t count_descendants(const struct capability *root)
{
    uint32_t count = 0;
    const struct capability *node = root->first_child;
    while (node) {
        count++;
        if (node->first_child) {
            node = node->first_child;
            continue;
        }
        while (node != root && !node->next_sibling)
            node = node->parent;
        node = node == root ? NULL : node->next_sibling;
    }
    return count;
}
#endif

void cap_install(struct task *task, uint32_t slot, struct kobject *object, uint32_t rights,
                 uint32_t badge, struct capability *parent)
{
    struct capability *cap = cspace_slot(task, slot);
    fill_empty(cap, object, rights, badge, parent);
    cap_trace_installed(cap, task, slot);
}

void cap_set_parent(struct capability *capability, struct capability *parent)
{
    unlink_child(capability);
    link_child(parent, capability);
}

/* @task's table of pages is full (CSPACE_FIRST_TABLE_PAGES, in its first page): move it to
 * a page of its own, with room for CSPACE_MAX_PAGES. */
static int cspace_move_table(struct task *task)
{
    if (quota_charge(task, PAGE_SIZE))
        return ERR_QUOTA;
    paddr_t page = pmem_alloc_frame_for(FRAME_USE_cspace, task->object.id);
    if (page == FRAME_NONE) {
        quota_release(task, PAGE_SIZE);
        return ERR_NO_MEMORY;
    }
    struct capability **table = phys_to_virt(page);
    memcpy(table, task->cspace, CSPACE_FIRST_TABLE_PAGES * sizeof *table);
    task->cspace = table;
    return ERR_OK;
}

int cspace_grow(struct task *task, uint32_t slot)
{
    if (slot >= CSPACE_MAX_SLOTS)
        return ERR_INVALID_CAP;
    while (slot >= task->cspace_slots) {
        if (task->cspace_slots == CSPACE_FIRST_TABLE_PAGES * CSPACE_SLOTS && cspace_table_in_first_page(task)) {
            int error = cspace_move_table(task);
            if (error)
                return error;
        }
        if (quota_charge(task, PAGE_SIZE))
            return ERR_QUOTA;
        paddr_t page = pmem_alloc_frame_for(FRAME_USE_cspace, task->object.id); /* zeroed: every slot empty */
        if (page == FRAME_NONE) {
            quota_release(task, PAGE_SIZE);
            return ERR_NO_MEMORY;
        }
        task->cspace[task->cspace_slots / CSPACE_SLOTS] = phys_to_virt(page);
        task->cspace_slots += CSPACE_SLOTS;
    }
    return ERR_OK;
}

/* Counts cap_delete() calls, the only way a slot becomes empty: a task's free_slot_hint is
 * good while its free_slot_generation is this. (Wrapping needs 2^32 deletions in between.) */
static uint32_t cap_delete_generation;

int cap_find_free_slot(struct task *task)
{
    /* The lowest free slot: what a student expects, and it keeps spaces small. Without the
     * memo, a pager holding a capability per frame would scan them all for every
     * frame_create. */
    uint32_t slot = CAP_ROOT_IO_CONTROL + 1;
    if (task->free_slot_generation == cap_delete_generation && task->free_slot_hint > slot)
        slot = task->free_slot_hint;
    const struct capability *first = task->cspace_first;
    while (slot < CSPACE_SLOTS && first[slot].object) /* the first page, directly */
        slot++;
    while (slot >= CSPACE_SLOTS && slot < task->cspace_slots && cspace_slot(task, slot)->object)
        slot++;
    task->free_slot_hint = slot;
    task->free_slot_generation = cap_delete_generation;
    if (slot < task->cspace_slots)
        return (int)slot;
    int error = cspace_grow(task, slot);
    if (error == ERR_INVALID_CAP)
        return ERR_NO_MEMORY; /* every one of CSPACE_MAX_SLOTS slots is in use */
    return error ? error : (int)slot;
}

int cap_derive(struct capability *source, struct task *destination_task, uint32_t destination_slot,
               uint32_t rights, uint32_t badge)
{
    if (destination_slot >= CSPACE_MAX_SLOTS)
        return ERR_INVALID_CAP;
    struct capability *destination = cspace_slot(destination_task, destination_slot);
    if (destination && destination->object)
        return ERR_EXISTS;
    if ((source->rights & rights) != rights)
        return ERR_NO_RIGHTS;
    if (!destination) { /* beyond the end of the space: grow it to reach the slot */
        int error = cspace_grow(destination_task, destination_slot);
        if (error)
            return error;
        destination = cspace_slot(destination_task, destination_slot);
    }
    fill_empty(destination, source->object, rights, badge, source);
    cap_trace_installed(destination, destination_task, destination_slot);
    return ERR_OK;
}

void cap_delete(struct capability *capability)
{
    struct kobject *object = capability->object;
    if (!object)
        return;
    /* Our children now hang from our parent, so a revoke of an ancestor still finds them. */
    struct capability *parent = capability->parent;
    unlink_child(capability);
    struct capability *child;
    while ((child = capability->first_child)) {
        capability->first_child = child->next_sibling;
        link_child(parent, child);
    }
    if (capability->mapped_task)
        frame_unmap(capability); /* the mapping belongs to the capability */
    bool counted = !capability->weak;
    /* Back to all zero (cap_install relies on it); the links and mapping are clear already. */
    capability->object = NULL;
    capability->rights = capability->badge = 0;
    capability->weak = false;
    cap_delete_generation++;
    if (counted && --object->cap_count == 0)
        object_doom(object);
}

uint32_t cap_revoke(struct capability *root)
{
    uint32_t deleted = 0;
#if ORRERY_TRACE
    TRACE(cap_revoke, cap_trace_task(root), cap_trace_slot(root), count_descendants(root), 0);
#endif
    /* Depth first: go down to a leaf, delete it, go back to its parent. Every capability
     * of the subtree is visited once on the way down and deleted once on the way up. */
    struct capability *node = root->first_child;
    while (node) {
        if (node->first_child) {
            node = node->first_child;
            continue;
        }
        struct capability *parent = node->parent;
        TRACE(cap_remove, cap_trace_task(node), cap_trace_slot(node), node->object->id, CAP_REMOVE_revoke);
        cap_delete(node); /* a leaf: O(1); objects it dooms are destroyed later */
        deleted++;
        sched_interrupt_window();
        node = parent == root ? root->first_child : parent;
    }
    return deleted;
}
