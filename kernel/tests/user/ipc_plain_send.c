/*
 * ipc_plain_send - a plain send (not a call) returns as soon as its message is taken.
 *
 * Threads of one task. The words sent are made from the run's seed (test_seed.h), which
 * only the sender reads; the main thread, the receiver, prints what it got, and the grader
 * checks the words against the seed.
 *   1. A sender thread sends SENDS messages in a row on an endpoint nobody receives on yet,
 *      so each send finds no receiver and waits in the queue of senders. For each one the
 *      main thread receives with recv, and the sender's send must return 0 soon after:
 *      nobody else will ever wake it, since a plain send waits for no reply.
 *   2. The main thread waits in recv first; a sender thread's send finds it, hands its word
 *      over and returns 0 without waiting.
 *
 * Expected: exactly the lines of labs/lab3/expected_output.py's plain_send_lines(seed), one
 * per message received, then "ipc_plain_send: every plain sender returned once its message
 * was taken"; exit 0.
 */
#define TEST_NAME "ipc_plain_send"
#include "test_seed.h"
#include "thread_start.h"
#include "user_test.h"

#define SENDS 3
#define SETTLE_TICKS 5
#define WAIT_TICKS 200     /* ticks a woken sender may take to return */
#define LABEL_WORD 0x40

static int endpoint;
static unsigned seed;
static volatile unsigned sends_returned; /* how many of the sender's sends returned 0 */
static volatile int send_result = 1;

static void sender(void *unused)
{
    (void)unused;
    for (unsigned i = 0; i < SENDS; i++) {
        int result = sys_send(endpoint, IPC_TAG(LABEL_WORD, 1, 0), test_seed_word(seed, i), 0, 0);
        if (result != 0) {
            send_result = result;
            return;
        }
        sends_returned = i + 1;
    }
}

static void late_sender(void *unused)
{
    (void)unused;
    sys_sleep(SETTLE_TICKS);
    send_result = sys_send(endpoint, IPC_TAG(LABEL_WORD, 1, 0), test_seed_word(seed, SENDS), 0, 0);
}

static void expect_word(const struct ipc_message *m, const char *what)
{
    if (m->tag != IPC_TAG(LABEL_WORD, 1, 0) || m->badge != 0)
        test_fail("%s, expected tag 0x%x badge 0, seen tag 0x%x badge %u", what,
                  IPC_TAG(LABEL_WORD, 1, 0), m->tag, m->badge);
}

int main(const struct user_boot_info *info)
{
    seed = test_seed(info);
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_success("thread_start of the sender", thread_start(sender, NULL, PRIORITY_DEFAULT));

    /* 1. The sender waits each time; recv must wake it. */
    for (unsigned i = 0; i < SENDS; i++) {
        sys_sleep(SETTLE_TICKS); /* the sender is in the queue of senders by now */
        if (sends_returned != i)
            test_fail("send %u, expected to wait for a receiver, seen it return", i);
        struct ipc_message m;
        expect_result("recv of a waiting sender's message", 0, sys_recv(endpoint, &m));
        expect_word(&m, "the message of a waiting sender");
        test_print("received %08x from a waiting sender", m.words[0]);
        if (send_result != 1)
            test_fail("the sender's send %u, expected 0, seen %s (%d)", i, error_name(send_result),
                      send_result);
        test_wait_until(sends_returned == i + 1, WAIT_TICKS,
                        "the waiting sender's send returning once recv took its message");
    }

    /* 2. The receiver waits; send hands over and returns. */
    send_result = 1;
    expect_success("thread_start of the late sender", thread_start(late_sender, NULL, PRIORITY_DEFAULT));
    struct ipc_message m;
    expect_result("recv before the sender comes", 0, sys_recv(endpoint, &m));
    expect_word(&m, "the message of a sender that found the receiver waiting");
    test_wait_until(send_result != 1, WAIT_TICKS, "the send to a waiting receiver returning");
    expect_result("the send to a waiting receiver", 0, send_result);
    test_print("received %08x from a sender that found the receiver waiting", m.words[0]);
    test_print("every plain sender returned once its message was taken");
    return 0;
}
