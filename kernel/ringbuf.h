/**
 * @file ringbuf.h
 * @brief A ring buffer of fixed-size records. Pure code: also compiled and tested on the host.
 *
 * Single producer, single consumer, no locking: the kernel disables interrupts around its
 * use. The capacity must be a power of two.
 */
#ifndef ORRERY_RINGBUF_H
#define ORRERY_RINGBUF_H

#include "types.h"

struct ringbuf {
    uint8_t *storage;     /**< capacity * record_size bytes, owned by the caller */
    uint32_t record_size; /**< bytes per record */
    uint32_t capacity;    /**< records; a power of two */
    uint32_t head;        /**< total records ever pushed */
    uint32_t tail;        /**< total records ever popped */
};

/** Set up an empty ring over @p storage. @return false if @p capacity is not a power of two. */
bool ringbuf_init(struct ringbuf *ring, void *storage, uint32_t record_size, uint32_t capacity);
/** Records currently held. */
uint32_t ringbuf_count(const struct ringbuf *ring);
/** Copy @p record in. @return false (and change nothing) when the ring is full. */
bool ringbuf_push(struct ringbuf *ring, const void *record);
/** Copy the oldest record out into @p record. @return false when the ring is empty. */
bool ringbuf_pop(struct ringbuf *ring, void *record);
/** The most recently pushed record still in the ring, or NULL when empty. */
void *ringbuf_newest(struct ringbuf *ring);

#endif
