/*
 * sys_cap.c - the system calls about capabilities: cap_copy, cap_mint, cap_delete,
 * cap_revoke, cap_identify, task_cap_info.
 */
#include "abi/errors.h"
#include "cap.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

/* Where a derived capability goes: the task named by @task_slot (CAP_SELF_TASK: ourselves).
 * Giving to another task needs RIGHT_WRITE on its capability and RIGHT_GRANT on the source. */
static int derive(uint32_t source_slot, uint32_t task_slot, uint32_t destination_slot,
                  uint32_t rights, uint32_t badge, enum trace_cap_op op)
{
    struct task *caller = current_task();
    struct capability *source, *task_cap;
    int error = cap_lookup(caller, source_slot, OBJECT_NONE, 0, &source);
    if (error)
        return error;
    if ((error = cap_lookup(caller, task_slot, OBJECT_TASK, 0, &task_cap)))
        return error;
    struct task *destination = (struct task *)task_cap->object;
    if (destination != caller) {
        if (!(task_cap->rights & RIGHT_WRITE) || !(source->rights & RIGHT_GRANT))
            return ERR_NO_RIGHTS;
    }
    if (badge && source->badge)
        return ERR_INVALID; /* a badge, once given, stays */
    if (source->object->type == OBJECT_NOTIFICATION && (badge & 0x80000000u))
        return ERR_INVALID; /* wait returns the bits as a positive number: 31 bits only */
    uint32_t given_badge = badge ? badge : source->badge;
    if ((error = cap_derive(source, destination, destination_slot, rights, given_badge)))
        return error;
    TRACE(cap_source, op, given_badge, caller->object.id, source_slot);
    return ERR_OK;
}

/* cap_copy(source, task, destination): all three are slots */
int32_t syscall_cap_copy(uint32_t source, uint32_t task, uint32_t destination)
{
    struct capability *source_cap;
    int error = cap_lookup(current_task(), source, OBJECT_NONE, 0, &source_cap);
    if (error)
        return error;
    return derive(source, task, destination, source_cap->rights, 0, CAP_OP_copy);
}

/* cap_mint(source, task, destination, rights, badge): slots, then what the copy carries */
int32_t syscall_cap_mint(uint32_t source, uint32_t task, uint32_t destination, uint32_t rights,
                         uint32_t badge)
{
    if (rights & ~RIGHTS_ALL)
        return ERR_INVALID;
    return derive(source, task, destination, rights, badge, CAP_OP_mint);
}

int32_t syscall_cap_delete(uint32_t slot)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_NONE, 0, &cap);
    if (error)
        return error;
    TRACE(cap_remove, current_task()->object.id, slot, cap->object->id, CAP_REMOVE_delete);
    cap_delete(cap);
    return ERR_OK;
}

int32_t syscall_cap_revoke(uint32_t slot)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_NONE, 0, &cap);
    if (error)
        return error;
    return (int32_t)cap_revoke(cap);
}

/* The capability in @slot of @task, or NULL if empty (or not grown to yet). */
static const struct capability *slot_content(const struct task *task, uint32_t slot)
{
    const struct capability *cap = cspace_slot(task, slot);
    return cap && cap->object ? cap : NULL;
}

/* What cap_identify and task_cap_info's TASK_CAP_INFO_IDENTITY report. */
static int32_t identity(const struct capability *cap)
{
    return cap ? (int32_t)(cap->object->type | cap->rights << 8) : OBJECT_NONE;
}

/* cap_identify(slot) -> object type | rights << 8; 0 for an empty slot */
int32_t syscall_cap_identify(uint32_t slot)
{
    if (slot >= CSPACE_MAX_SLOTS)
        return ERR_INVALID_CAP;
    return identity(slot_content(current_task(), slot));
}

/* task_cap_info(task, slot, key): task is a slot of the caller, slot one of that task */
int32_t syscall_task_cap_info(uint32_t task, uint32_t slot, uint32_t key)
{
    struct capability *task_cap;
    int error = cap_lookup(current_task(), task, OBJECT_TASK, RIGHT_READ, &task_cap);
    if (error)
        return error;
    if (slot >= CSPACE_MAX_SLOTS)
        return ERR_INVALID_CAP;
    const struct capability *cap = slot_content((struct task *)task_cap->object, slot);
    switch (key) {
    case TASK_CAP_INFO_IDENTITY: return identity(cap);
    case TASK_CAP_INFO_BADGE:
        if (cap && cap->badge > INT32_MAX)
            return ERR_INVALID; /* a result >= 0 cannot carry bit 31 */
        return cap ? (int32_t)cap->badge : 0;
    default: return ERR_INVALID;
    }
}
