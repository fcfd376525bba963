/**
 * @file proto/timer.h
 * @brief The timer service's protocol (servers/timer): sleep, and the time since boot.
 */
#ifndef ORRERY_PROTO_TIMER_H
#define ORRERY_PROTO_TIMER_H

#include "rpc.h"

/** The longest sleep one request may ask for, in milliseconds (ERR_INVALID above). */
#define TIMER_SLEEP_MAX_MS 3600000u

enum timer_label {
    /** words: [milliseconds]. Answers 0 once that much time has passed. */
    TIMER_SLEEP = RPC_BASE_TIMER + 1,
    /** words: none. Result: milliseconds since boot (modulo 2^31); word 1: seconds. */
    TIMER_UPTIME = RPC_BASE_TIMER + 2,
};

#endif
