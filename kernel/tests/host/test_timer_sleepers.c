/*
 * test_timer_sleepers.c - host unit tests of the timer's sorted list of sleepers
 * (servers/timer/sleepers.c): the earliest wakes first, equal ticks in arrival order, only
 * the due are taken, a full list refuses, and ticks that wrap past 2^32 still sort.
 */
#include "host_test.h"
#include "sleepers.h"

static struct sleepers list;

HOST_TEST(earliest_first_equal_ticks_in_order)
{
    sleepers_init(&list);
    EXPECT_TRUE(sleepers_add(&list, 300, 1), "add 300");
    EXPECT_TRUE(sleepers_add(&list, 100, 2), "add 100");
    EXPECT_TRUE(sleepers_add(&list, 200, 3), "add 200");
    EXPECT_TRUE(sleepers_add(&list, 100, 4), "add another 100");
    uint32_t next = 0;
    EXPECT_TRUE(sleepers_next(&list, &next), "someone sleeps");
    EXPECT_EQ(100, next, "the earliest tick");
    int reply = -1;
    EXPECT_TRUE(!sleepers_take_due(&list, 99, &reply), "nobody is due at 99");
    static const int order[] = { 2, 4, 3 };
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_TRUE(sleepers_take_due(&list, 250, &reply), "due number %u at 250", i);
        EXPECT_EQ(order[i], reply, "the reply of due number %u", i);
    }
    EXPECT_TRUE(!sleepers_take_due(&list, 250, &reply), "300 is not due at 250");
    EXPECT_TRUE(sleepers_take_due(&list, 300, &reply) && reply == 1, "300 is due at 300");
    EXPECT_TRUE(!sleepers_next(&list, &next), "nobody left");
}

HOST_TEST(full_list_refuses_and_recovers)
{
    sleepers_init(&list);
    for (int i = 0; i < TIMER_SLEEPERS_MAX; i++)
        EXPECT_TRUE(sleepers_add(&list, (uint32_t)(1000 - i), i), "add sleeper %d", i);
    EXPECT_TRUE(!sleepers_add(&list, 5, 99), "one more than TIMER_SLEEPERS_MAX is refused");
    int reply = -1;
    EXPECT_TRUE(sleepers_take_due(&list, 2000, &reply), "take one");
    EXPECT_EQ(TIMER_SLEEPERS_MAX - 1, reply, "the earliest (the last added)");
    EXPECT_TRUE(sleepers_add(&list, 5, 99), "room again after one was taken");
    EXPECT_TRUE(sleepers_take_due(&list, 5, &reply) && reply == 99, "the new earliest comes first");
}

HOST_TEST(ticks_that_wrap_still_sort)
{
    sleepers_init(&list);
    EXPECT_TRUE(sleepers_add(&list, 0x00000010u, 1), "a tick just past the wrap");
    EXPECT_TRUE(sleepers_add(&list, 0xFFFFFFF0u, 2), "a tick just before it");
    uint32_t next = 0;
    sleepers_next(&list, &next);
    EXPECT_EQ(0xFFFFFFF0u, next, "the tick before the wrap comes first");
    int reply = -1;
    EXPECT_TRUE(sleepers_take_due(&list, 0xFFFFFFF8u, &reply) && reply == 2, "due before the wrap");
    EXPECT_TRUE(!sleepers_take_due(&list, 0xFFFFFFF8u, &reply), "the other is not due yet");
    EXPECT_TRUE(sleepers_take_due(&list, 0x20u, &reply) && reply == 1, "due after the wrap");
}
