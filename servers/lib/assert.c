/*
 * assert.c - the reports of a failed assert() and of fatal_error(), and the end they lead to.
 */
#include "assert.h"
#include "exit.h"
#include "stdio.h"
#include "string.h"

const char *assert_program_name = "program";

static int reporting; /* a report is under way: a second one (from inside stdio) is plain */

/* One line on standard error, after what standard output holds, then the end. */
static NORETURN void report_and_exit(const char *line)
{
    if (__atomic_exchange_n(&reporting, 1, __ATOMIC_SEQ_CST)) {
        /* The first report failed inside stdio (a lock this thread holds, say): no stdio. */
        console_write(line, strlen(line));
        exit(ASSERT_EXIT_STATUS);
    }
    fflush(stdout);
    fputs(line, stderr);
    fflush(stderr);
    exit(ASSERT_EXIT_STATUS);
}

void assert_failed(const char *expression, const char *file, int line, const char *function)
{
    char report[PRINTF_MAX + 1];
    snprintf(report, sizeof report, "%s: assertion failed: %s (%s:%d, in %s)\n",
             assert_program_name, expression, file, line, function);
    report_and_exit(report);
}

void fatal_error(const char *format, ...)
{
    char report[PRINTF_MAX + 1];
    int length = snprintf(report, sizeof report, "%s: fatal error: ", assert_program_name);
    if (length < 0 || length >= (int)sizeof report - 2)
        length = 0;
    va_list args;
    va_start(args, format);
    int more = vsnprintf(report + length, sizeof report - (size_t)length - 1, format, args);
    va_end(args);
    length = more < 0 ? length : length + more;
    if (length > (int)sizeof report - 2)
        length = (int)sizeof report - 2;
    report[length] = '\n';
    report[length + 1] = '\0';
    report_and_exit(report);
}
