/*
 * lib_program_start - a process's start and end through the runtime (servers/lib/start/
 * program_start.c, exit.c, heap.c, stdio.c), seen from outside: this root task starts the
 * boot module lib_program_child as the memory manager would (ELF segments, a start
 * information page with pid, arguments and heap start, a registered IPC buffer) and plays
 * the three services it talks to, on one endpoint told apart by badges:
 *   START_SLOT_PM      PM_EXIT: records the status (and never answers, as pm does not)
 *   START_SLOT_MM      MM_SBRK: moves the child's break, mapping pages into it at once
 *   START_SLOT_STDOUT  the stream protocol: records each STREAM_WRITE, counts STREAM_CLOSE
 *
 * Expected, in this order: the child's argument line as one write, "child: malloc'd 20000
 * bytes through sbrk" (at least one MM_SBRK), "no newline before exit" written by exit's
 * flush, no STREAM_CLOSE (a process's standard streams are pm's to close: it gave them),
 * then PM_EXIT with status 7 (argv[2]).
 * Expected output: "lib_program_start: ..." per step, then "... all start checks passed".
 */
#define TEST_NAME "lib_program_start"
#include "abi/user_bootinfo.h"
#include "cstring.h"
#include "elf_spawn.h"
#include "proto/mm.h"
#include "proto/pm.h"
#include "proto/stream.h"
#include "start_info.h"
#include "thread_start.h"
#include "user_test.h"

#define CHILD "lib_program_child"
#define CHILD_QUOTA (512 * 1024)
#define CHILD_PID 5
#define CHILD_HEAP 0x10000000u
#define VIEW 0x50000000u /* where we map the child's stdout page */
#define BADGE_PM 100
#define BADGE_MM 101
#define BADGE_STDOUT 102
#define WRITES_MAX 8
#define WAIT_TICKS 5000

static int child_task, frame;
static uint32_t child_break = CHILD_HEAP, child_mapped = CHILD_HEAP;
static unsigned sbrk_calls, closes;
static volatile int exit_status = -1;
static char log[WRITES_MAX][96]; /* every write, then "close", in order */
static unsigned log_count;
static volatile bool misdirected;

static void record(const char *text, unsigned length)
{
    if (log_count >= WRITES_MAX)
        return;
    unsigned n = length < sizeof log[0] - 1 ? length : sizeof log[0] - 1;
    memcpy(log[log_count], text, n);
    log[log_count++][n] = '\0';
}

static int exit_op(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    misdirected |= request->badge != BADGE_PM;
    exit_status = (int)request->words[0];
    return RPC_DEFERRED; /* no answer: the child waits until we delete it */
}

static int sbrk_op(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    misdirected |= request->badge != BADGE_MM;
    sbrk_calls++;
    int increment = (int)request->words[0];
    uint32_t old = child_break;
    if (increment < 0)
        return ERR_INVALID;
    uint32_t wanted = ALIGN_UP(old + (uint32_t)increment, PAGE_SIZE);
    if (wanted > child_mapped) {
        int result = sys_task_map_anon(child_task, child_mapped, (wanted - child_mapped) / PAGE_SIZE,
                                       MAP_WRITABLE);
        if (result < 0)
            return ERR_NO_MEMORY;
        child_mapped = wanted;
    }
    child_break = old + (uint32_t)increment;
    return (int)old;
}

static int map_op(struct rpc_request *request, struct rpc_response *response)
{
    misdirected |= request->badge != BADGE_STDOUT;
    response->cap = frame;
    return 0;
}

static int write_op(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    misdirected |= request->badge != BADGE_STDOUT;
    unsigned length = request->words[0];
    if (length > STREAM_BUFFER_SIZE)
        return ERR_INVALID;
    record((const char *)VIEW, length);
    return (int)length;
}

static int close_op(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    misdirected |= request->badge != BADGE_STDOUT;
    closes++;
    record("close", 5);
    return 0;
}

static const struct rpc_op ops[] = {
    { PM_EXIT, 1, 1, false, exit_op, "exit" },
    { MM_SBRK, 1, 1, false, sbrk_op, "sbrk" },
    { STREAM_MAP, 0, 0, false, map_op, "map" },
    { STREAM_WRITE, 1, 1, false, write_op, "write" },
    { STREAM_CLOSE, 0, 0, false, close_op, "close" },
};

