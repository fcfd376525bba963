/**
 * @file mutex.h
 * @brief A mutex for the threads of one task: uncontended, a lock and an unlock are one
 *        atomic instruction each; a thread that finds it held sleeps on a notification.
 *
 * The algorithm is the "benaphore" (BeOS): @c state counts the holder and the threads
 * waiting for it. mutex_lock adds one; if the mutex was free, the caller has it. Otherwise
 * it sleeps in wait() on the mutex's notification until mutex_unlock hands it over: unlock
 * takes one off, and if someone waits it sets @c handoff and signals the notification, which
 * wakes exactly one waiter (the kernel queues waiters in order). The notification is created
 * the first time the mutex is contended, so a mutex nobody fights over costs no kernel
 * memory, and MUTEX_INITIALIZER (all zero) makes a ready mutex.
 *
 * Fallback: if no notification can be created (the task's quota is used up), waiters
 * sys_yield() until the handoff instead; correct, but it spins.
 *
 * Misuse (locking a mutex the same thread holds, unlocking one it does not hold) ends the
 * program with a report (assert.h), rather than a silent deadlock.
 */
#ifndef ORRERY_USER_MUTEX_H
#define ORRERY_USER_MUTEX_H

#include "types.h"

/** A mutex. Zero it (MUTEX_INITIALIZER, or mutex_init) before use; do not copy it. */
struct mutex {
    int state;        /**< 0 free; 1 held; n > 1 held and n - 1 threads waiting */
    int handoff;      /**< 1 when an unlock has handed the mutex to a waiter not yet awake */
    int notification; /**< the slot of the notification waiters sleep on, 0 until needed */
    int owner;        /**< thread_index_self() + 2 of the holder, 0 when free */
};

#define MUTEX_INITIALIZER {0, 0, 0, 0}

/** Make @p mutex free (the same as MUTEX_INITIALIZER). */
void mutex_init(struct mutex *mutex);

/** Wait until @p mutex is free and take it. */
void mutex_lock(struct mutex *mutex);

/** Take @p mutex if it is free. @return true if the caller now holds it. */
bool mutex_trylock(struct mutex *mutex);

/** Give @p mutex back (the caller must hold it), waking one waiter if there is one. */
void mutex_unlock(struct mutex *mutex);

/** Whether the calling thread holds @p mutex (for assertions). */
bool mutex_held(const struct mutex *mutex);

/** Free the notification of @p mutex, which must be free and without waiters. */
void mutex_destroy(struct mutex *mutex);

#endif
