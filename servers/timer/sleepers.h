/**
 * @file sleepers.h
 * @brief The timer's waiting callers, sorted by the tick they wake at (the earliest first;
 *        callers that wake at the same tick in the order they came). Pure code, host-tested
 *        (kernel/tests/host/test_timer_sleepers.c).
 *
 * Ticks are the kernel's (DEBUG_INFO_TICKS, TIMER_HZ a second) as 32-bit numbers that wrap:
 * "a before b" is (int32_t)(a - b) < 0, right while every sleep is shorter than 2^31 ticks
 * (TIMER_SLEEP_MAX_MS is far shorter).
 */
#ifndef ORRERY_TIMER_SLEEPERS_H
#define ORRERY_TIMER_SLEEPERS_H

#include "types.h"

/** Callers sleeping at once; one more gets ERR_NO_MEMORY. */
#define TIMER_SLEEPERS_MAX 64

struct sleeper {
    uint32_t wake_tick;
    int reply; /**< the slot of its saved reply */
    struct sleeper *next;
};

struct sleepers {
    struct sleeper entries[TIMER_SLEEPERS_MAX];
    struct sleeper *first; /**< sorted by wake_tick */
    struct sleeper *free;
};

/** Whether tick @p a comes before tick @p b. */
static inline bool tick_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/** Start with nobody sleeping. */
void sleepers_init(struct sleepers *list);

/** Add a caller (its reply @p reply) that wakes at @p wake_tick. @return false if full. */
bool sleepers_add(struct sleepers *list, uint32_t wake_tick, int reply);

/** The earliest wake tick, in *@p wake_tick. @return false if nobody sleeps. */
bool sleepers_next(const struct sleepers *list, uint32_t *wake_tick);

/** Take the earliest caller if it wakes at or before @p now: its reply in *@p reply. */
bool sleepers_take_due(struct sleepers *list, uint32_t now, int *reply);

#endif
