/**
 * @file tsc.h
 * @brief The CPU's time-stamp counter, for benchmarks: under QEMU's -icount (make bench)
 *        it counts guest instructions, so a difference of two readings is a cost in
 *        instructions; on other machines it counts cycles.
 */
#ifndef ORRERY_USER_TSC_H
#define ORRERY_USER_TSC_H

#include "types.h"

/** The time-stamp counter now (rdtsc); also a compiler barrier: nothing moves across it. */
static inline uint64_t tsc_read(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high) : : "memory");
    return ((uint64_t)high << 32) | low;
}

/** Ticks that @p count turns of a loop doing nothing but count take: what a measured
 *  loop of @p count turns costs besides its body. */
static inline uint64_t tsc_empty_loop(unsigned count)
{
    uint64_t start = tsc_read();
    __asm__ volatile("1: decl %0\n\t"
                     "jnz 1b"
                     : "+r"(count) : : "cc");
    return tsc_read() - start;
}

/** The cost of one turn of a measured loop: (@p loop - @p empty) / @p count, rounded
 *  (0 if the loop took less than the empty one). */
static inline unsigned tsc_per_round(uint64_t loop, uint64_t empty, unsigned count)
{
    uint64_t extra = loop > empty ? loop - empty : 0;
    return (unsigned)((extra + count / 2) / count);
}

#endif
