/*
 * endpoint_queue.c - Lab 3's first exercise: the FIFO queues of an endpoint (see endpoint.h).
 *
 * Pure code, so kernel/tests/host/test_endpoint_queue.c can check it on the host.
 */
#include "endpoint.h"
#include "lab.h"
#include "thread.h"

LAB_HOLE void endpoint_enqueue(struct thread_queue *queue, struct thread *thread)
{
    (void)queue, (void)thread;
    lab_hole_missing(3, "endpoint_enqueue");
}

LAB_HOLE struct thread *endpoint_dequeue(struct thread_queue *queue)
{
    (void)queue;
    lab_hole_missing(3, "endpoint_dequeue");
}

LAB_HOLE bool endpoint_remove(struct thread_queue *queue, struct thread *thread)
{
    (void)queue, (void)thread;
    lab_hole_missing(3, "endpoint_remove");
}
