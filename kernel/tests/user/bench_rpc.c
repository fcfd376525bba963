/*
 * bench_rpc - what the runtime's RPC convention (servers/lib/rpc.h) costs on top of the
 * IPC it is made of, in guest instructions.
 *
 * The root task starts two copies of this program (their main gets info == NULL; the root
 * writes their role into `role` with task_write before they run), each with an IPC buffer
 * at START_IPC_BUFFER_ADDRESS, as every server has one:
 *
 *   raw echo   receives once, then answers every call in reply_recv with the words it got:
 *              the least a server can do.
 *   rpc echo   a real dispatch loop, rpc_serve(), with one operation that answers its three
 *              argument words.
 * The root makes ITERATIONS calls to each (sys_call to the raw one, the rpc_call() stub to
 * the other), subtracts an empty loop of as many turns, and prints
 *   bench: rpc_roundtrip_total <instructions> instructions   (stub + dispatch + IPC)
 *   bench: rpc_roundtrip <instructions> instructions         (the same minus the raw round trip)
 * rpc_roundtrip is the library's own overhead (budget in grading/bench.py). Every answer is
 * checked once the timing is over.
 *
 * Expected: the three bench lines above, rpc_serve() answering a wrong word count and an
 * unknown label with ERR_INVALID and serving on, and exit 0.
 */
#define TEST_NAME "bench_rpc"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "rpc.h"
#include "start_info.h"
#include "user_test.h"
#include "tsc.h"

#define ITERATIONS 4000u
#define WARMUP 100u
#define CHILD_QUOTA (256 * 1024)
#define CHILD_ENDPOINT 2 /* the endpoint capability, in each child's space */
#define ECHO_LABEL (RPC_BASE_NS + 0x80) /* any label: this bench is its own service */

enum role { ROLE_RAW = 1, ROLE_RPC = 2 };

/* Written by the root into each child before it runs (same image, same address). */
static volatile unsigned role;

/* --- The children --------------------------------------------------------------------- */

static int set_up_ipc_buffer(void)
{
    if (sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE) != 0 ||
        sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS) != 0) {
        test_print("FAIL: echo: IPC buffer, expected set up, seen an error");
        return 1;
    }
    return 0;
}

static __attribute__((noreturn)) int raw_echo(void)
{
    struct ipc_message m;
    sys_recv(CHILD_ENDPOINT, &m);
    for (;;)
        sys_reply_recv(CHILD_ENDPOINT, IPC_TAG(RPC_REPLY, 3, 0), m.words[0], m.words[1],
                       m.words[2], &m);
}

static int echo_handler(struct rpc_request *request, struct rpc_response *response)
{
    response->words[0] = request->words[1];
    response->words[1] = request->words[2];
    response->length = 2;
    return (int)request->words[0];
}

static const struct rpc_op echo_ops[] = {
    {ECHO_LABEL, 3, 3, false, echo_handler, "echo"},
};

static __attribute__((noreturn)) int rpc_echo(void)
{
    static struct rpc_server server = {"bench_rpc", CHILD_ENDPOINT, echo_ops, 1, NULL, -1};
    rpc_serve(&server);
}

/* --- The root ----------------------------------------------------------------------------- */

static void spawn(const struct user_boot_info *info, unsigned child_role, int endpoint)
{
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int task, thread;
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "bench_child",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("task_write of the child's role", 0,
                  sys_task_write(task, (unsigned)&role, &child_role, sizeof child_role));
    expect_result("cap_mint of the endpoint into the child", 0,
                  sys_cap_mint(endpoint, task, CHILD_ENDPOINT, RIGHT_READ | RIGHT_WRITE, 0));
    expect_result("thread_resume of the child", 0, sys_thread_resume(thread));
}

static unsigned bench_raw(int endpoint)
{
    struct ipc_message reply;
    for (unsigned i = 0; i < WARMUP; i++)
        expect_result("warm-up call", 0, sys_call(endpoint, IPC_TAG(ECHO_LABEL, 3, 0), i, 2, 3, &reply));
    uint64_t empty = tsc_empty_loop(ITERATIONS);
    uint64_t start = tsc_read();
    for (unsigned i = ITERATIONS; i != 0; i--)
        sys_call(endpoint, IPC_TAG(ECHO_LABEL, 3, 0), i, 2, 3, &reply);
    uint64_t calls = tsc_read() - start;
    if (reply.words[0] != 1 || reply.words[1] != 2 || reply.words[2] != 3)
        test_fail("the last raw echo, expected 1 2 3, seen %u %u %u", reply.words[0],
                  reply.words[1], reply.words[2]);
    return tsc_per_round(calls, empty, ITERATIONS);
}

static unsigned bench_rpc(int endpoint)
{
    struct rpc_result out;
    for (unsigned i = 0; i < WARMUP; i++)
        expect_result("warm-up rpc_call", (int)i + 1,
                      rpc_call(endpoint, ECHO_LABEL, 3, i + 1, 2, 3, &out));
    expect_result("rpc_call with a wrong word count", ERR_INVALID,
                  rpc_call(endpoint, ECHO_LABEL, 2, 1, 2, 0, &out));
    expect_result("rpc_call of an unknown label", ERR_INVALID,
                  rpc_call(endpoint, ECHO_LABEL + 1, 3, 1, 2, 3, &out));
    uint64_t empty = tsc_empty_loop(ITERATIONS);
    int last = 0;
    uint64_t start = tsc_read();
    for (unsigned i = ITERATIONS; i != 0; i--)
        last = rpc_call(endpoint, ECHO_LABEL, 3, i, 2, 3, &out);
    uint64_t calls = tsc_read() - start;
    if (last != 1 || out.words[0] != 2 || out.words[1] != 3)
        test_fail("the last rpc echo, expected 1 2 3, seen %d %u %u", last, out.words[0],
                  out.words[1]);
    return tsc_per_round(calls, empty, ITERATIONS);
}

int main(const struct user_boot_info *info)
{
    if (!info) {
        if (set_up_ipc_buffer())
            return 1;
        return role == ROLE_RAW ? raw_echo() : role == ROLE_RPC ? rpc_echo() : 1;
    }
    int raw = expect_success("endpoint_create", sys_endpoint_create());
    int rpc = expect_success("endpoint_create", sys_endpoint_create());
    spawn(info, ROLE_RAW, raw);
    spawn(info, ROLE_RPC, rpc);
    unsigned raw_cost = bench_raw(raw);
    unsigned rpc_cost = bench_rpc(rpc);
    printf("bench: rpc_raw_roundtrip %u instructions\n", raw_cost);
    printf("bench: rpc_roundtrip_total %u instructions\n", rpc_cost);
    printf("bench: rpc_roundtrip %u instructions\n", rpc_cost > raw_cost ? rpc_cost - raw_cost : 0);
    test_print("%u raw and %u rpc round trips", ITERATIONS, ITERATIONS);
    return 0;
}
