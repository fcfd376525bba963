/*
 * host_support.c - main(), case registration and the expectations of the host unit tests
 * (see host_test.h), and what an unimplemented lab hole does on the host: say so and abort.
 *
 * Linked into every build/host/test_* binary, with host_case_runner.c, which runs each case
 * in a forked child (so a case that crashes cannot take the others down) and decides from the
 * child's tally and end-of-case report, not from its exit status, whether it passed.
 */
#define _GNU_SOURCE
#include "host_test.h"
#include "host_case_runner.h"
#include "lab.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h> /* the kernel's string.h: it has strcmp and memset, not strsignal */

#define MAX_CASES 256

static struct host_case cases[MAX_CASES];
static int case_count;

void host_test_register(const char *name, host_test_function function, const char *file, int line)
{
    if (case_count == MAX_CASES) {
        fprintf(stderr, "host_test: more than %d cases; raise MAX_CASES in %s\n", MAX_CASES, __FILE__);
        abort();
    }
    cases[case_count++] = (struct host_case){ name, function, file, line };
}

void host_test_checked(const char *file, int line)
{
    (void)file;
    host_case_count_check(line, true);
}

/* ------------------------------------------------------------------------------------- */
/* Reporting failures. */

static void report_failure(const char *file, int line, const char *detail, const char *what, va_list args)
{
    host_case_count_check(line, false);
    printf("FAIL %s: ", host_case_running());
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
    if (expected == seen) {
        host_case_count_check(line, true);
        return true;
    }
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
    if (condition) {
        host_case_count_check(line, true);
        return true;
    }
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
    if (expected && seen && strcmp(expected, seen) == 0) {
        host_case_count_check(line, true);
        return true;
    }
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

static int by_line(const void *a, const void *b)
{
    return ((const struct host_case *)a)->line - ((const struct host_case *)b)->line;
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

    if (!host_case_runner_init())
        return 2;

    int passed = 0, failed = 0;
    for (int i = 0; i < case_count; i++) {
        if (!select_all && !selected[i])
            continue;
        if (host_case_run(&cases[i]))
            passed++;
        else
            failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
