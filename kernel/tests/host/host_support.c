/*
 * host_support.c - main() and the case runner of the host unit tests (see host_test.h), and
 * what an unimplemented lab hole does on the host: say so and abort.
 *
 * Linked into every build/host/test_* binary. Each case runs in a forked child, so a case
 * that crashes cannot take the others down; the parent reports how each child ended.
 */
#define _GNU_SOURCE
#include "host_test.h"
#include "lab.h"

#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* the kernel's string.h (see signal_name) */
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CASES 256
/* A case that runs this long is stuck (an endless search loop, say): every case here takes
 * milliseconds, and a whole binary must finish within the 60 s the graders allow it. */
#define CASE_TIMEOUT_SECONDS 4
/* How a child tells the parent "the case ran to its end but an expectation failed". Not 1,
 * which is what AddressSanitizer and UBSan exit with when they find an error. */
#define EXIT_EXPECTATION_FAILED 99

struct test_case {
    const char *name;
    host_test_function function;
    int line;
};

static struct test_case cases[MAX_CASES];
static int case_count;

/* In the child: the case that runs and how many of its expectations failed. */
static const char *current_case = "(no case)";
static int current_failures;

void host_test_register(const char *name, host_test_function function, int line)
{
    if (case_count == MAX_CASES) {
        fprintf(stderr, "host_test: more than %d cases; raise MAX_CASES in %s\n", MAX_CASES, __FILE__);
        abort();
    }
    cases[case_count++] = (struct test_case){ name, function, line };
}

/* ------------------------------------------------------------------------------------- */
/* Reporting failures. */

static void report_failure(const char *file, int line, const char *detail, const char *what, va_list args)
{
    current_failures++;
    printf("FAIL %s: ", current_case);
    vprintf(what, args);
    printf("%s (%s:%d)\n", detail, file, line);
    fflush(stdout);
}

bool host_test_fail(const char *file, int line, const char *what, ...)
{
    va_list args;
    va_start(args, what);
    report_failure(file, line, "", what, args);
    va_end(args);
    return false;
}

/* A value as a person wants to read it: in decimal, and in hex too when it is large (an
 * address, a bit pattern). */
static void describe_value(char *buf, size_t size, long long value)
{
    if (value <= 9)
        snprintf(buf, size, "%lld", value);
    else
        snprintf(buf, size, "%lld (0x%llx)", value, (unsigned long long)value);
}

bool host_test_expect_eq(const char *file, int line, long long expected, long long seen,
                         const char *what, ...)
{
    if (expected == seen)
        return true;
    char expected_text[64], seen_text[64], detail[160];
    describe_value(expected_text, sizeof expected_text, expected);
    describe_value(seen_text, sizeof seen_text, seen);
    snprintf(detail, sizeof detail, ": expected %s, seen %s", expected_text, seen_text);
    va_list args;
    va_start(args, what);
    report_failure(file, line, detail, what, args);
    va_end(args);
    return false;
}

bool host_test_expect_true(const char *file, int line, bool condition, const char *what, ...)
{
    if (condition)
        return true;
    va_list args;
    va_start(args, what);
    report_failure(file, line, ": expected true, seen false", what, args);
    va_end(args);
    return false;
}

/* @p text in double quotes with C escapes, cut short if it is long. */
static void quote(char *buf, size_t size, const char *text)
{
    size_t used = 0;
    buf[used++] = '"';
    for (; *text && used + 8 < size; text++) {
        unsigned char c = (unsigned char)*text;
        if (c == '"' || c == '\\')
            used += (size_t)snprintf(buf + used, size - used, "\\%c", c);
        else if (c == '\n')
            used += (size_t)snprintf(buf + used, size - used, "\\n");
        else if (c < 0x20 || c >= 0x7f)
            used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
        else
            buf[used++] = (char)c;
    }
    if (*text)
        used += (size_t)snprintf(buf + used, size - used, "...");
    snprintf(buf + used, size - used, "\"");
}

bool host_test_expect_str_eq(const char *file, int line, const char *expected, const char *seen,
                             const char *what, ...)
{
    if (expected && seen && strcmp(expected, seen) == 0)
        return true;
    char expected_text[200], seen_text[200], detail[440];
    quote(expected_text, sizeof expected_text, expected ? expected : "(NULL)");
    if (seen)
        quote(seen_text, sizeof seen_text, seen);
    else
        snprintf(seen_text, sizeof seen_text, "NULL");
    snprintf(detail, sizeof detail, ": expected %s, seen %s", expected_text, seen_text);
    va_list args;
    va_start(args, what);
    report_failure(file, line, detail, what, args);
    va_end(args);
    return false;
}

