/*
 * sysbench - what the whole system's common operations cost, in guest instructions, for
 * `make bench` (grading/bench.py boots the system with the kernel command line
 * `run=sysbench`, so init runs this program in place of the shell, under QEMU -icount,
 * where the time-stamp counter counts instructions). Each figure is a line
 *   bench: NAME VALUE UNIT
 *
 *   boot_to_prompt  from reset to the shell's first prompt: sysbench spawns the shell as
 *                   init would, with pipes for its input and output, and reads the TSC as
 *                   the prompt arrives (only when sysbench is the first process, pid 1,
 *                   right after boot; sysbench's own start is counted, a little more than
 *                   the real boot pays); then it types `hello` at that prompt and prints
 *                   the shell's answer as "sysbench: shell: ..." lines
 *   idle_frames     physical frames in use, the whole system, while that shell waits at its
 *                   prompt
 *   spawn_wait      spawn a program that returns at once (`sysbench noop`), start it and
 *                   wait for its end: the mean of SPAWN_ROUNDS
 *   pipe_roundtrip  one byte to a child through a pipe and back through another
 *                   (`sysbench echo` copies its input to its output): the mean of
 *                   PIPE_ROUNDS after a warm-up
 *   pager_fault     the first touch of a heap page: the fault, the memory manager's
 *                   decision and zero fill (a frame made and mapped), the thread resumed:
 *                   the mean of FAULT_ROUNDS pages after FAULT_WARMUP
 * Run by hand at the prompt, `sysbench` prints the last four (the TSC then counts cycles
 * of the emulator, not instructions, unless QEMU runs with -icount).
 *
 * Expected: every figure printed, then `sysbench: done`, exit status 0; any failed step
 * prints what failed and exits 1.
 */
#include "fd.h"
#include "heap.h"
#include "pm_client.h"
#include "program.h"
#include "proto/nameserver.h"
#include "proto/pipe.h"
#include "rpc.h"
#include "slot.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"
#include "types.h"
#include "tsc.h"

#define SPAWN_ROUNDS 20
#define PIPE_WARMUP 10
#define PIPE_ROUNDS 200
#define FIRST_COMMAND "hello\n"
#define FAULT_WARMUP 4
#define FAULT_ROUNDS 64

static int pipes = -1; /* the pipe service */

static __attribute__((noreturn)) void fail(const char *what, int error)
{
    printf("sysbench: %s: %s\n", what, error_name(error));
    exit(1);
}

/* A request to @p endpoint whose reply carries a capability. @return its slot. */
static int call_for_cap(int endpoint, unsigned label, const char *what)
{
    int slot = slot_alloc();
    int error = slot < 0 ? slot : rpc_call_for_cap(endpoint, label, NULL, 0, -1, slot);
    if (error < 0)
        fail(what, error);
    return slot;
}

/* A new pipe: its read end in *@p reader, a write end in *@p writer (slots). */
static void make_pipe(int *reader, int *writer)
{
    *reader = call_for_cap(pipes, PIPE_CREATE, "PIPE_CREATE");
    *writer = call_for_cap(*reader, PIPE_WRITER, "PIPE_WRITER");
}

/* Spawn @p argv with a fresh connection to each of @p streams (slots, -1: none) as its
 * standard input, output and error, and start it. @return its pid. */
static unsigned start(const char *const *argv, const int streams[3])
{
    int pid = pm_spawn(START_SLOT_PM, argv, 0);
    if (pid < 0)
        fail(argv[0], pid);
    for (int i = 0; i < 3; i++) {
        if (streams[i] < 0)
            continue;
        int copy = call_for_cap(streams[i], STREAM_DUP, "STREAM_DUP");
        int error = pm_give(START_SLOT_PM, (unsigned)pid, START_SLOT_STDIN + (unsigned)i, copy);
        slot_free(copy); /* pm holds the child's copy */
        if (error < 0)
            fail("PM_GIVE", error);
    }
    int error = pm_start(START_SLOT_PM, (unsigned)pid);
    if (error < 0)
        fail("PM_START", error);
    return (unsigned)pid;
}

static void wait_for(unsigned pid, const char *what)
{
    struct pm_exit_info info;
    int result = pm_wait(START_SLOT_PM, pid, &info);
    if (result < 0)
        fail(what, result);
    if (info.end != PM_END_EXIT || info.status != 0) {
        printf("sysbench: %s ended badly (how %u, status %u)\n", what, info.end, info.status);
        exit(1);
    }
}

static int open_fd(int slot)
{
    int fd = fd_open_stream(slot);
    if (fd < 0)
        fail("fd_open_stream", fd);
    return fd;
}

/* Type @p command (a line) at the shell's prompt and print what it answers, up to its next
 * prompt, as lines "sysbench: shell: ...". */
static void type_at_prompt(int input, int output, const char *command)
{
    size_t length = strlen(command);
    if (write(input, command, length) != (int)length)
        fail("typing at the shell's prompt", ERR_DEAD);
    char line[128], c = 0, last = 0;
    size_t used = 0;
    for (;;) {
        int got = read(output, &c, 1);
        if (got <= 0)
            fail("reading the shell's answer", got < 0 ? got : ERR_DEAD);
        if (last == '$' && c == ' ' && used == 1)
            break; /* the next prompt */
        last = c;
        if (c == '\n' || used + 1 == sizeof line) {
            line[used] = '\0';
            printf("sysbench: shell: %s\n", line);
            used = 0;
            if (c == '\n')
                continue;
        }
        line[used++] = c;
    }
}

