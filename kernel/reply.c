/*
 * reply.c - reply objects: saving a one-shot reply for later and replying through it
 * (reply.h has the invariants).
 */
#include "reply.h"
#include "abi/errors.h"
#include "ipc.h"
#include "thread.h"
#include "trace.h"


struct reply *reply_save(struct thread *server, int *error)
{
    struct thread *caller = server->reply_to;
    if (!caller) {
        *error = ERR_NOT_FOUND;
        return NULL;
    }
    struct reply *reply = object_create(server->task, OBJECT_REPLY, sizeof *reply, 0, error);
    if (!reply)
        return NULL;
    reply->caller = caller;
    server->reply_to = NULL;
    caller->reply_from = NULL;
    caller->reply_object = reply;
    TRACE(reply_saved, server->object.id, caller->object.id, reply->object.id, 0);
    return reply;
}

int reply_send(struct reply *reply, struct thread *server)
{
    struct thread *caller = reply->caller;
    if (!caller)
        return ERR_DEAD;
    reply->caller = NULL;
    caller->reply_object = NULL;
    ipc_reply_to(server, caller);
    return ERR_OK;
}

void reply_forget_caller(struct thread *caller)
{
    struct reply *reply = caller->reply_object;
    if (!reply)
        return;
    reply->caller = NULL;
    caller->reply_object = NULL;
    TRACE(reply_stale, caller->object.id, reply->object.id, 0, 0);
}

void reply_destroy(struct reply *reply)
{
    struct thread *caller = reply->caller;
    uint32_t id = reply->object.id;
    object_free(&reply->object); /* first: nothing can reach it while the caller is aborted */
    if (caller) {
        caller->reply_object = NULL;
        TRACE(reply_stale, caller->object.id, id, 0, 0);
        ipc_abort(caller, ERR_ABORTED);
    }
}
