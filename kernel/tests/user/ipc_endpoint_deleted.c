/*
 * ipc_endpoint_deleted - what happens to threads waiting in IPC when an endpoint or a
 * partner goes away.
 *
 * Threads of one task; every endpoint and thread has exactly one capability, so deleting
 * it destroys the object. Each thread records its call's result.
 *   1. Two threads wait in recv on endpoint A; a thread waits in send and another in call
 *      on endpoint B. Deleting A and B wakes all four with ERR_ABORTED.
 *   2. A client calls endpoint C; the server thread receives and then sleeps without
 *      replying. Deleting the server thread's capability kills it: the client's call
 *      returns ERR_ABORTED.
 *   3. A client calls endpoint D; the server receives, then D is deleted. The client, now
 *      waiting for its reply, is not affected: it is still waiting 10 ticks later, and gets
 *      the server's reply (sent with reply_recv on endpoint E) normally.
 *   4. A client calls endpoint F and is killed while the server holds its reply
 *      capability: the server's reply_recv drops the reply silently and goes on to
 *      receive the next message.
 *   5. A thread blocked in recv on G, and one blocked in send on H, are killed: they leave
 *      the queues, so nb_send on G and nb_recv on H find nobody (ERR_WOULD_BLOCK).
 *   6. A server receives a call on I with recv and, without replying, receives a second
 *      call with recv: the first caller's call returns ERR_ABORTED (its reply capability is
 *      gone); the second caller gets the reply the server then sends with reply_recv.
 *
 * The words of steps 3, 4 and 6 are made from the run's seed (test_seed.h), which only the
 * sending side reads; the receiving side prints what it got, and the grader checks it.
 *
 * Expected: exactly the lines of labs/lab3/expected_output.py's endpoint_deleted_lines(seed),
 * one per step, then "ipc_endpoint_deleted: all waiters woke as they should"; exit 0.
 */
#define TEST_NAME "ipc_endpoint_deleted"
#include "test_seed.h"
#include "thread_start.h"
#include "user_test.h"

#define WAIT_TICKS 1000
#define NOT_YET 1 /* a result no call returns: the thread has not returned yet */
#define LABEL_REQUEST 0x20
#define LABEL_REPLY 0x21
#define WORD_REPLY_AFTER_DELETE 1 /* test_seed_word indices of the words steps 3, 4, 6 send */
#define WORD_NEXT_MESSAGE 2
#define WORD_SECOND_REPLY 3

struct waiter {
    int endpoint;            /* the endpoint the thread uses */
    int other;               /* a second endpoint (step 3's reply endpoint) */
    volatile int result;     /* what its IPC call returned, or NOT_YET */
    volatile int result2;    /* the result of a second call, or NOT_YET */
    volatile bool go;        /* set by main: go on to the next call */
    unsigned word;           /* the word its reply sends (made from the seed by main) */
    struct ipc_message message;
    int thread;              /* the slot of its thread capability */
};

static struct waiter waiters[16];
static unsigned waiter_count;
static unsigned seed; /* the run's seed: only the senders' words are made from it */

static void do_recv(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_recv(w->endpoint, &w->message);
}

static void do_send(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_send(w->endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), 1, 0, 0);
}

static void do_call(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_call(w->endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), 2, 0, 0, &w->message);
}

/* Receive a call, wait for main's go, then reply with reply_recv on the other endpoint. */
static void do_serve(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_recv(w->endpoint, &w->message);
    while (!w->go)
        sys_sleep(1);
    w->result2 = sys_reply_recv(w->other, IPC_TAG(LABEL_REPLY, 1, 0), w->word, 0, 0, &w->message);
}

/* Receive two calls with recv, then reply (to the second) with reply_recv. */
static void do_serve_twice(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_recv(w->endpoint, &w->message);
    while (!w->go)
        sys_sleep(1);
    w->result2 = sys_recv(w->endpoint, &w->message);
    sys_reply_recv(w->endpoint, IPC_TAG(LABEL_REPLY, 1, 0), w->word, 0, 0, &w->message);
}

/* Receive a call and never reply. */
static void do_serve_and_sleep(void *arg)
{
    struct waiter *w = arg;
    w->result = sys_recv(w->endpoint, &w->message);
    for (;;)
        sys_sleep(SLEEP_MAX_TICKS);
}

static struct waiter *start(void (*fn)(void *), int endpoint, int other)
{
    struct waiter *w = &waiters[waiter_count++];
    w->endpoint = endpoint;
    w->other = other;
    w->result = w->result2 = NOT_YET;
    w->thread = expect_success("thread_start", thread_start(fn, w, PRIORITY_DEFAULT));
    sys_sleep(2); /* it blocks before the next one starts: queue order is start order */
    return w;
}

static void wait_for(volatile int *result, const char *what)
{
    test_wait_until(*result != NOT_YET, WAIT_TICKS, what);
}

static void expect_waiting(struct waiter *w, const char *what)
{
    if (w->result != NOT_YET)
        test_fail("%s, expected still waiting, seen it return %s (%d)", what,
                  error_name(w->result), w->result);
}

static void expect_woken(struct waiter *w, int expected, const char *what)
{
    wait_for(&w->result, what);
    expect_result(what, expected, w->result);
}

static void kill_thread(struct waiter *w, const char *what)
{
    expect_result(what, 0, sys_cap_delete(w->thread));
}

static int endpoint(void) { return expect_success("endpoint_create", sys_endpoint_create()); }

