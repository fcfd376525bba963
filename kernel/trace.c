/*
 * trace.c - the trace ring buffer and its drain through port 0xE9.
 *
 * Sequence numbers let the decoder notice missing records. When the ring is full, the
 * last free slot becomes a `lost` record whose count grows with every record dropped;
 * dropped records still use up sequence numbers, so after a `lost` record with sequence
 * number s and count N the next record has sequence number s + 1 + N.
 */
#include "trace.h"

#if ORRERY_TRACE

#include "ringbuf.h"
#include "x86.h"

#define TRACE_PAYLOAD_SIZE 32

_Static_assert(sizeof(struct trace_record) == TRACE_PAYLOAD_SIZE, "trace record must be 32 bytes");

static struct trace_record ring_storage[TRACE_RING_RECORDS];
static struct ringbuf ring;
static bool ring_ready;
static bool auto_drain = true;
static uint32_t next_seq;
static struct trace_record *pending_lost; /* the `lost` record in the ring, while it is full */

static void trace_ring_init(void)
{
    ringbuf_init(&ring, ring_storage, sizeof(struct trace_record), TRACE_RING_RECORDS);
    ring_ready = true;
}

/* Fletcher-16 over the length byte and the payload (see docs/test-protocol.md). The sums are
 * reduced mod 255 once at the end, which gives the same result as reducing after every byte
 * (for a frame's 33 bytes sum2 stays below 2^18): a division per byte would cost more than
 * all the rest of sending a record. */
static uint16_t fletcher16(const uint8_t *data, uint32_t len, uint32_t sum1, uint32_t sum2)
{
    for (uint32_t i = 0; i < len; i++) {
        sum1 += data[i];
        sum2 += sum1;
    }
    return (uint16_t)((sum2 % 255) << 8 | (sum1 % 255));
}

/* The frame straight from the record: sync and length, the payload, the checksum. */
static void send_frame(const struct trace_record *record)
{
    static const uint8_t header[3] = { TRACE_SYNC_0, TRACE_SYNC_1, TRACE_PAYLOAD_SIZE };
    /* The checksum starts with the length byte: sum1 = sum2 = TRACE_PAYLOAD_SIZE after it. */
    uint16_t checksum = fletcher16((const uint8_t *)record, TRACE_PAYLOAD_SIZE, TRACE_PAYLOAD_SIZE,
                                   TRACE_PAYLOAD_SIZE);
    uint8_t trailer[2] = { checksum & 0xFF, checksum >> 8 };
    outsb(TRACE_DEBUG_PORT, header, sizeof header);
    outsb(TRACE_DEBUG_PORT, record, TRACE_PAYLOAD_SIZE);
    outsb(TRACE_DEBUG_PORT, trailer, sizeof trailer);
}

void trace_drain(void)
{
    if (!ring_ready)
        return;
    uint32_t flags = irq_save();
    struct trace_record record;
    while (ringbuf_pop(&ring, &record))
        send_frame(&record);
    pending_lost = NULL;
    irq_restore(flags);
}

void trace_drain_periodic(void)
{
    if (auto_drain)
        trace_drain();
}

void trace_flush(void) { trace_drain(); }

void trace_set_auto_drain(bool enabled) { auto_drain = enabled; }

/* trace_control's pause: records skipped meanwhile, counted (not lost: nobody wanted them). */
static bool paused;
static uint32_t skipped;

void trace_pause(void) { paused = true; }

uint32_t trace_resume(void)
{
    uint32_t count = paused ? skipped : 0;
    paused = false;
    skipped = 0;
    return count;
}

void trace_emit(enum trace_event_type type, uint32_t line, uint32_t a0, uint32_t a1, uint32_t a2,
                uint32_t a3)
{
    uint32_t flags = irq_save();
    if (paused) {
        skipped++;
        irq_restore(flags);
        return;
    }
    if (!ring_ready)
        trace_ring_init();
    uint64_t now = rdtsc();

    if (pending_lost) {
        pending_lost->args[0]++; /* dropped: it only uses up a sequence number */
        next_seq++;
    } else if (ringbuf_count(&ring) == TRACE_RING_RECORDS - 1) {
        struct trace_record lost = { TRACE_EVENT_lost, 0, next_seq++, now, { 1, 0, 0, 0 } };
        ringbuf_push(&ring, &lost);
        pending_lost = ringbuf_newest(&ring);
        next_seq++; /* the record we could not keep */
    } else {
        struct trace_record record = { (uint16_t)type, (uint16_t)line, next_seq++, now, { a0, a1, a2, a3 } };
        ringbuf_push(&ring, &record);
    }

    if (auto_drain && ringbuf_count(&ring) >= TRACE_RING_RECORDS / 2)
        trace_drain();
    irq_restore(flags);
}

#endif
