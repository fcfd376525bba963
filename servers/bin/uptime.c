/*
 * uptime.c - the time since boot, from the timer service (TIMER_UPTIME, proto/timer.h).
 */
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "rpc.h"
#include "slot.h"
#include "stdio.h"

#define MS_PER_SECOND 1000u

/* The timer service's endpoint in a slot of its own. @return the slot, or an error. */
static int timer_service(void)
{
    int slot = slot_alloc();
    int error = slot < 0 ? slot : ns_lookup(START_SLOT_NS, "timer", slot);
    if (error < 0 && slot >= 0)
        slot_release(slot);
    return error < 0 ? error : slot;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int timer = timer_service();
    int ms = timer;
    struct rpc_result result = { { 0, 0 } };
    if (timer >= 0)
        ms = rpc_call(timer, TIMER_UPTIME, 0, 0, 0, 0, &result);
    if (ms < 0) {
        printf("uptime: the timer service: %s\n", error_name(ms));
        return 1;
    }
    printf("up %u.%03u s\n", result.words[0], (unsigned)ms % MS_PER_SECOND);
    return 0;
}
