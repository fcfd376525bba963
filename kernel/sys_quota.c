/*
 * sys_quota.c - moving kernel-memory quota between a parent task and a child it created:
 * task_quota_give, task_quota_take (Genode's transfer_quota is the model).
 *
 * A child's quota_limit is reserved out of its quota_parent's: it counts in the parent's
 * quota_used. Giving raises the child's limit and the parent's use by the same amount;
 * taking lowers both, never the child's limit below what it uses. Only the quota parent may
 * do either, and only with RIGHT_CONTROL on the child's capability.
 */
#include "abi/errors.h"
#include "cap.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

/* The child in @slot, if the caller is its quota parent. */
static int lookup_child(uint32_t slot, struct task **child)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_TASK, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    *child = (struct task *)cap->object;
    return (*child)->quota_parent == current_task() ? ERR_OK : ERR_NO_RIGHTS;
}

/* task_quota_give(task, bytes): task is the child's slot */
int32_t syscall_task_quota_give(uint32_t task, uint32_t bytes)
{
    struct task *child, *parent = current_task();
    int error = lookup_child(task, &child);
    if (error)
        return error;
    if (bytes > UINT32_MAX - child->quota_limit) /* the child's limit must not wrap */
        return ERR_INVALID;
    if (quota_charge(parent, bytes))
        return ERR_QUOTA;
    child->quota_limit += bytes;
    TRACE(quota_transfer, parent->object.id, child->object.id, bytes, child->quota_limit);
    return ERR_OK;
}

/* task_quota_take(task, bytes): task is the child's slot */
int32_t syscall_task_quota_take(uint32_t task, uint32_t bytes)
{
    struct task *child, *parent = current_task();
    int error = lookup_child(task, &child);
    if (error)
        return error;
    if (bytes > child->quota_limit - child->quota_used) /* used <= limit: no wrap */
        return ERR_QUOTA;
    child->quota_limit -= bytes;
    quota_release(parent, bytes);
    TRACE(quota_transfer, child->object.id, parent->object.id, bytes, child->quota_limit);
    return ERR_OK;
}
