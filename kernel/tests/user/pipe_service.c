/*
 * pipe_service.c - the pipe service (servers/pipe) from its clients' side. Booted as the
 * root task with the module pipe.elf: it starts the pipe server in a task of its own (as
 * init would: its endpoint in START_SLOT_SERVICE, a start-information page, an IPC buffer,
 * but no name service), and talks to it as two clients (two badged copies of the endpoint),
 * with a second thread for the requests that must wait.
 *
 * Expected: bytes come out in order; a read of an empty pipe waits for a write, a write to
 * a full pipe waits for a read, and a write bigger than the room left goes in whole; a read
 * returns 0 once every write end is closed (also to a reader already waiting); a write with
 * no read end left gets ERR_DEAD (also a writer already waiting); a closed end's capability
 * is gone from the client; malformed requests get ERR_INVALID and the server goes on; one
 * client's pipes and ends are limited (ERR_QUOTA) and another client can still make pipes;
 * 40 pipes made and closed leave the frames in use where they were.
 */
#define TEST_NAME "pipe_service"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "proto/nameserver.h"
#include "proto/pipe.h"
#include "rpc.h"
#include "start_info.h"
#include "string.h"
#include "thread_start.h"
#include "user_test.h"
#include "../../../servers/pipe/pipe.h"

#define PIPE_SERVER_QUOTA (256 * 1024)
#define CLIENT_BUFFERS 0x90000000u /* where this task maps the ends' shared frames */
#define WAIT_TICKS 20              /* how long a request that must wait is given to not return */

static int client_a, client_b; /* the two clients' endpoint capabilities */
static unsigned mapped_pages;

/* An empty slot of ours (above the fixed ones). */
static int empty_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_MAX_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("no empty slot left");
}

/* A request without arguments whose reply carries a capability. @return its slot. */
static int call_for_cap(int endpoint, unsigned label, const char *what)
{
    int slot = empty_slot();
    bool got = false;
    int result = rpc_call_long(endpoint, label, NULL, 0, -1, slot, NULL, 0, &got);
    expect_result(what, 0, result);
    if (!got)
        test_fail("%s: the reply carries no capability", what);
    return slot;
}

/* STREAM_MAP on @p end and map the frame here. @return where. */
static unsigned char *map_end(int end, const char *what)
{
    int frame = call_for_cap(end, STREAM_MAP, what);
    unsigned address = CLIENT_BUFFERS + mapped_pages++ * PAGE_SIZE;
    expect_result("frame_map of an end's shared frame", 0,
                  sys_frame_map(frame, CAP_SELF_TASK, address, FRAME_MAP_WRITABLE));
    return (unsigned char *)address;
}

static int stream(int end, unsigned label, unsigned word)
{
    return rpc_call(end, label, 1, word, 0, 0, NULL);
}

static int close_end(int end)
{
    return rpc_call(end, STREAM_CLOSE, 0, 0, 0, 0, NULL);
}

/* A pipe made by @p client, both ends mapped. */
struct test_pipe {
    int reader, writer;
    unsigned char *in, *out;
};

static struct test_pipe new_pipe(int client)
{
    struct test_pipe p;
    p.reader = call_for_cap(client, PIPE_CREATE, "PIPE_CREATE");
    p.writer = call_for_cap(p.reader, PIPE_WRITER, "PIPE_WRITER on the read end");
    p.in = map_end(p.reader, "STREAM_MAP of the read end");
    p.out = map_end(p.writer, "STREAM_MAP of the write end");
    return p;
}

/* The second thread: one request that may wait, and its result when it came. */
static struct {
    int end;
    unsigned label, word;
    volatile int result;
    volatile bool done;
} waiting;

static void waiting_request(void *unused)
{
    (void)unused;
    waiting.result = stream(waiting.end, waiting.label, waiting.word);
    waiting.done = true;
}

/* Start the request in the second thread and check that it waits. */
static void start_waiting(int end, unsigned label, unsigned word, const char *what)
{
    waiting.end = end;
    waiting.label = label;
    waiting.word = word;
    waiting.done = false;
    expect_success("thread_start", thread_start(waiting_request, NULL, PRIORITY_DEFAULT));
    sys_sleep(WAIT_TICKS);
    if (waiting.done)
        test_fail("%s returned at once (%s), expected it to wait", what, error_name(waiting.result));
}

