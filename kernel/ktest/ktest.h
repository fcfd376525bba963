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

/** The points of the in-kernel tests where the grading harness reads the machine's state. */
enum ktest_checkpoint_step {
    KTEST_CHECKPOINT_FRAMES_TAKEN = 1, /**< every free frame taken: a = chain head, b = count */
    KTEST_CHECKPOINT_FRAMES_GIVEN_BACK = 2, /**< every frame freed again */
    KTEST_CHECKPOINT_PAGES_MAPPED = 3, /**< a and a+4 KiB map frame b (the harness writes its first word) */
    KTEST_CHECKPOINT_READ_THROUGH_MAPPING = 4, /**< a = the frame's first word, read at a+4 KiB */
    KTEST_CHECKPOINT_PAGE_UNMAPPED = 5, /**< a = the unmapped address, b = its old frame */
    KTEST_CHECKPOINT_PAGE_READ_ONLY = 6, /**< a = the read-only address, b = its frame */
    KTEST_CHECKPOINT_PICK_ONE_READY = 7, /**< a timed runqueue_pick follows; a = the ready level */
};

/**
 * A point where the grading harness, attached through QEMU's gdbstub, stops the guest and
 * reads (or writes) its state from outside (grading/harness/guest_state.py): page tables,
 * the frame bitmap, memory. Does nothing itself, so a test behaves the same without the
 * harness. @p a and @p b are values the harness needs at that point (see the steps).
 */
void ktest_checkpoint(enum ktest_checkpoint_step step, uint32_t a, uint32_t b);

/** Run the test called @p name, then halt with success or test failure. */
void ktest_run(const char *name, uint32_t nonce) NORETURN;

#endif
