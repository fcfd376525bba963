/*
 * sleep.c - wait: `sleep 2` two seconds, `sleep 250ms` a quarter of one (TIMER_SLEEP,
 * proto/timer.h).
 */
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "rpc.h"
#include "slot.h"
#include "stdio.h"
#include "string.h"

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
    int timer = timer_service();
    int error = timer;
    if (timer >= 0)
        error = rpc_call(timer, TIMER_SLEEP, 1, ms, 0, 0, NULL);
    if (error < 0) {
        printf("sleep: the timer service: %s\n", error_name(error));
        return 1;
    }
    return 0;
}
