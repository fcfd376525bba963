/*
 * lib_assert - what a failed assert() and the runtime's own fatal errors print, and that
 * they end the program through exit(): the atexit() functions run, then (in the root task)
 * the machine stops with a failure.
 *
 * The command line chooses the failure:
 *   (nothing)                 assert(two == 3) fails in main: expected
 *       "lib_assert: assertion failed: two == 3 (kernel/tests/user/lib_assert.c:LINE, in main)"
 *   lib_assert=mutex_twice    a thread locks a mutex it holds: "fatal error: mutex_lock(...):
 *                             this thread holds the mutex already ..."
 *   lib_assert=mutex_foreign  a thread unlocks a mutex it does not hold: "fatal error:
 *                             mutex_unlock(...): this thread does not hold the mutex"
 * Each run first prints "lib_assert: failing now" and registers an atexit() function that
 * prints "lib_assert: atexit ran".
 * Expected: the report line, then "lib_assert: atexit ran", then the machine stops with a
 * test failure (exit status ASSERT_EXIT_STATUS).
 */
#define TEST_NAME "lib_assert"
#include "abi/user_bootinfo.h"
#include "assert.h"
#include "cstring.h"
#include "exit.h"
#include "mutex.h"
#include "user_test.h"

static struct mutex lock = MUTEX_INITIALIZER;

static void at_exit(void) { test_print("atexit ran"); }

int main(const struct user_boot_info *info)
{
    assert_program_name = TEST_NAME;
    atexit(at_exit);
    const char *mode = strstr(info->cmdline, "lib_assert=");
    mode = mode ? mode + strlen("lib_assert=") : "";
    test_print("failing now");
    if (strncmp(mode, "mutex_twice", 11) == 0) {
        mutex_lock(&lock);
        mutex_lock(&lock);
    } else if (strncmp(mode, "mutex_foreign", 13) == 0) {
        mutex_unlock(&lock);
    } else {
        int two = 1 + (info != NULL);
        assert(two == 3);
    }
    test_fail("the failure (%s) did not end the program", mode[0] ? mode : "assert");
}
