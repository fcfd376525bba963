/*
 * host_case_runner.c - running one host test case in a forked child, and judging from the
 * child's tally and end-of-case report, not from its exit status, whether it passed (see
 * host_case_runner.h).
 */
#define _GNU_SOURCE
#include "host_case_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "types.h" /* NORETURN */

/* A case that runs this long is stuck (an endless search loop, say): every case here takes
 * milliseconds, and a whole binary must finish within the 60 s the graders allow it. */
#define CASE_TIMEOUT_SECONDS 4
/* How a child tells the parent "the case ran to its end but an expectation failed". Not 1,
 * which is what AddressSanitizer and UBSan exit with when they find an error. */
#define EXIT_EXPECTATION_FAILED 99
/* How long the parent waits for a child's reports after the child's own alarm should have
 * ended it (a child that blocks SIGALRM, say): then it kills the child. */
#define CASE_GRACE_SECONDS 2

/* The one record on a case's report pipe, child to parent: "the case function returned". */
#define REPORT_END 0x454e4443u /* any value a stray or zeroed record is unlikely to hold */

struct report_record {
    uint64_t token;  /* this case's token: a record without it is not the harness's */
    uint32_t kind;   /* REPORT_END */
    uint32_t checks; /* the checks the case ran, as the child counted them */
};

/* The checks of the running case, tallied by the child in memory the parent shares (so the
 * tally survives the child ending early, and costs no system call per check). */
struct check_tally {
    uint32_t checks;
    uint32_t failed_checks;
    uint32_t last_line; /* of the last check, 0 before the first */
};

/* What the parent learnt from a child: its tally and its end record. */
struct case_reports {
    struct check_tally tally;
    bool ended;             /* an end record with the token came */
    unsigned ended_checks;  /* the count in it */
    unsigned foreign;       /* records without the token, after the end, or cut short */
    bool timed_out;         /* the parent gave up waiting and killed the child */
};

/* In the child: the case that runs, its checks and how many of them failed. */
static const char *current_case = "(no case)";
static unsigned current_failures;
static unsigned current_checks;
static int report_fd = -1;
static uint64_t report_token;
static struct check_tally *shared_tally; /* mapped shared before the first fork */

bool host_case_runner_init(void)
{
    void *page = mmap(NULL, sizeof *shared_tally, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("host_test: mmap");
        return false;
    }
    shared_tally = page;
    return true;
}

const char *host_case_running(void)
{
    return current_case;
}

/* ------------------------------------------------------------------------------------- */
/* In the child: tallying checks, and the end-of-case report. */

static void send_end_report(void)
{
    if (report_fd < 0)
        return;
    struct report_record record = { report_token, REPORT_END, current_checks };
    const char *bytes = (const char *)&record;
    size_t sent = 0;
    while (sent < sizeof record) {
        ssize_t n = write(report_fd, bytes + sent, sizeof record - sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* the parent will see the record missing */
        sent += (size_t)n;
    }
}

void host_case_count_check(int line, bool passed)
{
    current_checks++;
    current_failures += !passed;
    if (!shared_tally)
        return;
    shared_tally->checks++;
    shared_tally->failed_checks += !passed;
    shared_tally->last_line = (uint32_t)line;
}

/* ------------------------------------------------------------------------------------- */
/* Running a case, in the parent. */

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

/* A fresh random token for one case's reports. */
static uint64_t fresh_token(void)
{
    uint64_t token = 0;
    if (getrandom(&token, sizeof token, 0) != (ssize_t)sizeof token) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        token = ((uint64_t)now.tv_nsec << 32) ^ (uint64_t)now.tv_sec ^ ((uint64_t)getpid() << 16);
    }
    return token | 1; /* never 0, the value of a zeroed record */
}

/* In the child: run the case, then send the end record (only reached if the case function
 * returned) and exit. */
static void NORETURN run_case_in_child(const struct host_case *test, int fd, uint64_t token)
{
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core); /* an aborting lab hole should not leave core files */
    alarm(CASE_TIMEOUT_SECONDS);
    current_case = test->name;
    current_failures = 0;
    current_checks = 0;
    report_fd = fd;
    report_token = token;
    test->function();
    fflush(stdout);
    fflush(stderr);
    send_end_report();
    _exit(current_failures ? EXIT_EXPECTATION_FAILED : 0);
}

/* Take one record from the child into @p reports. */
static void take_record(struct case_reports *reports, const struct report_record *record, uint64_t token)
{
    if (record->token != token || reports->ended) {
        reports->foreign++;
        return;
    }
    if (record->kind != REPORT_END) {
        reports->foreign++;
        return;
    }
    reports->ended = true;
    reports->ended_checks = record->checks;
}

