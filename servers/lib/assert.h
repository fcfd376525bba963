/**
 * @file assert.h
 * @brief assert() with a report a person can act on, and fatal_error() for the library's
 *        own "this cannot go on" reports (a double free, a mutex misused).
 *
 * A failed assert(x > 0) in wc.c line 12, function count, prints on standard error
 *
 *     wc: assertion failed: x > 0 (wc.c:12, in count)
 *
 * and ends the program through exit(ASSERT_EXIT_STATUS): standard output is flushed first,
 * the streams are closed, a process's parent sees the status in PM_WAIT, and a root task
 * (a kernel test program) stops the machine with a failure. Define NDEBUG to compile
 * assertions away.
 */
#ifndef ORRERY_USER_ASSERT_H
#define ORRERY_USER_ASSERT_H

#include "types.h"

/** The exit status of a failed assertion or a fatal error (as a Unix shell shows SIGABRT). */
#define ASSERT_EXIT_STATUS 134

/** The name reports begin with: argv[0] for programs (program_start sets it). */
extern const char *assert_program_name;

#ifdef NDEBUG
#define assert(condition) ((void)0)
#else
/** End the program with a report if @p condition is false. */
#define assert(condition) \
    ((condition) ? (void)0 : assert_failed(#condition, __FILE__, __LINE__, __func__))
#endif

/** What a failed assert() calls: print the report, exit(ASSERT_EXIT_STATUS). */
NORETURN void assert_failed(const char *expression, const char *file, int line,
                            const char *function);

/** Print "NAME: fatal error: " and the formatted text on standard error, then exit as assert. */
NORETURN void fatal_error(const char *format, ...) PRINTF_LIKE(1, 2);

#endif