static void serve(void *endpoint)
{
    struct rpc_server server = { "services", (int)endpoint, ops, ARRAY_SIZE(ops), NULL, 0 };
    rpc_serve(&server);
}

/* The start information page of the child: its name, pid, heap and arguments. */
static void write_start_info(void)
{
    static struct start_info start;
    static const char *const args[] = { CHILD, "hello world", "7" };
    start.magic = START_INFO_MAGIC;
    strlcpy(start.name, "child", sizeof start.name);
    start.pid = CHILD_PID;
    start.priority = PRIORITY_DEFAULT;
    start.heap_start = CHILD_HEAP;
    unsigned offset = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(args); i++) {
        start.argv_offsets[i] = offset;
        strlcpy(start.args + offset, args[i], sizeof start.args - offset);
        offset += strlen(args[i]) + 1;
    }
    start.argc = ARRAY_SIZE(args);
    expect_result("task_map_anon of the start information", 0,
                  sys_task_map_anon(child_task, START_INFO_ADDRESS, 1, 0));
    expect_result("task_write of the start information", 0,
                  sys_task_write(child_task, START_INFO_ADDRESS, &start, sizeof start));
}

static void expect_log(unsigned index, const char *text)
{
    if (index >= log_count || strcmp(log[index], text) != 0)
        test_fail("event %u of the child's stdout, expected \"%s\", seen \"%s\"", index, text,
                  index < log_count ? log[index] : "(none)");
}

int main(const struct user_boot_info *info)
{
    const struct user_boot_module *module = boot_module(info, CHILD);
    if (!module)
        test_fail("the boot module " CHILD ", expected it, seen none");
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map of the stdout page", 0,
                  sys_frame_map(frame, CAP_SELF_TASK, VIEW, FRAME_MAP_WRITABLE));
    expect_success("thread_start of the services", thread_start(serve, (void *)endpoint, PRIORITY_DEFAULT));

    int thread;
    expect_result("elf_spawn_suspended of the child", 0,
                  elf_spawn_suspended((const void *)module->address, module->size, CHILD,
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &child_task, &thread));
    write_start_info();
    expect_result("task_map_anon of the IPC buffer", 0,
                  sys_task_map_anon(child_task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0, sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS));
    expect_result("cap_mint of the pm slot", 0,
                  sys_cap_mint(endpoint, child_task, START_SLOT_PM, RIGHT_WRITE, BADGE_PM));
    expect_result("cap_mint of the mm slot", 0,
                  sys_cap_mint(endpoint, child_task, START_SLOT_MM, RIGHT_WRITE, BADGE_MM));
    expect_result("cap_mint of the stdout slot", 0,
                  sys_cap_mint(endpoint, child_task, START_SLOT_STDOUT, RIGHT_WRITE, BADGE_STDOUT));
    expect_result("thread_resume of the child", 0, sys_thread_resume(thread));

    test_wait_until(exit_status >= 0, WAIT_TICKS, "the child's PM_EXIT");
    expect_result("cap_delete of the child (as pm's MM_DESTROY would)", 0, sys_cap_delete(child_task));
    if (misdirected)
        test_fail("a request came on the wrong slot (badges: pm %d, mm %d, stdout %d)", BADGE_PM,
                  BADGE_MM, BADGE_STDOUT);

    expect_log(0, "child: " CHILD ": argc=3 [" CHILD "] [hello world] [7]\n");
    log[0][strlen(log[0]) - 1] = '\0'; /* the newline, for our own line */
    test_print("argv from the start page, printed as one write: \"%s\"", log[0]);
    expect_log(1, "child: malloc'd 20000 bytes through sbrk\n");
    if (sbrk_calls == 0)
        test_fail("MM_SBRK requests for a 20000-byte malloc, expected some, seen none");
    test_print("malloc grew the heap with %u MM_SBRK request(s) to 0x%x", sbrk_calls, child_break);
    expect_log(2, "no newline before exit");
    if (closes != 0 || log_count != 3)
        test_fail("after the flush, expected nothing (pm closes the streams it gave), seen %u closes, "
                  "%u events", closes, log_count);
    test_print("exit flushed the last line and sent PM_EXIT, leaving stdout for pm to close");
    if (exit_status != 7)
        test_fail("the child's exit status, expected 7 (its argv[2]), seen %d", exit_status);
    test_print("exit status %d", exit_status);
    test_print("all start checks passed");
    return 0;
}
