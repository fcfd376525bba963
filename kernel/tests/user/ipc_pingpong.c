/*
 * ipc_pingpong - call and reply_recv between two tasks (two address spaces).
 *
 * The root task creates an endpoint, starts a second copy of this program as a child task
 * (elf_spawn_suspended of its own boot module; the copy's main gets info == NULL, which
 * tells it it is the server), and gives it a read-only capability to the endpoint in its
 * slot 2. The root keeps a write-only capability minted with badge 0x1234 and makes 1000
 * calls on it: label PING, words made from the run's seed (test_seed.h: words 3i, 3i+1 and
 * 3i+2 of the run), which only the root reads. The server receives once, then loops in
 * reply_recv, answering each request with label PONG and every word plus one; it checks
 * that every request carries badge 0x1234, label PING and length 3. Every 10 round trips
 * the root sleeps one tick, so that the kernel's trace ring drains and no record is lost.
 *
 * Expected: every reply has badge 0, tag IPC_TAG(PONG, 3, 0) and each word the request's
 * plus one; the server prints "ipc_pingpong: server: 1000 requests, all with badge 0x1234,
 * digest D" (D: test_digest_add over the words it received) and the root "ipc_pingpong:
 * 1000 round trips, every reply was the request plus one, digest D'" (over the words of the
 * replies), then exits 0: the lines of labs/lab3/expected_output.py's pingpong_lines(seed),
 * which the grader checks.
 * The trace (checked from pytest) has an ipc_send per call, an ipc_recv per request whose
 * msg is that of an earlier ipc_send, and an ipc_reply per answer.
 */
#define TEST_NAME "ipc_pingpong"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "test_seed.h"
#include "user_test.h"

#define ROUNDS 1000
#define DRAIN_EVERY 10
#define LABEL_PING 0x50
#define LABEL_PONG 0x51
#define LABEL_BAD 0x52
#define CLIENT_BADGE 0x1234
#define CHILD_ENDPOINT 2 /* the server's endpoint capability, in the child's space */
#define CHILD_QUOTA (128 * 1024)

/* The child: answer every request with its words plus one. A bad request gets LABEL_BAD
 * (the server cannot stop the machine; the root reports the failure). */
static int server(void)
{
    struct ipc_message m;
    int result = sys_recv(CHILD_ENDPOINT, &m);
    unsigned digest = TEST_DIGEST_START;
    for (unsigned served = 1;; served++) {
        if (result < 0) {
            test_print("FAIL: server: receive, expected success, seen %s (%d)",
                       error_name(result), result);
            return 1;
        }
        bool good = m.badge == CLIENT_BADGE && m.tag == IPC_TAG(LABEL_PING, 3, 0);
        for (unsigned i = 0; i < 3; i++)
            digest = test_digest_add(digest, m.words[i]);
        if (served == ROUNDS)
            test_print("server: %u requests, all with badge 0x%x, digest %08x", served,
                       CLIENT_BADGE, digest);
        result = sys_reply_recv(CHILD_ENDPOINT, IPC_TAG(good ? LABEL_PONG : LABEL_BAD, 3, 0),
                                m.words[0] + 1, m.words[1] + 1, m.words[2] + 1, &m);
    }
}

/* The lowest empty slot from 2 up. */
static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return server();

    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int client = free_slot();
    expect_result("cap_mint of the client's badged write-only cap", 0,
                  sys_cap_mint(endpoint, CAP_SELF_TASK, client, RIGHT_WRITE, CLIENT_BADGE));

    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int task, thread;
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "pingpong_srv",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("cap_mint of a read-only endpoint cap into the child", 0,
                  sys_cap_mint(endpoint, task, CHILD_ENDPOINT, RIGHT_READ, 0));
    expect_result("thread_resume of the server", 0, sys_thread_resume(thread));
    test_print("server task started; %u calls follow", ROUNDS);

    const unsigned seed = test_seed(info);
    unsigned digest = TEST_DIGEST_START;
    for (unsigned i = 0; i < ROUNDS; i++) {
        struct ipc_message reply;
        unsigned w[3];
        for (unsigned k = 0; k < 3; k++)
            w[k] = test_seed_word(seed, 3 * i + k);
        int result = sys_call(client, IPC_TAG(LABEL_PING, 3, 0), w[0], w[1], w[2], &reply);
        if (result != 0)
            test_fail("call %u, expected 0, seen %s (%d)", i, error_name(result), result);
        if (IPC_TAG_LABEL(reply.tag) == LABEL_BAD)
            test_fail("call %u: the server saw a bad request (badge or tag wrong)", i);
        if (reply.tag != IPC_TAG(LABEL_PONG, 3, 0) || reply.badge != 0)
            test_fail("reply %u, expected tag 0x%x badge 0, seen tag 0x%x badge 0x%x", i,
                      IPC_TAG(LABEL_PONG, 3, 0), reply.tag, reply.badge);
        if (reply.words[0] != w[0] + 1 || reply.words[1] != w[1] + 1 || reply.words[2] != w[2] + 1)
            test_fail("reply %u, expected words 0x%x 0x%x 0x%x, seen 0x%x 0x%x 0x%x", i, w[0] + 1,
                      w[1] + 1, w[2] + 1, reply.words[0], reply.words[1], reply.words[2]);
        for (unsigned k = 0; k < 3; k++)
            digest = test_digest_add(digest, reply.words[k]);
        if ((i + 1) % DRAIN_EVERY == 0)
            sys_sleep(1); /* the idle thread drains the trace ring */
    }
    test_print("%u round trips, every reply was the request plus one, digest %08x", ROUNDS,
               digest);
    return 0;
}
