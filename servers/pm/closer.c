/*
 * closer.c - the stream closes pm owes (proto/stream.h: pm sends the one STREAM_CLOSE of
 * each standard stream it gave a process, as the process ends), sent by a thread of pm's
 * own, the closer.
 *
 * pm's main thread must never wait for a stream server: the console calls pm (Ctrl-C), so
 * each would wait for the other. Nor may a close be dropped or left to some later request:
 * a reader waits for the end of its pipe until every writer is closed, and may ask pm for
 * nothing before that. So the main thread only queues the capability and signals; the
 * closer sends each close with a blocking send, which waits as long as the server is busy
 * (and fails at once if the server is gone), while the main thread goes on serving.
 */
#include "mutex.h"
#include "pm.h"
#include "proto/stream.h"
#include "stdio.h"
#include "syscall_stubs.h"
#include "thread_start.h"

/** Closes queued at most: every stream of every process, twice over (a full queue means
 *  a stream server that takes no messages at all; the close is then dropped). */
#define CLOSER_QUEUE_SIZE (2 * PM_MAX_PROCESSES * PM_STREAMS)

static int queue[CLOSER_QUEUE_SIZE]; /* capability slots, oldest first from head */
static unsigned head, count;
static struct mutex lock;
static int wakeup = -1; /* the notification the closer waits on */

/* Take the oldest queued slot, or -1. */
static int take(void)
{
    mutex_lock(&lock);
    int slot = -1;
    if (count) {
        slot = queue[head];
        head = (head + 1) % CLOSER_QUEUE_SIZE;
        count--;
    }
    mutex_unlock(&lock);
    return slot;
}

static void closer_loop(void *arg)
{
    (void)arg;
    for (;;) {
        sys_wait(wakeup);
        for (int slot; (slot = take()) >= 0;) {
            sys_send(slot, IPC_TAG(STREAM_CLOSE, 0, 0), 0, 0, 0); /* sent, or the server is gone */
            sys_cap_delete(slot);
        }
    }
}

int pm_closer_start(int priority)
{
    mutex_init(&lock);
    wakeup = sys_notification_create();
    if (wakeup < 0)
        return wakeup;
    int thread = thread_start(closer_loop, NULL, priority);
    return thread < 0 ? thread : 0;
}

void pm_close_stream(int slot)
{
    mutex_lock(&lock);
    bool queued = wakeup >= 0 && count < CLOSER_QUEUE_SIZE;
    if (queued)
        queue[(head + count++) % CLOSER_QUEUE_SIZE] = slot;
    mutex_unlock(&lock);
    if (queued)
        sys_signal(wakeup);
    else {
        printf("pm: a stream close could not be queued: dropped\n");
        sys_cap_delete(slot);
    }
}
