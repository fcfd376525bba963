/*
 * sys_task.c - the system calls about tasks: task_create, task_map_anon, task_write.
 */
#include "abi/errors.h"
#include "syscall.h"
#include "task.h"
#include "usercopy.h"

#define TASK_WRITE_CHUNK 256

static int lookup_task(uint32_t slot, uint32_t rights, struct task **task)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), slot, OBJECT_TASK, rights, &cap);
    if (!error)
        *task = (struct task *)cap->object;
    return error;
}

/* task_create(quota_bytes, name) -> slot of the new task's capability */
SYSCALL_HANDLER(task_create)
{
    struct task *caller = current_task();
    char name[TASK_NAME_MAX] = "task";
    if (a1 && copy_string_from_user(name, a1, sizeof name))
        return ERR_FAULT;
    int slot = cap_find_free_slot(caller);
    if (slot < 0)
        return slot;
    struct task *task;
    int error = task_create(caller, a0, name, &task);
    if (error)
        return error;
    cap_install(caller, (uint32_t)slot, &task->object, RIGHTS_ALL, 0, NULL);
    /* The child's own slot 0 hangs from the creator's capability: every copy the child
     * makes of itself is then a descendant, and cap_revoke + cap_delete of the creator's
     * capability always destroys the child, whatever it copied where. */
    cap_set_parent(cspace_slot(task, CAP_SELF_TASK), cspace_slot(caller, (uint32_t)slot));
    return slot;
}

/* task_map_anon(task_slot, vaddr, pages, flags) */
SYSCALL_HANDLER(task_map_anon)
{
    struct task *task;
    int error = lookup_task(a0, RIGHT_WRITE, &task);
    if (error)
        return error;
    if ((a3 & ~MAP_WRITABLE) || a2 > TASK_MAP_MAX_PAGES)
        return ERR_INVALID;
    return task_map_new_pages(task, a1, a2, a3 & MAP_WRITABLE);
}

/* task_write(task_slot, destination, source, length): copy into another task's memory */
SYSCALL_HANDLER(task_write)
{
    struct task *task;
    int error = lookup_task(a0, RIGHT_WRITE, &task);
    if (error)
        return error;
    uint32_t destination = a1, source = a2, length = a3;
    if (length > TASK_WRITE_MAX)
        return ERR_INVALID;
    if (!user_range_valid(destination, length) || !user_range_valid(source, length))
        return ERR_FAULT;
    char chunk[TASK_WRITE_CHUNK];
    while (length) {
        uint32_t size = length < sizeof chunk ? length : sizeof chunk;
        if (copy_from_user(chunk, source, size) || task_copy_to(task, destination, chunk, size))
            return ERR_FAULT;
        destination += size, source += size, length -= size;
    }
    return ERR_OK;
}
