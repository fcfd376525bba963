/*
 * ipc_nonblocking - nb_send and nb_recv never wait, and change nothing when nobody waits.
 *
 * Threads of one task. The words sent are made from the run's seed (test_seed.h), which
 * only the sending side reads; the receiving side prints what it got, and the grader checks
 * the words against the seed.
 *   1. nb_send on endpoint A with nobody waiting: ERR_WOULD_BLOCK. A receiver thread then
 *      calls recv on A: it must still be waiting SETTLE_TICKS later, since nb_send must
 *      leave no sender in A's queue. The main thread sends word 0 with send; the receiver
 *      gets it.
 *   2. nb_recv on endpoint B with nobody waiting: ERR_WOULD_BLOCK. A sender thread then
 *      sends word 1 on B: it must still be waiting SETTLE_TICKS later, since nb_recv must
 *      leave no receiver in B's queue. The main thread receives the word with recv, and the
 *      sender's send returns 0.
 *   3. A receiver waits in recv on C: nb_send of word 2 finds it and returns 0 at once.
 *   4. A sender waits in send on D with word 3: nb_recv takes the message at once (0), and
 *      the sender's send returns 0.
 *
 * Expected: exactly the lines of labs/lab3/expected_output.py's nonblocking_lines(seed),
 * one per step with the word received, then "ipc_nonblocking: nb_send and nb_recv never
 * waited and left the queues alone"; exit 0.
 */
#define TEST_NAME "ipc_nonblocking"
#include "test_seed.h"
#include "thread_start.h"
#include "user_test.h"

#define SETTLE_TICKS 5     /* time for a wrongly matched thread to return */
#define WAIT_TICKS 1000
#define NOT_YET 1          /* a result no call returns: the thread has not returned yet */
#define LABEL_WORD 0x30

struct peer {
    int endpoint;
    unsigned word;           /* what a sender sends (made from the seed by main) */
    volatile int result;     /* what its send or recv returned, or NOT_YET */
    struct ipc_message message;
};

static struct peer peers[4];

static void do_recv(void *arg)
{
    struct peer *p = arg;
    p->result = sys_recv(p->endpoint, &p->message);
}

static void do_send(void *arg)
{
    struct peer *p = arg;
    p->result = sys_send(p->endpoint, IPC_TAG(LABEL_WORD, 1, 0), p->word, 0, 0);
}

static struct peer *start(struct peer *p, void (*fn)(void *), unsigned word)
{
    p->endpoint = expect_success("endpoint_create", sys_endpoint_create());
    p->word = word;
    p->result = NOT_YET;
    expect_success("thread_start", thread_start(fn, p, PRIORITY_DEFAULT));
    return p;
}

static void expect_still_waiting(struct peer *p, const char *what)
{
    sys_sleep(SETTLE_TICKS);
    if (p->result != NOT_YET)
        test_fail("%s, expected still waiting, seen it return %s (%d) with tag 0x%x word 0x%x",
                  what, error_name(p->result), p->result, p->message.tag, p->message.words[0]);
}

static void expect_returned(struct peer *p, const char *what)
{
    test_wait_until(p->result != NOT_YET, WAIT_TICKS, what);
    expect_result(what, 0, p->result);
}

static void expect_word_message(const struct ipc_message *m, const char *what)
{
    if (m->tag != IPC_TAG(LABEL_WORD, 1, 0))
        test_fail("%s, expected tag 0x%x, seen 0x%x", what, IPC_TAG(LABEL_WORD, 1, 0), m->tag);
}

int main(const struct user_boot_info *info)
{
    const unsigned seed = test_seed(info);
    struct ipc_message m;

    /* 1. */
    int a = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("nb_send on A with nobody waiting", ERR_WOULD_BLOCK,
                  sys_nb_send(a, IPC_TAG(LABEL_WORD, 1, 0), 0, 0, 0));
    struct peer *receiver = &peers[0];
    receiver->endpoint = a;
    receiver->result = NOT_YET;
    expect_success("thread_start", thread_start(do_recv, receiver, PRIORITY_DEFAULT));
    expect_still_waiting(receiver, "a receiver on A after nb_send on A returned ERR_WOULD_BLOCK");
    expect_result("send on A", 0, sys_send(a, IPC_TAG(LABEL_WORD, 1, 0), test_seed_word(seed, 0), 0, 0));
    expect_returned(receiver, "the receive on A");
    expect_word_message(&receiver->message, "the message received on A");
    test_print("nb_send with nobody waiting: ERR_WOULD_BLOCK, no sender left behind; "
               "the receiver got %08x", receiver->message.words[0]);

    /* 2. */
    int b = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("nb_recv on B with nobody waiting", ERR_WOULD_BLOCK, sys_nb_recv(b, &m));
    struct peer *sender = &peers[1];
    sender->endpoint = b;
    sender->word = test_seed_word(seed, 1);
    sender->result = NOT_YET;
    expect_success("thread_start", thread_start(do_send, sender, PRIORITY_DEFAULT));
    expect_still_waiting(sender, "a sender on B after nb_recv on B returned ERR_WOULD_BLOCK");
    expect_result("recv on B", 0, sys_recv(b, &m));
    expect_word_message(&m, "the message received on B");
    expect_returned(sender, "the send on B, once recv took its message (a plain send waits for "
                            "no reply: recv must wake it)");
    test_print("nb_recv with nobody waiting: ERR_WOULD_BLOCK, no receiver left behind; "
               "recv got %08x", m.words[0]);

    /* 3. */
    receiver = start(&peers[2], do_recv, 0);
    sys_sleep(SETTLE_TICKS);
    expect_result("nb_send on C to a waiting receiver", 0,
                  sys_nb_send(receiver->endpoint, IPC_TAG(LABEL_WORD, 1, 0), test_seed_word(seed, 2), 0, 0));
    expect_returned(receiver, "the receive on C");
    expect_word_message(&receiver->message, "the message received on C");
    test_print("nb_send to a waiting receiver: delivered; the receiver got %08x",
               receiver->message.words[0]);

    /* 4. */
    sender = start(&peers[3], do_send, test_seed_word(seed, 3));
    sys_sleep(SETTLE_TICKS);
    expect_result("nb_recv on D from a waiting sender", 0, sys_nb_recv(sender->endpoint, &m));
    expect_word_message(&m, "the message received on D");
    expect_returned(sender, "the send on D, once nb_recv took its message");
    test_print("nb_recv from a waiting sender: taken; nb_recv got %08x", m.words[0]);
    test_print("nb_send and nb_recv never waited and left the queues alone");
    return 0;
}
