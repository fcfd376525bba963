/**
 * @file reply.h
 * @brief Reply objects: a one-shot reply saved for later, so a server can keep many callers.
 *
 * After a server receives a call (or a fault message) it owes that caller one reply
 * (thread->reply_to). reply_save() moves that debt into a Reply object named by a new
 * capability in the server's cspace; the server may then receive other calls and answer
 * each saved caller later, in any order, with reply() through its capability. This is
 * pre-MCS seL4's CNode_SaveCaller.
 *
 * Invariants: a caller waiting in THREAD_BLOCKED_REPLY is owed its reply either by a server
 * thread (caller->reply_from, server->reply_to) or by exactly one reply object
 * (caller->reply_object, reply->caller), never both. A reply whose caller stopped waiting
 * (it died, was killed or suspended) is *stale*: reply->caller is NULL, and replying
 * through it returns ERR_DEAD. Destroying a reply object that still has its caller (its
 * last capability deleted, revoked, or the server's task destroyed) aborts the call: the
 * caller gets ERR_ABORTED, a faulting thread is stopped, exactly as when a server dies.
 *
 * Reply capabilities carry REPLY_RIGHTS (abi/syscalls.h), never RIGHT_GRANT:
 * they can be copied within the server's own cspace, never into another task or with a
 * message. All copies name the one object; the first reply through any of them answers the
 * caller and the others go stale.
 */
#ifndef ORRERY_REPLY_H
#define ORRERY_REPLY_H

#include "object.h"
#include "types.h"

struct thread;

struct reply {
    struct kobject object;
    struct thread *caller;  /**< the thread waiting for this reply, or NULL (stale) */
};

/**
 * Move the reply @p server owes (server->reply_to) into a new reply object charged to
 * @p server's task. @return it, or NULL with *error = ERR_NOT_FOUND (no reply owed),
 * ERR_QUOTA or ERR_NO_MEMORY; then nothing changed.
 */
struct reply *reply_save(struct thread *server, int *error);

/**
 * Answer @p reply's caller with @p server's message (its registers, as reply_recv sends
 * them); the reply goes stale. @return ERR_OK, or ERR_DEAD if it was stale already.
 */
int reply_send(struct reply *reply, struct thread *server);

/** @p caller stops waiting for @p caller->reply_object (it dies or is suspended). */
void reply_forget_caller(struct thread *caller);

/** The last capability went: abort a caller still waiting (ERR_ABORTED), then free. */
void reply_destroy(struct reply *reply);

#endif