static int finish_waiting(const char *what)
{
    test_wait_until(waiting.done, 200, what);
    return waiting.result;
}

static void start_pipe_server(const struct user_boot_info *info)
{
    const struct user_boot_module *module = boot_module(info, "pipe");
    if (!module)
        test_fail("no boot module \"pipe\" (boot with build/servers/pipe.elf)");
    int task, thread;
    expect_result("elf_spawn_suspended of pipe", 0,
                  elf_spawn_suspended((const void *)module->address, module->size, "pipe",
                                      PIPE_SERVER_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("start-information page", 0, sys_task_map_anon(task, START_INFO_ADDRESS, 1, MAP_WRITABLE));
    expect_result("IPC buffer page", 0, sys_task_map_anon(task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0, sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS));
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("the server's endpoint", 0, sys_cap_copy(endpoint, task, START_SLOT_SERVICE));
    client_a = empty_slot();
    expect_result("client A", 0, sys_cap_mint(endpoint, CAP_SELF_TASK, client_a, RIGHT_WRITE | RIGHT_GRANT,
                                              NS_BADGE_PROCESS(1)));
    client_b = empty_slot();
    expect_result("client B", 0, sys_cap_mint(endpoint, CAP_SELF_TASK, client_b, RIGHT_WRITE | RIGHT_GRANT,
                                              NS_BADGE_PROCESS(2)));
    expect_result("thread_resume of pipe", 0, sys_thread_resume(thread));
}

static void check_bytes_in_order(void)
{
    struct test_pipe p = new_pipe(client_a);
    memcpy(p.out, "hello", 5);
    expect_result("write 5 bytes", 5, stream(p.writer, STREAM_WRITE, 5));
    memcpy(p.out, ", pipe", 6);
    expect_result("write 6 more", 6, stream(p.writer, STREAM_WRITE, 6));
    expect_result("read at most 3", 3, stream(p.reader, STREAM_READ, 3));
    if (memcmp(p.in, "hel", 3) != 0)
        test_fail("the first 3 bytes read are not \"hel\"");
    expect_result("read the rest", 8, stream(p.reader, STREAM_READ, 100));
    if (memcmp(p.in, "lo, pipe", 8) != 0)
        test_fail("the next 8 bytes read are not \"lo, pipe\"");
    test_print("bytes come out in the order they went in");

    start_waiting(p.reader, STREAM_READ, 100, "a read of an empty pipe");
    p.out[0] = 'x';
    expect_result("write 1 byte to the waiting reader", 1, stream(p.writer, STREAM_WRITE, 1));
    expect_result("the waiting read", 1, finish_waiting("the waiting read's answer"));
    if (p.in[0] != 'x')
        test_fail("the waiting reader got '%c', expected 'x'", p.in[0]);
    test_print("a read of an empty pipe waits for a write");

    /* Fill the pipe, then a writer waits for room; its bytes follow the first ones. */
    for (unsigned i = 0; i < STREAM_BUFFER_SIZE; i++)
        p.out[i] = (unsigned char)(i % 251);
    expect_result("fill the pipe", PIPE_CAPACITY, stream(p.writer, STREAM_WRITE, PIPE_CAPACITY));
    for (unsigned i = 0; i < 300; i++)
        p.out[i] = (unsigned char)(i % 7 + 1);
    start_waiting(p.writer, STREAM_WRITE, 300, "a write to a full pipe");
    expect_result("read 100 of the full pipe", 100, stream(p.reader, STREAM_READ, 100));
    if (waiting.done)
        test_fail("a write of 300 bytes returned with room for only 100 (%d)", waiting.result);
    unsigned seen = 100;
    while (seen < PIPE_CAPACITY + 300) {
        int n = stream(p.reader, STREAM_READ, STREAM_BUFFER_SIZE);
        if (n <= 0)
            test_fail("reading back the full pipe: %s after %u bytes", error_name(n), seen);
        for (int i = 0; i < n; i++, seen++) {
            unsigned char want = seen < PIPE_CAPACITY ? (unsigned char)(seen % 251)
                                                      : (unsigned char)((seen - PIPE_CAPACITY) % 7 + 1);
            if (p.in[i] != want)
                test_fail("byte %u read back is %u, expected %u", seen, p.in[i], want);
        }
    }
    expect_result("the waiting write took all its bytes", 300, finish_waiting("the waiting write's answer"));
    test_print("a write to a full pipe waits for room and goes in whole");
    expect_result("close the reader", 0, close_end(p.reader));
    expect_result("close the writer", 0, close_end(p.writer));
    if (sys_cap_identify(p.reader) != 0 || sys_cap_identify(p.writer) != 0)
        test_fail("a closed end's capability is still in the client's slot");
    expect_result("a request on a closed end", ERR_INVALID_CAP, stream(p.reader, STREAM_READ, 1));
    test_print("a closed end is gone from its holder");
}

static void check_end_of_file(void)
{
    struct test_pipe p = new_pipe(client_a);
    int second = call_for_cap(p.writer, STREAM_DUP, "STREAM_DUP of the write end");
    unsigned char *second_out = map_end(second, "STREAM_MAP of the second writer");
    expect_result("close the first writer", 0, close_end(p.writer));
    memcpy(second_out, "ab", 2);
    expect_result("write through the second writer", 2, stream(second, STREAM_WRITE, 2));
    expect_result("read with one writer closed", 2, stream(p.reader, STREAM_READ, 10));
    start_waiting(p.reader, STREAM_READ, 10, "a read while a writer is open");
    expect_result("close the last writer", 0, close_end(second));
    expect_result("the waiting reader at end of file", 0, finish_waiting("the waiting read's answer"));
    expect_result("a read after end of file", 0, stream(p.reader, STREAM_READ, 10));
    expect_result("close the reader", 0, close_end(p.reader));
    test_print("a read returns 0 once every writer closed, to a waiting reader too");
}

static void check_no_reader(void)
{
    struct test_pipe p = new_pipe(client_a);
    expect_result("close the reader", 0, close_end(p.reader));
    p.out[0] = 'z';
    expect_result("a write with no reader", ERR_DEAD, stream(p.writer, STREAM_WRITE, 1));
    expect_result("close the writer", 0, close_end(p.writer));

    struct test_pipe q = new_pipe(client_a);
    expect_result("fill the pipe", PIPE_CAPACITY, stream(q.writer, STREAM_WRITE, PIPE_CAPACITY));
    start_waiting(q.writer, STREAM_WRITE, 10, "a write to a full pipe");
    expect_result("close the only reader", 0, close_end(q.reader));
    expect_result("the waiting writer with no reader left", ERR_DEAD, finish_waiting("the waiting write's answer"));
    expect_result("close the writer", 0, close_end(q.writer));
    test_print("a write with no reader gets ERR_DEAD, a waiting writer too");
}

static void check_bad_requests(void)
{
    struct test_pipe p = new_pipe(client_a);
    expect_result("an unknown label", ERR_INVALID, rpc_call(client_a, RPC_BASE_PIPE + 0x50, 0, 0, 0, 0, NULL));
    expect_result("a console label", ERR_INVALID, rpc_call(client_a, RPC_BASE_CONSOLE + 1, 1, 0, 0, 0, NULL));
    expect_result("STREAM_READ on a client badge, not an end", ERR_INVALID, stream(client_a, STREAM_READ, 1));
    expect_result("STREAM_READ on a write end", ERR_INVALID, stream(p.writer, STREAM_READ, 1));
    expect_result("STREAM_WRITE on a read end", ERR_INVALID, stream(p.reader, STREAM_WRITE, 1));
    expect_result("STREAM_WRITE longer than the buffer", ERR_INVALID,
                  stream(p.writer, STREAM_WRITE, STREAM_BUFFER_SIZE + 1));
    expect_result("STREAM_WRITE of 2^32 - 1 bytes", ERR_INVALID, stream(p.writer, STREAM_WRITE, 0xFFFFFFFFu));
    expect_result("STREAM_READ of at most 0 bytes", ERR_INVALID, stream(p.reader, STREAM_READ, 0));
    expect_result("STREAM_WRITE with 3 words", ERR_INVALID, rpc_call(p.writer, STREAM_WRITE, 3, 1, 2, 3, NULL));
    expect_result("STREAM_WRITE with no words", ERR_INVALID, rpc_call(p.writer, STREAM_WRITE, 0, 0, 0, 0, NULL));
    expect_result("PIPE_WRITER on a write end", ERR_INVALID, rpc_call(p.writer, PIPE_WRITER, 0, 0, 0, 0, NULL));
    expect_result("PIPE_CREATE with a capability", ERR_INVALID,
                  rpc_call_long(client_a, PIPE_CREATE, NULL, 0, p.reader, -1, NULL, 0, NULL));
    int unmapped = call_for_cap(p.reader, STREAM_DUP, "STREAM_DUP of the read end");
    expect_result("STREAM_READ before STREAM_MAP", ERR_INVALID, stream(unmapped, STREAM_READ, 1));
    expect_result("close the unmapped end", 0, close_end(unmapped));
    p.out[0] = 'k';
    expect_result("the pipe still works: write", 1, stream(p.writer, STREAM_WRITE, 1));
    expect_result("the pipe still works: read", 1, stream(p.reader, STREAM_READ, 1));
    expect_result("close the reader", 0, close_end(p.reader));
    expect_result("close the writer", 0, close_end(p.writer));
    test_print("malformed requests get ERR_INVALID and the server goes on");
}

static void check_limits(void)
{
    int readers[PIPE_MAX_PER_CLIENT];
    for (unsigned i = 0; i < PIPE_MAX_PER_CLIENT; i++)
        readers[i] = call_for_cap(client_a, PIPE_CREATE, "PIPE_CREATE within the limit");
    int slot = empty_slot();
    expect_result("one pipe more than a client may have", ERR_QUOTA,
                  rpc_call_long(client_a, PIPE_CREATE, NULL, 0, -1, slot, NULL, 0, NULL));
    int other = call_for_cap(client_b, PIPE_CREATE, "PIPE_CREATE by another client meanwhile");
    expect_result("close the other client's pipe", 0, close_end(other));
    for (unsigned i = 0; i < PIPE_MAX_PER_CLIENT; i++)
        expect_result("close a pipe", 0, close_end(readers[i]));
    int again = call_for_cap(client_a, PIPE_CREATE, "PIPE_CREATE after closing them");

    int ends[PIPE_MAX_ENDS_PER_CLIENT + 1];
    unsigned count = 1;
    ends[0] = again;
    int result = 0;
    while (count <= PIPE_MAX_ENDS_PER_CLIENT) {
        ends[count] = empty_slot();
        result = rpc_call_long(again, STREAM_DUP, NULL, 0, -1, ends[count], NULL, 0, NULL);
        if (result < 0)
            break;
        count++;
    }
    expect_result("STREAM_DUP past the client's limit of ends", ERR_QUOTA, result);
    if (count != PIPE_MAX_ENDS_PER_CLIENT)
        test_fail("a client could hold %u ends, expected %u", count, PIPE_MAX_ENDS_PER_CLIENT);
    for (unsigned i = 0; i < count; i++)
        expect_result("close an end", 0, close_end(ends[i]));
    test_print("a client's pipes and ends are limited, and others can still make pipes");
}

static void check_no_leak(void)
{
    struct test_pipe warm = new_pipe(client_a);
    close_end(warm.reader);
    close_end(warm.writer);
    int before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    for (int i = 0; i < 40; i++) {
        struct test_pipe p = new_pipe(i % 2 ? client_a : client_b);
        p.out[0] = (unsigned char)i;
        expect_result("write in a cycle", 1, stream(p.writer, STREAM_WRITE, 1));
        expect_result("read in a cycle", 1, stream(p.reader, STREAM_READ, 1));
        expect_result("close the writer in a cycle", 0, close_end(p.writer));
        expect_result("close the reader in a cycle", 0, close_end(p.reader));
    }
    int after = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    if (after != before)
        test_fail("40 pipes made and closed: frames in use %d before, %d after", before, after);
    test_print("40 pipes made and closed leave the frames in use at %d", after);
}

int main(const struct user_boot_info *info)
{
    expect_result("own IPC buffer", 0, sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("own IPC buffer registered", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS));
    start_pipe_server(info);
    check_bytes_in_order();
    check_end_of_file();
    check_no_reader();
    check_bad_requests();
    check_limits();
    check_no_leak();
    test_print("PASS");
    return 0;
}
