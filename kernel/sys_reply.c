/*
 * sys_reply.c - the system calls about saved replies (reply.h): reply_save, reply.
 */
#include "abi/errors.h"
#include "cap.h"
#include "ipc.h"
#include "reply.h"
#include "syscall.h"
#include "task.h"

/* reply_save() -> slot of a new reply capability holding the reply the caller owes */
SYSCALL_HANDLER(reply_save)
{
    struct task *task = current_task();
    if (!current_thread->reply_to)
        return ERR_NOT_FOUND;
    int slot = cap_find_free_slot(task), error;
    if (slot < 0)
        return slot;
    struct reply *reply = reply_save(current_thread, &error);
    if (!reply)
        return error;
    cap_install(task, (uint32_t)slot, &reply->object, REPLY_RIGHTS, 0, NULL);
    return slot;
}

/* reply(reply_slot, tag, w0, w1, w2): answer a saved caller; the capability is used up */
SYSCALL_HANDLER(reply)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), a0, OBJECT_REPLY, RIGHT_WRITE, &cap);
    if (!error)
        error = ipc_check_message(a1);
    if (error)
        return error;
    error = reply_send((struct reply *)cap->object, current_thread);
    current_thread->ipc_offered_cap = NULL; /* the send is over (see ipc_check_message) */
    if (error)
        return error; /* stale: the capability stays until cap_delete */
    cap_delete(cap);
    return ERR_OK;
}
