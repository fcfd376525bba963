/*
 * sleepers.c - the timer's sorted list of sleeping callers (sleepers.h).
 */
#include "sleepers.h"

void sleepers_init(struct sleepers *list)
{
    list->first = NULL;
    list->free = NULL;
    for (unsigned i = TIMER_SLEEPERS_MAX; i-- > 0;) {
        list->entries[i].next = list->free;
        list->free = &list->entries[i];
    }
}

bool sleepers_add(struct sleepers *list, uint32_t wake_tick, int reply)
{
    struct sleeper *sleeper = list->free;
    if (!sleeper)
        return false;
    list->free = sleeper->next;
    sleeper->wake_tick = wake_tick;
    sleeper->reply = reply;
    struct sleeper **link = &list->first;
    while (*link && !tick_before(wake_tick, (*link)->wake_tick))
        link = &(*link)->next;
    sleeper->next = *link;
    *link = sleeper;
    return true;
}

bool sleepers_next(const struct sleepers *list, uint32_t *wake_tick)
{
    if (!list->first)
        return false;
    *wake_tick = list->first->wake_tick;
    return true;
}

bool sleepers_take_due(struct sleepers *list, uint32_t now, int *reply)
{
    struct sleeper *sleeper = list->first;
    if (!sleeper || tick_before(now, sleeper->wake_tick))
        return false;
    list->first = sleeper->next;
    *reply = sleeper->reply;
    sleeper->next = list->free;
    list->free = sleeper;
    return true;
}
