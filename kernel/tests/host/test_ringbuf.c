/*
 * test_ringbuf.c - host unit tests of kernel/ringbuf.c: capacities that are not powers of
 * two are refused, records come out in the order they went in, a full ring refuses a push
 * and changes nothing, the ring wraps around many times (and its counters past 2^32), and
 * ringbuf_newest() points at the last record pushed.
 *
 * Storage is allocated with malloc at exactly capacity * record_size bytes, so that
 * AddressSanitizer reports any access past it.
 */
#include <stdlib.h>

#include "host_test.h"
#include "ringbuf.h"

/* A record whose size (6 bytes) is not a power of two. */
struct record {
    uint32_t sequence;
    uint8_t tag;
    uint8_t check; /* derived from sequence, to catch half-copied records */
} __attribute__((packed));

static struct record make_record(uint32_t sequence)
{
    return (struct record){ sequence, (uint8_t)(sequence * 7), (uint8_t)(sequence ^ 0xA5) };
}

/* Pop one record and expect it to be make_record(@p sequence). */
static bool expect_pop(struct ringbuf *ring, uint32_t sequence, const char *when)
{
    struct record seen = { 0xFFFFFFFF, 0, 0 };
    if (!EXPECT_TRUE(ringbuf_pop(ring, &seen), "ringbuf_pop %s returns true (a record is there)", when))
        return false;
    struct record want = make_record(sequence);
    return EXPECT_EQ(want.sequence, seen.sequence, "sequence number of the record popped %s", when) &&
           EXPECT_EQ(want.tag, seen.tag, "tag byte of record %u popped %s", sequence, when) &&
           EXPECT_EQ(want.check, seen.check, "last byte of record %u popped %s (copy the whole record_size)",
                     sequence, when);
}

HOST_TEST(init_refuses_non_power_of_two)
{
    struct ringbuf ring;
    uint8_t storage[64];
    static const uint32_t bad[] = { 0, 3, 5, 6, 7, 12, 100, 0x80000001u };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        EXPECT_EQ(false, ringbuf_init(&ring, storage, 1, bad[i]), "ringbuf_init with capacity %u", bad[i]);
    static const uint32_t good[] = { 1, 2, 4, 8, 64 };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        EXPECT_EQ(true, ringbuf_init(&ring, storage, 1, good[i]), "ringbuf_init with capacity %u", good[i]);
        EXPECT_EQ(0, ringbuf_count(&ring), "a new ring of capacity %u is empty", good[i]);
    }
}

HOST_TEST(push_pop_fifo_order)
{
    struct ringbuf ring;
    void *storage = malloc(8 * sizeof(struct record));
    if (!EXPECT_TRUE(ringbuf_init(&ring, storage, sizeof(struct record), 8), "ringbuf_init, capacity 8"))
        goto out;
    for (uint32_t i = 1; i <= 5; i++) {
        struct record r = make_record(i);
        EXPECT_TRUE(ringbuf_push(&ring, &r), "push record %u into a ring of 8", i);
        EXPECT_EQ(i, ringbuf_count(&ring), "count after %u pushes", i);
    }
    expect_pop(&ring, 1, "first");
    expect_pop(&ring, 2, "second");
    EXPECT_EQ(3, ringbuf_count(&ring), "count after 5 pushes and 2 pops");
    struct record r = make_record(6);
    EXPECT_TRUE(ringbuf_push(&ring, &r), "push record 6");
    for (uint32_t i = 3; i <= 6; i++)
        expect_pop(&ring, i, "after pushing 6 (oldest first)");
    EXPECT_EQ(0, ringbuf_count(&ring), "count after popping everything");
out:
    free(storage);
}

HOST_TEST(full_and_empty)
{
    struct ringbuf ring;
    void *storage = malloc(4 * sizeof(struct record));
    if (!EXPECT_TRUE(ringbuf_init(&ring, storage, sizeof(struct record), 4), "ringbuf_init, capacity 4"))
        goto out;
    struct record r;
    EXPECT_EQ(false, ringbuf_pop(&ring, &r), "ringbuf_pop of a new (empty) ring");
    EXPECT_TRUE(ringbuf_newest(&ring) == NULL, "ringbuf_newest of an empty ring is NULL");
    for (uint32_t i = 1; i <= 4; i++) {
        r = make_record(i);
        EXPECT_TRUE(ringbuf_push(&ring, &r), "push %u of 4 into a ring of capacity 4", i);
    }
    r = make_record(99);
    EXPECT_EQ(false, ringbuf_push(&ring, &r), "push into a full ring is refused");
    EXPECT_EQ(4, ringbuf_count(&ring), "count of a full ring after a refused push");
    EXPECT_EQ(4, ((struct record *)ringbuf_newest(&ring))->sequence,
              "newest record after a refused push is still the 4th (the refused one was not stored)");
    for (uint32_t i = 1; i <= 4; i++)
        expect_pop(&ring, i, "from the full ring (the refused push overwrote nothing)");
    EXPECT_EQ(false, ringbuf_pop(&ring, &r), "ringbuf_pop once everything was popped");
    EXPECT_EQ(0, ringbuf_count(&ring), "count of an emptied ring");
    r = make_record(5);
    EXPECT_TRUE(ringbuf_push(&ring, &r), "push into an emptied ring");
    expect_pop(&ring, 5, "after refilling");

    /* Capacity 1: full after one push. */
    struct ringbuf tiny;
    struct record *one = malloc(sizeof *one);
    EXPECT_TRUE(ringbuf_init(&tiny, one, sizeof *one, 1), "ringbuf_init, capacity 1");
    r = make_record(1);
    EXPECT_TRUE(ringbuf_push(&tiny, &r), "first push into a ring of capacity 1");
    r = make_record(2);
    EXPECT_EQ(false, ringbuf_push(&tiny, &r), "second push into a ring of capacity 1");
    expect_pop(&tiny, 1, "from a ring of capacity 1");
    free(one);
out:
    free(storage);
}

