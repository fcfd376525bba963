/*
 * test_trace.c - the trace ring buffer under pressure: with automatic draining off, more
 * records than the ring holds are emitted; the overflow must be reported as one `lost`
 * record, never as silent damage. The harness decodes the stream and checks it.
 */
#include "ktest/ktest.h"
#include "trace.h"

#define OVERFLOW_RECORDS (TRACE_RING_RECORDS * 2)

KTEST(trace_overflow)
{
    trace_drain();
    trace_set_auto_drain(false);
    for (uint32_t i = 0; i < OVERFLOW_RECORDS; i++)
        TRACE(ktest_check, 1000 + i, i, i, 1);
    trace_set_auto_drain(true);
    trace_drain();
    KTEST_EXPECT("the kernel survived an overflowing trace ring", true);
}
