/*
 * uptime.c - the time since boot, from the timer service (TIMER_UPTIME, proto/timer.h).
 */
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"

#define MS_PER_SECOND 1000u

/* An empty slot for the timer's capability (the lowest above the fixed ones). */
static int empty_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_MAX_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    return ERR_NO_MEMORY;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "timer");
    int timer = empty_slot();
    int ms = timer < 0 ? timer
                       : rpc_call_long(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, timer, NULL, 0, NULL);
    struct rpc_result result = { { 0, 0 } };
    if (ms >= 0)
        ms = rpc_call(timer, TIMER_UPTIME, 0, 0, 0, 0, &result);
    if (ms < 0) {
        printf("uptime: the timer service: %s\n", error_name(ms));
        return 1;
    }
    printf("up %u.%03u s\n", result.words[0], (unsigned)ms % MS_PER_SECOND);
    return 0;
}
