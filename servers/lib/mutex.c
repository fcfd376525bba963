/*
 * mutex.c - the benaphore of mutex.h: an atomic count, and a notification to sleep on.
 */
#include "mutex.h"
#include "assert.h"
#include "syscall_stubs.h"
#include "thread_start.h"

/* The owner value of the calling thread (never 0: the first thread's index is -1). */
static int owner_self(void) { return thread_index_self() + 2; }

void mutex_init(struct mutex *mutex)
{
    *mutex = (struct mutex)MUTEX_INITIALIZER;
}

/* The mutex's notification, created on first need; 0 if none can be made (then waiters
 * yield: the documented fallback). Two waiters may race to create it: one keeps its own. */
static int notification_of(struct mutex *mutex)
{
    int slot = __atomic_load_n(&mutex->notification, __ATOMIC_SEQ_CST);
    if (slot > 0)
        return slot;
    int created = sys_notification_create();
    if (created < 0)
        return 0;
    int expected = 0;
    if (__atomic_compare_exchange_n(&mutex->notification, &expected, created, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return created;
    sys_cap_delete(created);
    return expected;
}

/* Sleep until an unlock hands the mutex to us. */
static void wait_for_handoff(struct mutex *mutex)
{
    for (;;) {
        int notification = notification_of(mutex); /* before looking at handoff: see unlock */
        if (__atomic_exchange_n(&mutex->handoff, 0, __ATOMIC_SEQ_CST))
            return;
        if (notification <= 0 || sys_wait(notification) < 0)
            sys_yield();
    }
}

void mutex_lock(struct mutex *mutex)
{
    int me = owner_self();
    if (__atomic_load_n(&mutex->owner, __ATOMIC_SEQ_CST) == me)
        fatal_error("mutex_lock(%p): this thread holds the mutex already (it would wait for "
                    "itself forever)", (void *)mutex);
    if (__atomic_fetch_add(&mutex->state, 1, __ATOMIC_SEQ_CST) != 0)
        wait_for_handoff(mutex);
    __atomic_store_n(&mutex->owner, me, __ATOMIC_SEQ_CST);
}

bool mutex_trylock(struct mutex *mutex)
{
    int expected = 0;
    if (!__atomic_compare_exchange_n(&mutex->state, &expected, 1, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
        return false;
    __atomic_store_n(&mutex->owner, owner_self(), __ATOMIC_SEQ_CST);
    return true;
}

void mutex_unlock(struct mutex *mutex)
{
    if (__atomic_load_n(&mutex->owner, __ATOMIC_SEQ_CST) != owner_self())
        fatal_error("mutex_unlock(%p): this thread does not hold the mutex", (void *)mutex);
    __atomic_store_n(&mutex->owner, 0, __ATOMIC_SEQ_CST);
    if (__atomic_fetch_sub(&mutex->state, 1, __ATOMIC_SEQ_CST) == 1)
        return; /* nobody waits */
    /* A waiter reads the notification before the handoff, we write the handoff before we
     * read the notification: so either we signal it, or it sees the handoff. */
    __atomic_store_n(&mutex->handoff, 1, __ATOMIC_SEQ_CST);
    int notification = __atomic_load_n(&mutex->notification, __ATOMIC_SEQ_CST);
    if (notification > 0)
        sys_signal(notification);
}

bool mutex_held(const struct mutex *mutex)
{
    return __atomic_load_n(&mutex->owner, __ATOMIC_SEQ_CST) == owner_self();
}

void mutex_destroy(struct mutex *mutex)
{
    if (mutex->notification > 0)
        sys_cap_delete(mutex->notification);
    mutex_init(mutex);
}
