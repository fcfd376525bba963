/*
 * solutions/lab2/runqueue.c - reference solution for Lab 2's run-queue and time-slice holes.
 *
 * Linked in place of the stubs in kernel/runqueue.c when Lab 2 is in SOLUTIONS.
 */
#include "sched.h"
#include "thread.h"

void runqueue_enqueue(struct run_queue *queue, struct thread *thread)
{
    struct thread **head = &queue->heads[thread->priority];
    if (!*head) {
        thread->run_next = thread->run_prev = thread;
        *head = thread;
    } else {
        struct thread *tail = (*head)->run_prev;
        thread->run_prev = tail;
        thread->run_next = *head;
        tail->run_next = thread;
        (*head)->run_prev = thread;
    }
    queue->ready_bitmap |= 1u << thread->priority;
}

void runqueue_remove(struct run_queue *queue, struct thread *thread)
{
    struct thread **head = &queue->heads[thread->priority];
    if (thread->run_next == thread) {
        *head = NULL;
        queue->ready_bitmap &= ~(1u << thread->priority);
    } else {
        thread->run_prev->run_next = thread->run_next;
        thread->run_next->run_prev = thread->run_prev;
        if (*head == thread)
            *head = thread->run_next;
    }
    thread->run_next = thread->run_prev = NULL;
}

struct thread *runqueue_pick(const struct run_queue *queue)
{
    if (!queue->ready_bitmap)
        return NULL;
    uint32_t highest = 31 - (uint32_t)__builtin_clz(queue->ready_bitmap);
    return queue->heads[highest];
}

bool runqueue_tick_slice(struct thread *thread)
{
    if (thread->time_slice_left > 1) {
        thread->time_slice_left--;
        return false;
    }
    thread->time_slice_left = thread->time_slice;
    return true;
}