/* Push and pop in uneven bursts so the positions wrap around the storage many times. */
HOST_TEST(wraps_around_many_times)
{
    enum { CAPACITY = 8 };
    struct ringbuf ring;
    void *storage = malloc(CAPACITY * sizeof(struct record));
    if (!EXPECT_TRUE(ringbuf_init(&ring, storage, sizeof(struct record), CAPACITY), "ringbuf_init"))
        goto out;
    uint32_t pushed = 0, popped = 0;
    bool ok = true;
    for (int round = 0; round < 1000 && ok; round++) {
        uint32_t pushes = (uint32_t)(round * 5 + 3) % (CAPACITY + 1);
        for (uint32_t i = 0; i < pushes && ok; i++) {
            struct record r = make_record(pushed + 1);
            bool room = pushed - popped < CAPACITY;
            ok &= EXPECT_EQ(room, ringbuf_push(&ring, &r), "push with %u of %u records held (round %d)",
                            pushed - popped, CAPACITY, round);
            pushed += room;
        }
        uint32_t pops = (uint32_t)(round * 3 + 1) % (CAPACITY + 1);
        for (uint32_t i = 0; i < pops && ok && popped < pushed; i++)
            ok &= expect_pop(&ring, ++popped, "in the wrap-around loop");
        ok &= EXPECT_EQ(pushed - popped, ringbuf_count(&ring), "count after round %d", round);
    }
    EXPECT_TRUE(pushed > 100 * CAPACITY, "(the loop went round the ring many times: %u records)", pushed);
out:
    free(storage);
}

/* head and tail count records forever; the ring must keep working when they pass 2^32. */
HOST_TEST(counters_wrap_past_2_to_the_32)
{
    struct ringbuf ring;
    void *storage = malloc(4 * sizeof(struct record));
    if (!EXPECT_TRUE(ringbuf_init(&ring, storage, sizeof(struct record), 4), "ringbuf_init"))
        goto out;
    ring.head = ring.tail = UINT32_MAX - 1; /* as if 2^32 - 2 records had gone through */
    for (uint32_t i = 1; i <= 4; i++) {
        struct record r = make_record(i);
        EXPECT_TRUE(ringbuf_push(&ring, &r), "push %u while head passes 2^32", i);
    }
    EXPECT_EQ(4, ringbuf_count(&ring), "count when head has wrapped past 2^32 and tail has not");
    struct record r = make_record(5);
    EXPECT_EQ(false, ringbuf_push(&ring, &r), "push into the full ring whose head wrapped");
    EXPECT_EQ(4, ((struct record *)ringbuf_newest(&ring))->sequence, "newest record across the wrap");
    for (uint32_t i = 1; i <= 4; i++)
        expect_pop(&ring, i, "while tail passes 2^32");
    EXPECT_EQ(0, ringbuf_count(&ring), "count after popping everything across the wrap");
out:
    free(storage);
}

HOST_TEST(newest_is_last_pushed)
{
    enum { CAPACITY = 4 };
    struct ringbuf ring;
    struct record *storage = malloc(CAPACITY * sizeof *storage);
    if (!EXPECT_TRUE(ringbuf_init(&ring, storage, sizeof *storage, CAPACITY), "ringbuf_init"))
        goto out;
    EXPECT_TRUE(ringbuf_newest(&ring) == NULL, "ringbuf_newest of a new ring is NULL");
    for (uint32_t i = 1; i <= 11; i++) {
        struct record r = make_record(i);
        if (ringbuf_count(&ring) == CAPACITY)
            expect_pop(&ring, i - CAPACITY, "to make room");
        EXPECT_TRUE(ringbuf_push(&ring, &r), "push %u", i);
        struct record *newest = ringbuf_newest(&ring);
        if (!EXPECT_TRUE(newest != NULL, "ringbuf_newest after pushing %u is not NULL", i))
            continue;
        EXPECT_TRUE(newest >= storage && newest < storage + CAPACITY,
                    "ringbuf_newest after pushing %u points into the ring's storage", i);
        EXPECT_EQ(i, newest->sequence, "sequence of ringbuf_newest after pushing %u", i);
        EXPECT_EQ(make_record(i).check, newest->check, "last byte of ringbuf_newest after pushing %u", i);
    }
    /* Popping the oldest records leaves the newest where it was; popping all makes it NULL. */
    expect_pop(&ring, 8, "oldest of 8..11");
    EXPECT_EQ(11, ((struct record *)ringbuf_newest(&ring))->sequence, "newest after popping the oldest");
    while (ringbuf_count(&ring) > 0) {
        struct record r;
        ringbuf_pop(&ring, &r);
    }
    EXPECT_TRUE(ringbuf_newest(&ring) == NULL, "ringbuf_newest after popping everything is NULL");
out:
    free(storage);
}