/* ------------------------------------------------------------------------------------- */
/* Lab holes on the host. */

void lab_hole_missing(int lab, const char *function)
{
    fprintf(stderr, "lab %d: %s is not implemented yet (see labs/lab%d/README.md)\n", lab, function, lab);
    fflush(stderr);
    abort();
}

/* ------------------------------------------------------------------------------------- */
/* Running cases. */

/* The usual name of a signal that ends a crashing case. (Not strsignal(): with -Ikernel,
 * <string.h> is the kernel's own string.h, which declares only what the kernel has.) */
static const char *signal_name(int signal)
{
    switch (signal) {
    case SIGABRT: return "Aborted: abort() was called, e.g. by a lab hole not implemented yet";
    case SIGSEGV: return "Segmentation fault: a bad pointer";
    case SIGBUS: return "Bus error: a bad pointer";
    case SIGFPE: return "Floating point exception: a division by zero?";
    case SIGILL: return "Illegal instruction: __builtin_trap() or unreachable code?";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGKILL: return "Killed";
    case SIGTERM: return "Terminated";
    default: return "see `kill -l`";
    }
}

/* Run one case in a child process. @return true if it passed. */
static bool run_case(const struct test_case *test)
{
    fflush(stdout); /* or the child would print what is buffered a second time */
    fflush(stderr);
    pid_t child = fork();
    if (child < 0) {
        perror("host_test: fork");
        printf("FAIL %s: could not start it (fork failed)\n", test->name);
        return false;
    }
    if (child == 0) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core); /* an aborting lab hole should not leave core files */
        alarm(CASE_TIMEOUT_SECONDS);
        current_case = test->name;
        current_failures = 0;
        test->function();
        fflush(stdout);
        fflush(stderr);
        _exit(current_failures ? EXIT_EXPECTATION_FAILED : 0);
    }

    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("host_test: waitpid");
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        printf("PASS %s\n", test->name);
        return true;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_EXPECTATION_FAILED)
        printf("FAIL %s\n", test->name);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        printf("FAIL %s: crashed: timed out after %d s (an endless loop?)\n", test->name,
               CASE_TIMEOUT_SECONDS);
    else if (WIFSIGNALED(status))
        printf("FAIL %s: crashed: signal %d (%s)\n", test->name, WTERMSIG(status),
               signal_name(WTERMSIG(status)));
    else if (WEXITSTATUS(status) == 1)
        printf("FAIL %s: crashed: exit status 1 (AddressSanitizer or UBSan found an error: "
               "read its report above)\n", test->name);
    else
        printf("FAIL %s: crashed: exit status %d\n", test->name, WEXITSTATUS(status));
    return false;
}

static int by_line(const void *a, const void *b)
{
    return ((const struct test_case *)a)->line - ((const struct test_case *)b)->line;
}

static void usage(const char *program)
{
    fprintf(stderr,
            "usage: %s [--list | CASE...]\n"
            "  no arguments: run every case\n"
            "  CASE...:      run only these cases (names, or shell patterns such as 'alloc_*')\n"
            "  --list:       print the names of the cases, one per line\n",
            program);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* keep our lines in order with the children's stderr */
    /* Constructors may run in any order; report cases in the order the file defines them. */
    qsort(cases, (size_t)case_count, sizeof cases[0], by_line);

    bool selected[MAX_CASES];
    bool select_all = argc == 1;
    memset(selected, 0, sizeof selected);
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--list") == 0) {
            for (int i = 0; i < case_count; i++)
                printf("%s\n", cases[i].name);
            return 0;
        }
        if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
            usage(argv[0]);
            return 0;
        }
        if (argv[a][0] == '-') {
            fprintf(stderr, "%s: unknown option %s\n", argv[0], argv[a]);
            usage(argv[0]);
            return 2;
        }
        bool matched = false;
        for (int i = 0; i < case_count; i++) {
            if (fnmatch(argv[a], cases[i].name, 0) == 0) {
                selected[i] = true;
                matched = true;
            }
        }
        if (!matched) {
            fprintf(stderr, "%s: no case named %s (run it with --list to see the cases)\n", argv[0], argv[a]);
            return 2;
        }
    }

    int passed = 0, failed = 0;
    for (int i = 0; i < case_count; i++) {
        if (!select_all && !selected[i])
            continue;
        if (run_case(&cases[i]))
            passed++;
        else
            failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
