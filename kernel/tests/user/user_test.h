/*
 * user_test.h - what the user test programs in this directory share.
 *
 * Each program is booted as the root task (root=NAME), prints "NAME: ..." lines and ends
 * with runtime_exit(0) on success (the machine stops with the success status). On failure
 * it prints "NAME: FAIL: what, expected X, seen Y" and exits 1 (a test failure).
 * Define TEST_NAME before including this file.
 */
#ifndef ORRERY_USER_TEST_H
#define ORRERY_USER_TEST_H

#include "runtime.h"
#include "stdio.h"
#include "syscall_stubs.h"

/** Print "NAME: " and the formatted text on a line of its own. */
#define test_print(fmt, ...) printf(TEST_NAME ": " fmt "\n", ##__VA_ARGS__)

/** Print "NAME: FAIL: " and the formatted text, and stop with a test failure. */
#define test_fail(fmt, ...)                                           \
    do {                                                              \
        printf(TEST_NAME ": FAIL: " fmt "\n", ##__VA_ARGS__);          \
        runtime_exit(1);                                              \
    } while (0)

/** Fail unless a system call returned @p expected (an error code or a value). */
static inline void expect_result(const char *what, int expected, int seen)
{
    if (seen != expected)
        test_fail("%s, expected %s (%d), seen %s (%d)", what, error_name(expected), expected,
                  error_name(seen), seen);
}

/**
 * Sleep a tick at a time until @p condition holds (another thread makes it true); fail
 * after @p ticks ticks with "@p what, expected within N ticks, seen nothing".
 */
#define test_wait_until(condition, ticks, what)                                          \
    do {                                                                              \
        for (unsigned waited_ = 0; !(condition); waited_++) {                         \
            if (waited_ >= (ticks))                                                   \
                test_fail("%s, expected within %u ticks, seen nothing", (what),       \
                          (unsigned)(ticks));                                         \
            sys_sleep(1);                                                             \
        }                                                                             \
    } while (0)

/** Fail if a system call that should work returned an error; else return its result. */
static inline int expect_success(const char *what, int seen)
{
    if (seen < 0)
        test_fail("%s, expected success, seen %s (%d)", what, error_name(seen), seen);
    return seen;
}

#endif
