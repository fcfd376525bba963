/**
 * @file ktest.h
 * @brief In-kernel tests: small functions run after boot when the command line says
 *        `test=NAME`, reporting each check on the console and in the trace.
 *
 * Define a test with KTEST(name) { ... } in any file under kernel/ktest/; it is collected
 * through the .ktests linker section. Checks report expected and seen values, so a failing
 * test says what went wrong. The harness (grading/harness) reads the trace records, which
 * carry the per-run nonce, rather than trusting printed text.
 */
#ifndef ORRERY_KTEST_H
#define ORRERY_KTEST_H

#include "types.h"

struct ktest {
    const char *name;
    void (*run)(void);
};

/** Define and register the in-kernel test @p name. */
#define KTEST(test_name)                                                                      \
    static void ktest_##test_name(void);                                                      \
    static const struct ktest ktest_entry_##test_name                                         \
        __attribute__((section(".ktests"), used, aligned(4))) = { #test_name, ktest_##test_name }; \
    static __attribute__((noinline)) void ktest_##test_name(void)

/**
 * Record one check: prints it, traces it (check number, expected, seen, passed) and counts
 * a failure when @p passed is false.
 * @return @p passed, so a test can stop early when a check it depends on failed.
 */
bool ktest_check(bool passed, const char *description, uint32_t expected, uint32_t seen);

/** Check that @p seen equals @p expected. */
#define KTEST_EXPECT_EQ(description, expected, seen)                                          \
    ({                                                                                        \
        uint32_t expected_value_ = (uint32_t)(expected); /* evaluate each argument once */    \
        uint32_t seen_value_ = (uint32_t)(seen);                                              \
        ktest_check(expected_value_ == seen_value_, description, expected_value_, seen_value_); \
    })

/** Check a condition; expected/seen are recorded as 1/0. */
#define KTEST_EXPECT(description, condition)                                                  \
    ({                                                                                        \
        bool condition_value_ = (condition);                                                  \
        ktest_check(condition_value_, description, 1, condition_value_ ? 1 : 0);              \
    })

/** Run the test called @p name, then halt with success or test failure. */
void ktest_run(const char *name, uint32_t nonce) NORETURN;

#endif
