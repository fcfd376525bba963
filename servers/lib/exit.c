/*
 * exit.c - the end of a program: atexit() functions, then PM_EXIT or runtime_exit().
 */
#include "exit.h"
#include "proto/pm.h"
#include "rpc.h"
#include "runtime.h"

static void (*handlers[EXIT_HANDLERS_MAX])(void);
static int handler_count;
static int process_manager = -1;
static int exiting; /* set once: exit() from an atexit function does not run them again */

int atexit(void (*handler)(void))
{
    if (handler_count >= EXIT_HANDLERS_MAX)
        return -1;
    handlers[handler_count++] = handler;
    return 0;
}

void exit_reports_to(int pm_slot)
{
    process_manager = pm_slot;
}

void exit(int status)
{
    if (!__atomic_exchange_n(&exiting, 1, __ATOMIC_SEQ_CST))
        while (handler_count > 0)
            handlers[--handler_count]();
    if (process_manager >= 0)
        rpc_call(process_manager, PM_EXIT, 1, (unsigned)status, 0, 0, NULL); /* no answer */
    runtime_exit(status); /* no process manager, or it did not end us */
}
