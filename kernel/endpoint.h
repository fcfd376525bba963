/**
 * @file endpoint.h
 * @brief Endpoints: where IPC senders and receivers meet, and their FIFO queues.
 *
 * An endpoint holds two queues: threads waiting to send and threads waiting to receive.
 * At most one of them is non-empty at any time (a sender and a receiver that meet do not
 * wait). Queues are FIFO: the thread that has waited longest is served first.
 *
 * Lab 3 holes: endpoint_enqueue, endpoint_dequeue, endpoint_remove (endpoint_queue.c).
 */
#ifndef ORRERY_ENDPOINT_H
#define ORRERY_ENDPOINT_H

#include "object.h"
#include "types.h"

struct thread;

/** A FIFO of threads linked through thread->ipc_next. */
struct thread_queue {
    struct thread *head; /**< the thread that has waited longest, or NULL */
    struct thread *tail; /**< the newest, or NULL */
};

struct endpoint {
    struct kobject object;
    struct thread_queue senders;
    struct thread_queue receivers;
};

/** (Lab 3) Append @p thread (in no queue) at the tail of @p queue. */
void endpoint_enqueue(struct thread_queue *queue, struct thread *thread);

/** (Lab 3) Take the thread at the head of @p queue out and return it; NULL if empty. */
struct thread *endpoint_dequeue(struct thread_queue *queue);

/** (Lab 3) Take @p thread out of @p queue wherever it is. @return false if it was not there. */
bool endpoint_remove(struct thread_queue *queue, struct thread *thread);

/** Create an endpoint charged to @p task. @return it, or NULL with *error set. */
struct endpoint *endpoint_create(struct task *task, int *error);

/** The last capability is gone: wake every waiting thread with ERR_ABORTED, then free. */
void endpoint_destroy(struct endpoint *endpoint);

#endif