/* The shell on pipes: the TSC when its first prompt arrives, the frames in use then, and the
 * answer to the first command a student types (the test of Bochs reads it). */
static void bench_boot(void)
{
    int in_reader, in_writer, out_reader, out_writer;
    make_pipe(&in_reader, &in_writer);
    make_pipe(&out_reader, &out_writer);
    static const char *const shell[] = {"shell", NULL};
    unsigned pid = start(shell, (int[]){in_reader, out_writer, out_writer});
    close(open_fd(in_reader)); /* the shell has its own connections now */
    close(open_fd(out_writer));
    int input = open_fd(in_writer), output = open_fd(out_reader);
    char seen[2] = {0, 0};
    uint64_t at_prompt = 0;
    while (!at_prompt) {
        char c;
        int got = read(output, &c, 1);
        if (got <= 0)
            fail("reading the shell's output", got < 0 ? got : ERR_DEAD);
        seen[0] = seen[1];
        seen[1] = c;
        if (seen[0] == '$' && seen[1] == ' ')
            at_prompt = tsc_read();
    }
    int frames = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    printf("bench: boot_to_prompt %u instructions\n", (unsigned)at_prompt);
    printf("bench: idle_frames %d frames\n", frames);
    type_at_prompt(input, output, FIRST_COMMAND);
    if (write(input, "exit\n", 5) != 5)
        fail("telling the shell to exit", ERR_DEAD);
    close(input);
    char rest[64];
    while (read(output, rest, sizeof rest) > 0)
        ; /* what the shell says as it leaves */
    close(output);
    wait_for(pid, "the shell");
}

static void bench_spawn_wait(void)
{
    static const char *const noop[] = {"sysbench", "noop", NULL};
    const int none[3] = {-1, -1, -1};
    wait_for(start(noop, none), "sysbench noop"); /* warm-up: pm and mm have their pages */
    uint64_t total = 0;
    for (int i = 0; i < SPAWN_ROUNDS; i++) {
        uint64_t t0 = tsc_read();
        wait_for(start(noop, none), "sysbench noop");
        total += tsc_read() - t0;
    }
    printf("bench: spawn_wait %u instructions\n", (unsigned)(total / SPAWN_ROUNDS));
}

static void bench_pipe(void)
{
    int to_reader, to_writer, back_reader, back_writer;
    make_pipe(&to_reader, &to_writer);
    make_pipe(&back_reader, &back_writer);
    static const char *const echo[] = {"sysbench", "echo", NULL};
    unsigned pid = start(echo, (int[]){to_reader, back_writer, -1});
    close(open_fd(to_reader));
    close(open_fd(back_writer));
    int to = open_fd(to_writer), back = open_fd(back_reader);
    uint64_t total = 0;
    for (int i = 0; i < PIPE_WARMUP + PIPE_ROUNDS; i++) {
        char c = (char)('a' + i % 26), answer = 0;
        uint64_t t0 = tsc_read();
        int wrote = write(to, &c, 1);
        int got = read(back, &answer, 1);
        uint64_t t1 = tsc_read();
        if (wrote != 1 || got != 1 || answer != c) {
            printf("sysbench: pipe round trip %d: sent '%c', wrote %d, read %d ('%c')\n", i, c,
                   wrote, got, answer);
            exit(1);
        }
        if (i >= PIPE_WARMUP)
            total += t1 - t0;
    }
    close(to); /* the echo child reads the end of its input and returns */
    close(back);
    wait_for(pid, "sysbench echo");
    printf("bench: pipe_roundtrip %u instructions\n", (unsigned)(total / PIPE_ROUNDS));
}

static void bench_pager_fault(void)
{
    volatile uint8_t *heap = sbrk((FAULT_WARMUP + FAULT_ROUNDS) * PAGE_SIZE);
    if (heap == SBRK_FAILED)
        fail("sbrk", ERR_NO_MEMORY);
    uint64_t total = 0;
    for (int i = 0; i < FAULT_WARMUP + FAULT_ROUNDS; i++) {
        uint64_t t0 = tsc_read();
        heap[i * PAGE_SIZE] = 1; /* a page never touched: one fault, zero-filled */
        uint64_t t1 = tsc_read();
        if (i >= FAULT_WARMUP)
            total += t1 - t0;
    }
    printf("bench: pager_fault %u instructions\n", (unsigned)(total / FAULT_ROUNDS));
}

/* `sysbench echo`: standard input to standard output, a byte at a time as it comes. */
static int echo_input(void)
{
    char buffer[64];
    int got;
    while ((got = read(FD_STDIN, buffer, sizeof buffer)) > 0)
        if (write(FD_STDOUT, buffer, (size_t)got) != got)
            return 1;
    return got < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "noop") == 0)
        return 0;
    if (argc > 1 && strcmp(argv[1], "echo") == 0)
        return echo_input();
    if (argc > 1) {
        printf("usage: sysbench (noop and echo are its own children's roles)\n");
        return 2;
    }
    pipes = slot_alloc();
    int error = pipes < 0 ? pipes : ns_lookup(START_SLOT_NS, "pipe", pipes);
    if (error < 0)
        fail("looking up the pipe service", error);
    if (start_info()->pid == 1)
        bench_boot();
    bench_spawn_wait();
    bench_pipe();
    bench_pager_fault();
    printf("sysbench: done\n");
    return 0;
}
