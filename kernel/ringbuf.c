/*
 * ringbuf.c - fixed-size record ring. head and tail count records forever and wrap
 * naturally at 2^32; their difference is the fill level.
 */
#include "ringbuf.h"

/* Word by word when both ends and the length allow (trace records: 32 bytes, aligned). */
static void copy_bytes(void *dst, const void *src, uint32_t len)
{
    if ((((uintptr_t)dst | (uintptr_t)src | len) & 3) == 0) {
        uint32_t *dw = dst;
        const uint32_t *sw = src;
        for (len /= 4; len--;)
            *dw++ = *sw++;
        return;
    }
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (len--)
        *d++ = *s++;
}

static uint8_t *slot(struct ringbuf *ring, uint32_t position)
{
    return ring->storage + (position & (ring->capacity - 1)) * ring->record_size;
}

bool ringbuf_init(struct ringbuf *ring, void *storage, uint32_t record_size, uint32_t capacity)
{
    if (capacity == 0 || (capacity & (capacity - 1)) != 0)
        return false;
    ring->storage = storage;
    ring->record_size = record_size;
    ring->capacity = capacity;
    ring->head = ring->tail = 0;
    return true;
}

uint32_t ringbuf_count(const struct ringbuf *ring) { return ring->head - ring->tail; }

bool ringbuf_push(struct ringbuf *ring, const void *record)
{
    if (ringbuf_count(ring) == ring->capacity)
        return false;
    copy_bytes(slot(ring, ring->head), record, ring->record_size);
    ring->head++;
    return true;
}

bool ringbuf_pop(struct ringbuf *ring, void *record)
{
    if (ringbuf_count(ring) == 0)
        return false;
    copy_bytes(record, slot(ring, ring->tail), ring->record_size);
    ring->tail++;
    return true;
}

void *ringbuf_newest(struct ringbuf *ring)
{
    if (ringbuf_count(ring) == 0)
        return NULL;
    return slot(ring, ring->head - 1);
}
