/*
 * sys_reply.c - the system calls about saved replies (reply.h): reply_save, reply.
 */
#include "abi/errors.h"
#include "cap.h"
#include "ipc.h"
#include "reply.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

/* reply_save() -> slot of a new reply capability holding the reply the caller owes */
int32_t syscall_reply_save(void)
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
    TRACE(cap_source, CAP_OP_reply_save, 0, 0, 0);
    return slot;
}

/* reply(reply, tag, word0, word1, word2): answer the caller saved in slot @reply; the
 * capability is used up. The words travel in the caller's saved registers (reply_send). */
int32_t syscall_reply(uint32_t reply, uint32_t tag, uint32_t word0, uint32_t word1, uint32_t word2)
{
    (void)word0, (void)word1, (void)word2;
    struct capability *cap;
    int error = cap_lookup(current_task(), reply, OBJECT_REPLY, RIGHT_WRITE, &cap);
    if (!error)
        error = ipc_check_message(tag);
    if (error)
        return error;
    error = reply_send((struct reply *)cap->object, current_thread);
    current_thread->ipc_offered_cap = NULL; /* the send is over (see ipc_check_message) */
    if (error)
        return error; /* stale: the capability stays until cap_delete */
    TRACE(cap_remove, current_task()->object.id, reply, cap->object->id, CAP_REMOVE_used);
    cap_delete(cap);
    return ERR_OK;
}
