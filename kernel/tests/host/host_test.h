/**
 * @file host_test.h
 * @brief A tiny unit-test framework for the host builds of the kernel's pure modules.
 *
 * The files kernel/tests/host/test_*.c are compiled for the machine you work on (not for
 * the 32-bit kernel), under AddressSanitizer and UBSan, together with the kernel module they
 * test, host_support.c (main() and the expectations) and host_case_runner.c (running a case).
 * `make host-tests` builds them into build/host/; kernel/tests/test_host_units.py runs them. In the spirit of Pintos's tests:
 *
 *     HOST_TEST(push_then_pop)
 *     {
 *         EXPECT_TRUE(ringbuf_push(&ring, &value), "push into an empty ring succeeds");
 *         EXPECT_EQ(1, ringbuf_count(&ring), "count after one push");
 *     }
 *
 * A failed expectation prints
 *     FAIL push_then_pop: count after one push: expected 1, seen 0 (file.c:12)
 * marks the case failed and lets the case go on, so one run shows every wrong value. The
 * "what" argument is a printf format: extra arguments fill it in (write %% for a percent).
 * Each EXPECT_ is an expression that is true when the expectation held, so a case can stop
 * where going on makes no sense: `if (!EXPECT_TRUE(...)) return;`.
 *
 * Each case runs in a child process of its own: a case that crashes, aborts (an
 * unimplemented lab hole does) or trips a sanitizer is reported as
 *     FAIL name: crashed: signal 6 (Aborted: ...)
 * and the other cases still run. Everything the case printed, on stdout or stderr, shows.
 *
 * The parent process, not the child's exit status, decides that a case passed: every check
 * (each EXPECT_, HOST_FAIL, host_test_checked) reports to the parent through a pipe as it
 * runs, and when the case function returns the harness sends an end-of-case report, with a
 * token the parent drew at random for this case and the number of checks. A case whose
 * process ends without that report (code under test that calls exit(0) or _exit(0), say) fails:
 *     FAIL name: ended before its last check (exit status 0 after 3 checks, the last at file.c:40)
 * A case that returns having run no check at all fails too. A check helper of a test file's own
 * (an expect_queue(file, line, ...) that calls host_test_fail only when something is wrong)
 * calls host_test_checked(file, line) first, so that its passing checks count.
 *
 * Run a test binary with no arguments to run every case; with case names (or shell
 * patterns such as 'alloc_*') to run only those; with --list to print the case names. It
 * prints PASS or FAIL for each case and ends with "N passed, M failed"; its exit status is
 * 0 when every case passed, 1 when one failed, 2 for a name that matches no case.
 */
#ifndef ORRERY_HOST_TEST_H
#define ORRERY_HOST_TEST_H

#include <stdbool.h>
#include <stddef.h>

/** Define and register the test case @p name (a C identifier, unique in its file). */
#define HOST_TEST(name)                                                                       \
    static void host_test_case_##name(void);                                                  \
    __attribute__((constructor)) static void host_test_register_##name(void)                  \
    {                                                                                         \
        host_test_register(#name, host_test_case_##name, __FILE__, __LINE__);                 \
    }                                                                                         \
    static void host_test_case_##name(void)

/**
 * Expect @p seen to equal @p expected. Both are converted to long long and evaluated once:
 * compare values of the same type (-1 and 0xFFFFFFFFu are different values here).
 */
#define EXPECT_EQ(expected, seen, ...)                                                        \
    host_test_expect_eq(__FILE__, __LINE__, (long long)(expected), (long long)(seen), __VA_ARGS__)

/** Expect @p condition to be true. */
#define EXPECT_TRUE(condition, ...)                                                           \
    host_test_expect_true(__FILE__, __LINE__, (condition) ? true : false, __VA_ARGS__)

/** Expect the NUL-terminated strings @p expected and @p seen to be equal. */
#define EXPECT_STR_EQ(expected, seen, ...)                                                    \
    host_test_expect_str_eq(__FILE__, __LINE__, (expected), (seen), __VA_ARGS__)

/** Fail the current case with a message, unconditionally. */
#define HOST_FAIL(...) host_test_fail(__FILE__, __LINE__, __VA_ARGS__)

/* The machinery behind the macros (host_support.c). */
typedef void (*host_test_function)(void);
void host_test_register(const char *name, host_test_function function, const char *file, int line);
/** Count one check at @p file:@p line (a test file's own expect helper calls it first). */
void host_test_checked(const char *file, int line);
bool host_test_expect_eq(const char *file, int line, long long expected, long long seen,
                         const char *what, ...) __attribute__((format(printf, 5, 6)));
bool host_test_expect_true(const char *file, int line, bool condition, const char *what, ...)
    __attribute__((format(printf, 4, 5)));
bool host_test_expect_str_eq(const char *file, int line, const char *expected, const char *seen,
                             const char *what, ...) __attribute__((format(printf, 5, 6)));
/** Print "FAIL case: message (file:line)" and mark the current case failed. @return false. */
bool host_test_fail(const char *file, int line, const char *what, ...)
    __attribute__((format(printf, 3, 4)));

#endif
