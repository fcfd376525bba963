/**
 * @file host_case_runner.h
 * @brief Running one host test case in a child process, and judging how it ended (internal
 *        to the host test harness: host_support.c uses it; test files use host_test.h).
 *
 * The parent, not the child's exit status, decides that a case passed. Before each case it
 * opens a fresh pipe and draws a random token; the child tallies every check, as it runs, in
 * a page it shares with the parent (a count, the failures, the line of the last check) and,
 * once the case function has returned, writes an end record with the token and its own count
 * of the checks to the pipe. A case passes only if the end record came, carries the token,
 * agrees with the shared tally, no check failed and the child then exited with status 0. So
 * code under test that ends the process early (exit(0), _exit(0), ...) fails the case
 * ("ended before its last check") instead of passing it.
 */
#ifndef ORRERY_HOST_CASE_RUNNER_H
#define ORRERY_HOST_CASE_RUNNER_H

#include <stdbool.h>

#include "host_test.h"

/** A registered case: its name, its function and where HOST_TEST defined it. */
struct host_case {
    const char *name;
    host_test_function function;
    const char *file;
    int line;
};

/** Map the page the children tally their checks in. @return false (and say why) if it fails. */
bool host_case_runner_init(void);

/** Run @p test in a child process, print PASS or FAIL with the reason. @return true if it passed. */
bool host_case_run(const struct host_case *test);

/** In the child: count one check at @p line of the running case, and whether it @p passed. */
void host_case_count_check(int line, bool passed);

/** In the child: the name of the running case, for failure messages. */
const char *host_case_running(void);

#endif
