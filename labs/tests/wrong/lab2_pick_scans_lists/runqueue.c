/*
 * A WRONG Lab 2, kept as a test fixture (labs/tests/test_forgeries.py): the reference
 * runqueue.c except that runqueue_pick scans the 32 lists from the highest priority down
 * instead of reading the bitmap. It picks the right thread, so it used to score 100/100,
 * although sched.h and the handout ask for an O(1) pick.
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
    for (int priority = PRIORITY_LEVELS - 1; priority >= 0; priority--)
        if (queue->heads[priority])
            return queue->heads[priority];
    return NULL;
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
