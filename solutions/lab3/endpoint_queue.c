/*
 * solutions/lab3/endpoint_queue.c - reference solution for Lab 3's endpoint queues.
 *
 * Linked in place of the stubs in kernel/endpoint_queue.c when Lab 3 is in SOLUTIONS.
 */
#include "endpoint.h"
#include "thread.h"

void endpoint_enqueue(struct thread_queue *queue, struct thread *thread)
{
    thread->ipc_next = NULL;
    if (queue->tail)
        queue->tail->ipc_next = thread;
    else
        queue->head = thread;
    queue->tail = thread;
}

struct thread *endpoint_dequeue(struct thread_queue *queue)
{
    struct thread *thread = queue->head;
    if (!thread)
        return NULL;
    queue->head = thread->ipc_next;
    if (!queue->head)
        queue->tail = NULL;
    thread->ipc_next = NULL;
    return thread;
}

bool endpoint_remove(struct thread_queue *queue, struct thread *thread)
{
    struct thread *previous = NULL;
    for (struct thread *t = queue->head; t; previous = t, t = t->ipc_next) {
        if (t != thread)
            continue;
        if (previous)
            previous->ipc_next = t->ipc_next;
        else
            queue->head = t->ipc_next;
        if (queue->tail == t)
            queue->tail = previous;
        t->ipc_next = NULL;
        return true;
    }
    return false;
}
