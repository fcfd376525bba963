/*
 * sched_handoff_order - the general IPC path hands the CPU straight to the thread it woke
 * only when the scheduler would have picked that thread anyway (sched.c's hand-off).
 *
 * All threads have the same priority. Main (the client C) and the server S both have IPC
 * buffers and send messages of LONG_MESSAGE words, more than the registers hold, so neither
 * call nor reply_recv can take the fast path (whose by-design shortcut would run the
 * partner at once). S waits in recv on an endpoint.
 *
 *   call:  main starts B, which is then ready, and calls S. The scheduler takes threads of
 *          one priority in the order they became ready: B (ready first) runs before S.
 *          S answers with what it saw of B's flag.
 *   reply: S starts B2, then answers in reply_recv. B2 (ready first) runs before main.
 *          Main checks B2's flag as soon as its call returns.
 *
 * Expected: the reply's word 0 is 1 (B ran before S), B2's flag is set when the call
 * returns (B2 ran before main), and the program prints "handoff order kept" and exits 0.
 */
#define TEST_NAME "sched_handoff_order"
#include "thread_start.h"
#include "user_test.h"

#define ENDPOINT_SLOT_NONE (-1)
#define CLIENT_BUFFER 0x50000000u
#define SERVER_BUFFER 0x50001000u
#define LABEL_ASK 7
#define LONG_MESSAGE (IPC_REGISTER_WORDS + 1) /* a word in the IPC buffer: no fast path */

static volatile int endpoint = ENDPOINT_SLOT_NONE;
static volatile int b2_slot;
static volatile bool b_ran, b2_ran, b2_ran_before_reply, server_ready;

static void thread_b(void *unused)
{
    (void)unused;
    b_ran = true;
}

static void thread_b2(void *unused)
{
    (void)unused;
    b2_ran = true;
}

static void server(void *unused)
{
    (void)unused;
    struct ipc_message m;
    server_ready = true;
    if (sys_recv(endpoint, &m) != 0)
        return;
    bool saw_b = b_ran;
    sys_thread_resume(b2_slot); /* B2 is ready now, before our reply wakes main */
    b2_ran_before_reply = b2_ran;
    sys_reply_recv(endpoint, IPC_TAG(LABEL_ASK, LONG_MESSAGE, 0), saw_b, 0, 0, &m);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("task_map_anon of the IPC buffers", 0,
                  sys_task_map_anon(CAP_SELF_TASK, CLIENT_BUFFER, 2, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of main", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, CLIENT_BUFFER));
    int s = expect_success("thread_new S", thread_new(server, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of S", 0, sys_thread_set_ipc_buffer(s, SERVER_BUFFER));
    b2_slot = expect_success("thread_new B2", thread_new(thread_b2, NULL, PRIORITY_DEFAULT));
    int b = expect_success("thread_new B", thread_new(thread_b, NULL, PRIORITY_DEFAULT));
    expect_result("thread_resume S", 0, sys_thread_resume(s));
    test_wait_until(server_ready, 100, "S started"); /* and blocked in recv while we slept */

    expect_result("thread_resume B", 0, sys_thread_resume(b));
    struct ipc_message reply;
    expect_result("call", 0, sys_call(endpoint, IPC_TAG(LABEL_ASK, LONG_MESSAGE, 0), 0, 0, 0, &reply));
    bool b2_before_main = b2_ran;
    if (reply.words[0] != 1)
        test_fail("B's flag when S received the call, expected 1 (B was ready first and runs "
                  "first), seen %u: the call handed the CPU to S past a ready thread",
                  reply.words[0]);
    if (b2_ran_before_reply)
        test_fail("B2 ran inside S's time, expected only once S blocked");
    if (!b2_before_main)
        test_fail("B2's flag when the call returned, expected set (B2 was ready before the "
                  "reply woke main), seen clear: the reply handed the CPU to main past B2");
    test_print("handoff order kept");
    return 0;
}
