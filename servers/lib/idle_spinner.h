/**
 * @file idle_spinner.h
 * @brief For benchmarks that wait for a device: a thread that keeps the CPU busy while
 *        nothing else can run, and counts what it ran, so that it can be subtracted.
 *
 * Under QEMU's -icount (make bench) the TSC counts guest instructions, but when the CPU
 * halts, waiting for the emulated disk, the clock jumps ahead to the next timer deadline:
 * a benchmark would count the emulator's device latency, on the host, as instructions (and
 * more on a loaded host). The spinner never lets the CPU halt: at PRIORITY_MIN it runs only
 * when every other thread waits, two instructions a turn, and every thread above it takes
 * the CPU back as soon as it can run. A measurement is then
 * (TSC difference) - idle_spinner_instructions(difference of the turns).
 *
 *     struct idle_spinner spinner;
 *     idle_spinner_start(&spinner);
 *     uint64_t start = tsc_read(); uint32_t turns = spinner.turns;
 *     ... the measured work ...
 *     uint64_t cost = tsc_read() - start - idle_spinner_instructions(&spinner, turns);
 *     idle_spinner_stop(&spinner);
 */
#ifndef ORRERY_USER_IDLE_SPINNER_H
#define ORRERY_USER_IDLE_SPINNER_H

#include "types.h"

/** A running spinner: its thread and the turns it has made. */
struct idle_spinner {
    volatile uint32_t turns; /**< incremented once a turn, by the spinner alone */
    int thread;              /**< the spinner thread's slot, or a negative error */
};

/** Start @p spinner's thread at PRIORITY_MIN. @return 0, or thread_start's error. */
int idle_spinner_start(struct idle_spinner *spinner);

/** Instructions @p spinner ran since its counter read @p turns_before (two a turn). */
static inline uint64_t idle_spinner_instructions(const struct idle_spinner *spinner,
                                                 uint32_t turns_before)
{
    return 2ull * (uint32_t)(spinner->turns - turns_before);
}

/** Suspend @p spinner's thread for good (a started spinner must be stopped before the
 *  program waits for anything it does not measure, or it keeps the CPU busy). */
void idle_spinner_stop(struct idle_spinner *spinner);

#endif
