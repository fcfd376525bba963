/*
 * runqueue.c - Lab 2's exercises: the run queue and the time slice (see sched.h).
 *
 * Pure code (no hardware, no other kernel state), so it also runs in host unit tests:
 * kernel/tests/host/test_runqueue.c checks the contract stated in sched.h.
 */
#include "lab.h"
#include "sched.h"
#include "thread.h"

LAB_HOLE void runqueue_enqueue(struct run_queue *queue, struct thread *thread)
{
    (void)queue, (void)thread;
    lab_hole_missing(2, "runqueue_enqueue");
}

LAB_HOLE void runqueue_remove(struct run_queue *queue, struct thread *thread)
{
    (void)queue, (void)thread;
    lab_hole_missing(2, "runqueue_remove");
}

LAB_HOLE struct thread *runqueue_pick(const struct run_queue *queue)
{
    (void)queue;
    lab_hole_missing(2, "runqueue_pick");
}

LAB_HOLE bool runqueue_tick_slice(struct thread *thread)
{
    (void)thread;
    lab_hole_missing(2, "runqueue_tick_slice");
}
