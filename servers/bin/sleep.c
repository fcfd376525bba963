/*
 * sleep.c - wait: `sleep 2` two seconds, `sleep 250ms` a quarter of one (TIMER_SLEEP,
 * proto/timer.h).
 */
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"
#include "string.h"

#define MS_PER_SECOND 1000u

/* An empty slot for the timer's capability (the lowest above the fixed ones). */
static int empty_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_MAX_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    return ERR_NO_MEMORY;
}

/* "N" seconds or "Nms" milliseconds. @return false if it is neither, or too long. */
static bool parse_duration(const char *text, unsigned *ms)
{
    unsigned n = 0;
    const char *p = text;
    for (; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (unsigned)(*p - '0');
        if (n > TIMER_SLEEP_MAX_MS)
            return false;
    }
    if (p == text)
        return false;
    if (strcmp(p, "ms") == 0)
        *ms = n;
    else if (*p == '\0' && n <= TIMER_SLEEP_MAX_MS / MS_PER_SECOND)
        *ms = n * MS_PER_SECOND;
    else
        return false;
    return true;
}

int main(int argc, char **argv)
{
    unsigned ms;
    if (argc != 2 || !parse_duration(argv[1], &ms)) {
        printf("usage: sleep SECONDS | sleep MILLISECONDSms (at most %u s)\n",
               TIMER_SLEEP_MAX_MS / MS_PER_SECOND);
        return 2;
    }
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "timer");
    int timer = empty_slot();
    int error = timer < 0 ? timer
                          : rpc_call_long(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, timer, NULL, 0, NULL);
    if (error >= 0)
        error = rpc_call(timer, TIMER_SLEEP, 1, ms, 0, 0, NULL);
    if (error < 0) {
        printf("sleep: the timer service: %s\n", error_name(error));
        return 1;
    }
    return 0;
}
