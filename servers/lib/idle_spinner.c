/**
 * @file idle_spinner.c
 * @brief The benchmarks' idle spinner (idle_spinner.h): a thread that counts while the
 *        rest of the system waits.
 */
#include "idle_spinner.h"

#include "syscall_stubs.h"
#include "thread_start.h"

/* Two instructions a turn: the increment of the counter in memory, the jump back. */
static void spin(void *argument)
{
    struct idle_spinner *spinner = argument;
    for (;;)
        __asm__ volatile("1: incl %0\n\tjmp 1b" : "+m"(spinner->turns));
}

int idle_spinner_start(struct idle_spinner *spinner)
{
    spinner->turns = 0;
    spinner->thread = thread_start(spin, spinner, PRIORITY_MIN);
    if (spinner->thread < 0)
        return spinner->thread;
    sys_yield(); /* nothing: the spinner is below us, it runs when we wait */
    return 0;
}

void idle_spinner_stop(struct idle_spinner *spinner)
{
    if (spinner->thread >= 0)
        sys_thread_suspend(spinner->thread);
    spinner->thread = -1;
}