static void deleting_endpoints_wakes_their_waiters(void)
{
    int a = endpoint(), b = endpoint();
    struct waiter *r1 = start(do_recv, a, 0), *r2 = start(do_recv, a, 0);
    struct waiter *s = start(do_send, b, 0), *c = start(do_call, b, 0);
    sys_sleep(5);
    expect_waiting(r1, "a receiver on A before A is deleted");
    expect_waiting(c, "a caller on B before B is deleted");
    expect_result("cap_delete of A's only capability", 0, sys_cap_delete(a));
    expect_result("cap_delete of B's only capability", 0, sys_cap_delete(b));
    expect_woken(r1, ERR_ABORTED, "the first receiver on the deleted endpoint A");
    expect_woken(r2, ERR_ABORTED, "the second receiver on the deleted endpoint A");
    expect_woken(s, ERR_ABORTED, "the sender on the deleted endpoint B");
    expect_woken(c, ERR_ABORTED, "the caller on the deleted endpoint B");
    expect_result("cap_identify of A's slot", 0, sys_cap_identify(a));
    test_print("deleting endpoints woke 2 receivers, a sender and a caller: ERR_ABORTED");
}

static void a_dead_server_aborts_its_caller(void)
{
    int c = endpoint();
    struct waiter *server = start(do_serve_and_sleep, c, 0);
    struct waiter *client = start(do_call, c, 0);
    expect_woken(server, 0, "the server's receive of the call");
    expect_waiting(client, "the caller while the server holds its call");
    kill_thread(server, "cap_delete of the server thread's only capability");
    expect_woken(client, ERR_ABORTED, "the caller whose server was killed");
    test_print("the caller of a killed server: ERR_ABORTED");
}

static void deleting_the_endpoint_leaves_callers_awaiting_replies(void)
{
    int d = endpoint(), e = endpoint();
    struct waiter *server = start(do_serve, d, e);
    server->word = test_seed_word(seed, WORD_REPLY_AFTER_DELETE);
    struct waiter *client = start(do_call, d, 0);
    expect_woken(server, 0, "the server's receive of the call on D");
    expect_result("cap_delete of D's only capability", 0, sys_cap_delete(d));
    sys_sleep(10);
    expect_waiting(client, "the caller waiting for its reply after D was deleted");
    server->go = true;
    expect_woken(client, 0, "the caller's call, answered after D was deleted");
    if (client->message.tag != IPC_TAG(LABEL_REPLY, 1, 0))
        test_fail("the reply, expected tag 0x%x, seen tag 0x%x", IPC_TAG(LABEL_REPLY, 1, 0),
                  client->message.tag);
    test_print("deleting the endpoint left a caller awaiting its reply alone; the reply came: %08x",
               client->message.words[0]);
}

static void a_reply_to_a_dead_caller_is_dropped(void)
{
    int f = endpoint();
    struct waiter *server = start(do_serve, f, f);
    struct waiter *client = start(do_call, f, 0);
    expect_woken(server, 0, "the server's receive of the call on F");
    kill_thread(client, "cap_delete of the caller's only capability");
    server->go = true;
    expect_result("send to the server after its caller died", 0,
                  sys_send(f, IPC_TAG(LABEL_REQUEST, 1, 0), test_seed_word(seed, WORD_NEXT_MESSAGE),
                           0, 0));
    expect_woken(server, 0, "the server's first receive");
    wait_for(&server->result2, "the server's reply_recv after its caller died");
    expect_result("the server's reply_recv after its caller died", 0, server->result2);
    test_print("a reply to a killed caller was dropped; the server received the next message: %08x",
               server->message.words[0]);
}

static void killed_waiters_leave_the_queues(void)
{
    int g = endpoint(), h = endpoint();
    struct waiter *receiver = start(do_recv, g, 0);
    struct waiter *sender = start(do_send, h, 0);
    sys_sleep(5);
    kill_thread(receiver, "cap_delete of a receiver blocked on G");
    kill_thread(sender, "cap_delete of a sender blocked on H");
    expect_result("nb_send on G after its receiver was killed", ERR_WOULD_BLOCK,
                  sys_nb_send(g, IPC_TAG(LABEL_REQUEST, 0, 0), 0, 0, 0));
    struct ipc_message m;
    expect_result("nb_recv on H after its sender was killed", ERR_WOULD_BLOCK, sys_nb_recv(h, &m));
    test_print("killed waiters left the queues: nb_send and nb_recv found nobody");
}

static void a_second_recv_drops_the_first_reply(void)
{
    int i = endpoint();
    struct waiter *server = start(do_serve_twice, i, 0);
    server->word = test_seed_word(seed, WORD_SECOND_REPLY);
    struct waiter *first = start(do_call, i, 0);
    expect_woken(server, 0, "the server's receive of the first call");
    struct waiter *second = start(do_call, i, 0);
    expect_waiting(first, "the first caller before the server's second receive");
    server->go = true;
    wait_for(&server->result2, "the server's second receive");
    expect_result("the server's second receive", 0, server->result2);
    expect_woken(first, ERR_ABORTED, "the first caller, whose reply the server dropped");
    expect_woken(second, 0, "the second caller");
    test_print("a second recv dropped the first caller's reply: ERR_ABORTED; the second got its "
               "reply: %08x", second->message.words[0]);
}

int main(const struct user_boot_info *info)
{
    seed = test_seed(info);
    deleting_endpoints_wakes_their_waiters();
    a_dead_server_aborts_its_caller();
    deleting_the_endpoint_leaves_callers_awaiting_replies();
    a_reply_to_a_dead_caller_is_dropped();
    killed_waiters_leave_the_queues();
    a_second_recv_drops_the_first_reply();
    test_print("all waiters woke as they should");
    return 0;
}
