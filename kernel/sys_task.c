/*
 * sys_task.c - the system calls about tasks: task_create, task_map_anon, task_write,
 * task_info.
 */
#include "abi/errors.h"
#include "syscall.h"
#include "task.h"
#include "usercopy.h"
#include "trace.h"

#define TASK_WRITE_CHUNK 256

static int lookup_task(uint32_t slot, uint32_t rights, struct task **task)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_TASK, rights, &cap);
    if (!error)
        *task = (struct task *)cap->object;
    return error;
}

/* task_create(quota, name) -> slot of the new task's capability; quota is in bytes, name
 * the address of a string in the caller (0: "task") */
int32_t syscall_task_create(uint32_t quota, uint32_t name)
{
    struct task *caller = current_task();
    char name_copy[TASK_NAME_MAX] = "task";
    if (name && copy_string_from_user(name_copy, name, sizeof name_copy))
        return ERR_FAULT;
    int slot = cap_find_free_slot(caller);
    if (slot < 0)
        return slot;
    struct task *task;
    int error = task_create(caller, quota, name_copy, &task);
    if (error)
        return error;
    cap_install(caller, (uint32_t)slot, &task->object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_create, 0, 0, 0);
    /* The child's own slot 0 hangs from the creator's capability: every copy the child
     * makes of itself is then a descendant, and cap_revoke + cap_delete of the creator's
     * capability always destroys the child, whatever it copied where. */
    cap_set_parent(cspace_slot(task, CAP_SELF_TASK), cspace_slot(caller, (uint32_t)slot));
    return slot;
}

/* task_map_anon(task, vaddr, pages, flags): task is a slot */
int32_t syscall_task_map_anon(uint32_t task, uint32_t vaddr, uint32_t pages, uint32_t flags)
{
    struct task *target;
    int error = lookup_task(task, RIGHT_WRITE, &target);
    if (error)
        return error;
    if ((flags & ~MAP_WRITABLE) || pages > TASK_MAP_MAX_PAGES)
        return ERR_INVALID;
    return task_map_new_pages(target, vaddr, pages, flags & MAP_WRITABLE);
}

/* task_write(task, destination, source, length): copy from the caller into the memory of
 * the task in slot @task */
int32_t syscall_task_write(uint32_t task, uint32_t destination, uint32_t source, uint32_t length)
{
    struct task *target;
    int error = lookup_task(task, RIGHT_WRITE, &target);
    if (error)
        return error;
    if (length > TASK_WRITE_MAX)
        return ERR_INVALID;
    if (!user_range_valid(destination, length) || !user_range_valid(source, length))
        return ERR_FAULT;
    char chunk[TASK_WRITE_CHUNK];
    while (length) {
        uint32_t size = length < sizeof chunk ? length : sizeof chunk;
        if (copy_from_user(chunk, source, size) || task_copy_to(target, destination, chunk, size))
            return ERR_FAULT;
        destination += size, source += size, length -= size;
    }
    return ERR_OK;
}

/* task_info(task, key) -> the number @key names; it changes nothing */
int32_t syscall_task_info(uint32_t task, uint32_t key)
{
    struct task *target;
    int error = lookup_task(task, RIGHT_READ, &target);
    if (error)
        return error;
    uint32_t threads = 0;
    switch (key) {
    case TASK_INFO_ID: return (int32_t)target->object.id;
    case TASK_INFO_QUOTA_USED: return (int32_t)target->quota_used; /* below DIRECT_MAP_LIMIT */
    case TASK_INFO_QUOTA_LIMIT: return (int32_t)target->quota_limit;
    case TASK_INFO_USER_PAGES: return (int32_t)task_user_pages(target);
    case TASK_INFO_THREADS:
        for (const struct thread *thread = target->threads; thread; thread = thread->task_next)
            threads++; /* dead threads have left the list */
        return (int32_t)threads;
    case TASK_INFO_CSPACE_SLOTS: return (int32_t)target->cspace_slots;
    default: return ERR_INVALID;
    }
}
