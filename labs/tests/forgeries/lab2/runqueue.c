/*
 * A FORGERY, kept as a test fixture (labs/tests/test_forgeries.py): Lab 2's holes with no
 * scheduler. When the root thread is first made ready, it writes the trace records a
 * working scheduler would make for the test program named on the command line (threads
 * created in the root task, context switches to each in turn, a time slice apart) and
 * halts with success. The old trace-only grader gave it every booted point; the booted
 * tests must give it nothing.
 */
#include "cmdline.h"
#include "bootinfo.h"
#include "machine.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "thread.h"
#include "trace.h"

#define FORGED_TURNS 60
#define FORGED_SLICE_SPINS 200000

static void forge_and_halt(struct thread *root)
{
    char program[32] = "";
    cmdline_get(boot_info.cmdline, "root", program, sizeof program);
    uint32_t threads = strcmp(program, "sched_fairness") == 0 ? 3 : 2;
    for (uint32_t i = 1; i <= threads; i++)
        TRACE(thread_create, root->object.id + i, root->task->object.id, root->priority, 0);
    for (uint32_t turn = 0; turn < FORGED_TURNS; turn++) {
        uint32_t from = turn ? root->object.id + 1 + (turn - 1) % threads : root->object.id;
        TRACE(context_switch, from, root->object.id + 1 + turn % threads, SWITCH_PREEMPT, 0);
        for (volatile uint32_t spin = 0; spin < FORGED_SLICE_SPINS; spin++)
            ;
    }
    TRACE(context_switch, root->object.id + 1 + (FORGED_TURNS - 1) % threads, root->object.id, SWITCH_PREEMPT, 0);
    machine_halt(HALT_SUCCESS);
}

void runqueue_enqueue(struct run_queue *queue, struct thread *thread)
{
    (void)queue;
    forge_and_halt(thread);
}

void runqueue_remove(struct run_queue *queue, struct thread *thread) { (void)queue, (void)thread; }

struct thread *runqueue_pick(const struct run_queue *queue) { (void)queue; return NULL; }

bool runqueue_tick_slice(struct thread *thread) { (void)thread; return false; }