/* In the parent: read the child's records from @p fd until the child closes it, or until the
 * case has had its time and its grace (then kill the child). */
static void read_reports(int fd, pid_t child, uint64_t token, struct case_reports *reports)
{
    struct report_record record;
    size_t have = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    const long limit_ms = (CASE_TIMEOUT_SECONDS + CASE_GRACE_SECONDS) * 1000L;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed_ms = (now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (elapsed_ms >= limit_ms) {
            kill(child, SIGKILL);
            reports->timed_out = true;
            break;
        }
        struct pollfd wait_for = { .fd = fd, .events = POLLIN };
        int ready = poll(&wait_for, 1, (int)(limit_ms - elapsed_ms));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue; /* the deadline check above ends the wait */
        ssize_t n = read(fd, (char *)&record + have, sizeof record - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* every writer has closed the pipe: the child is gone */
        have += (size_t)n;
        if (have == sizeof record) {
            take_record(reports, &record, token);
            have = 0;
        }
    }
    if (have)
        reports->foreign++; /* a record cut short */
}

/* Print the verdict on one case from how its child ended and what it reported.
 * @return true if it passed. */
static bool judge_case(const struct host_case *test, int status, const struct case_reports *reports)
{
    const char *file = test->file; /* its last path component (the kernel's string.h has no strrchr) */
    for (const char *c = test->file; *c; c++)
        if (*c == '/')
            file = c + 1;
    if (reports->timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)) {
        printf("FAIL %s: crashed: timed out after %d s (an endless loop?)\n", test->name,
               CASE_TIMEOUT_SECONDS);
        return false;
    }
    if (WIFSIGNALED(status)) {
        printf("FAIL %s: crashed: signal %d (%s)\n", test->name, WTERMSIG(status),
               signal_name(WTERMSIG(status)));
        return false;
    }
    int exit_status = WEXITSTATUS(status);
    if (exit_status == 1) {
        printf("FAIL %s: crashed: exit status 1 (AddressSanitizer or UBSan found an error: "
               "read its report above)\n", test->name);
        return false;
    }
    if (reports->foreign) {
        printf("FAIL %s: %u report record%s that the test harness did not send (the code under test "
               "wrote to the harness's report pipe?)\n", test->name, reports->foreign,
               reports->foreign == 1 ? "" : "s");
        return false;
    }
    if (!reports->ended) {
        if (reports->tally.checks)
            printf("FAIL %s: ended before its last check (exit status %d after %u check%s, the last at "
                   "%s:%u): the process ended inside the case, e.g. an exit() or _exit() in the code "
                   "under test\n", test->name, exit_status, reports->tally.checks,
                   reports->tally.checks == 1 ? "" : "s", file, reports->tally.last_line);
        else
            printf("FAIL %s: ended before its first check (exit status %d): the process ended inside "
                   "the case, e.g. an exit() or _exit() in the code under test\n", test->name,
                   exit_status);
        return false;
    }
    if (reports->ended_checks != reports->tally.checks) {
        printf("FAIL %s: its end-of-case report counts %u checks, but the harness tallied %u (the "
               "code under test wrote to the harness's memory or report pipe?)\n", test->name,
               reports->ended_checks, reports->tally.checks);
        return false;
    }
    if (reports->tally.failed_checks || exit_status == EXIT_EXPECTATION_FAILED) {
        printf("FAIL %s\n", test->name);
        return false;
    }
    if (exit_status != 0) {
        printf("FAIL %s: crashed: exit status %d after the case ended\n", test->name, exit_status);
        return false;
    }
    if (reports->tally.checks == 0) {
        printf("FAIL %s: ran no checks (a case must check something; see %s:%d)\n", test->name,
               file, test->line);
        return false;
    }
    printf("PASS %s\n", test->name);
    return true;
}

bool host_case_run(const struct host_case *test)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
        perror("host_test: pipe");
        printf("FAIL %s: could not start it (pipe failed)\n", test->name);
        return false;
    }
    uint64_t token = fresh_token();
    if (shared_tally)
        *shared_tally = (struct check_tally){ 0 };
    fflush(stdout); /* or the child would print what is buffered a second time */
    fflush(stderr);
    pid_t child = fork();
    if (child < 0) {
        perror("host_test: fork");
        printf("FAIL %s: could not start it (fork failed)\n", test->name);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        return false;
    }
    if (child == 0) {
        close(pipe_fds[0]);
        run_case_in_child(test, pipe_fds[1], token);
    }
    close(pipe_fds[1]);
    struct case_reports reports = { 0 };
    read_reports(pipe_fds[0], child, token, &reports);
    close(pipe_fds[0]);

    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("host_test: waitpid");
            return false;
        }
    }
    if (shared_tally)
        reports.tally = *shared_tally;
    return judge_case(test, status, &reports);
}
