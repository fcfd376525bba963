/*
 * test_sched.c - Lab 2 in-kernel test of runqueue_pick's cost: O(1), the same at every level.
 *
 * A private run queue holds one thread at a time, at the lowest, a middle and the highest
 * priority. Before each timed runqueue_pick the test passes a checkpoint; the harness then
 * single-steps that call from outside the guest (QEMU's gdbstub) and counts its
 * instructions. A pick through the bitmap costs the same at every level; a scan of the 32
 * lists (or of the 32 bits) costs up to 32 times more at one end.
 */
#include "ktest/ktest.h"
#include "sched.h"
#include "string.h"
#include "thread.h"

static const uint32_t timed_levels[] = { 0, PRIORITY_MAX / 2, PRIORITY_MAX };

/* lab2_pick_cost: pick one ready thread at each of three levels (the harness times each). */
KTEST(lab2_pick_cost)
{
    static struct run_queue queue;
    static struct thread thread;
    for (uint32_t i = 0; i < sizeof timed_levels / sizeof timed_levels[0]; i++) {
        memset(&queue, 0, sizeof queue);
        memset(&thread, 0, sizeof thread);
        thread.priority = timed_levels[i];
        runqueue_enqueue(&queue, &thread);
        ktest_checkpoint(KTEST_CHECKPOINT_PICK_ONE_READY, timed_levels[i], 0);
        KTEST_EXPECT("pick finds the one ready thread", runqueue_pick(&queue) == &thread);
        runqueue_remove(&queue, &thread);
        KTEST_EXPECT_EQ("removing it empties the bitmap", 0, queue.ready_bitmap);
    }
}
