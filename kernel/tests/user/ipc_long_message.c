/*
 * ipc_long_message - messages of more than three words go through the IPC buffers.
 *
 * Threads of one task, each with its own IPC buffer page unless said otherwise:
 *   1. The main thread calls the server thread with a 64-word message (IPC_MAX_WORDS):
 *      words 0..2 in registers, 3..63 from its buffer. The server checks the tag (length
 *      64), the register words, the copies of words 0..2 the kernel put in its buffer, and
 *      words 3..63 one by one, then replies with 64 other words, which the main thread
 *      checks the same way.
 *   2. Tags of length 65 and 127 (above IPC_MAX_WORDS) are refused with ERR_INVALID by
 *      call, send and nb_send, while the server waits.
 *   3. A thread without an IPC buffer receives a 10-word message: it gets the three
 *      register words and a tag whose length says 3.
 *   4. That thread, still without a buffer, sends a 4-word message: ERR_INVALID at once
 *      (a blocking send: nobody receives, so it would hang if accepted).
 *
 * Expected: one "ipc_long_message: ..." line per step, then
 * "ipc_long_message: all long-message checks passed"; exit 0.
 */
#define TEST_NAME "ipc_long_message"
#include "thread_start.h"
#include "user_test.h"

#define CLIENT_BUFFER 0x50000000u
#define SERVER_BUFFER 0x50001000u
#define LABEL_LONG 0x600
#define LABEL_LONG_REPLY 0x601
#define LABEL_SHORT 0x602
#define WAIT_TICKS 1000

static int endpoint, bare_endpoint;
static volatile unsigned server_checked, bare_state;
static volatile int bare_receive_result = 1, bare_send_result = 1;
static struct ipc_message bare_message;

static unsigned word(unsigned seed, unsigned i) { return seed ^ (i * 0x9E3779B9u) ^ (i << 24); }

/* The index of the first wrong word of a message, or IPC_MAX_WORDS if all are right. */
static unsigned first_wrong(const struct ipc_message *m, const struct ipc_buffer *b,
                            unsigned seed)
{
    for (unsigned i = 0; i < IPC_REGISTER_WORDS; i++)
        if (m->words[i] != word(seed, i) || b->words[i] != word(seed, i))
            return i;
    for (unsigned i = IPC_REGISTER_WORDS; i < IPC_MAX_WORDS; i++)
        if (b->words[i] != word(seed, i))
            return i;
    return IPC_MAX_WORDS;
}

static void fill(struct ipc_buffer *b, unsigned seed)
{
    for (unsigned i = 0; i < IPC_MAX_WORDS; i++)
        b->words[i] = word(seed, i);
}

static void server(void *unused)
{
    (void)unused;
    struct ipc_buffer *b = (struct ipc_buffer *)SERVER_BUFFER;
    struct ipc_message m;
    expect_result("the server's receive", 0, sys_recv(endpoint, &m));
    if (m.tag != IPC_TAG(LABEL_LONG, IPC_MAX_WORDS, 0))
        test_fail("the request's tag, expected 0x%x, seen 0x%x",
                  IPC_TAG(LABEL_LONG, IPC_MAX_WORDS, 0), m.tag);
    unsigned wrong = first_wrong(&m, b, 0xAAAA0000u);
    if (wrong < IPC_MAX_WORDS)
        test_fail("request word %u, expected 0x%x, seen 0x%x (register) 0x%x (buffer)", wrong,
                  word(0xAAAA0000u, wrong), wrong < 3 ? m.words[wrong] : 0, b->words[wrong]);
    server_checked = 1;
    fill(b, 0x55550000u);
    /* Reply, then wait on the endpoint for nothing: step 2's bad calls must not reach us. */
    int result = sys_reply_recv(endpoint, IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0),
                                b->words[0], b->words[1], b->words[2], &m);
    test_fail("the server's second receive, expected to wait forever, seen %s (%d) tag 0x%x",
              error_name(result), result, m.tag);
}

/* A thread without an IPC buffer. */
static void bare(void *unused)
{
    (void)unused;
    bare_receive_result = sys_recv(bare_endpoint, &bare_message);
    bare_state = 1;
    bare_send_result = sys_send(bare_endpoint, IPC_TAG(LABEL_SHORT, 4, 0), 1, 2, 3);
    bare_state = 2;
}

static void wait_until(volatile unsigned *flag, unsigned value, const char *what)
{
    test_wait_until(*flag >= value, WAIT_TICKS, what);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    bare_endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("task_map_anon of the buffers", 0,
                  sys_task_map_anon(CAP_SELF_TASK, CLIENT_BUFFER, 2, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of the main thread", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, CLIENT_BUFFER));
    int server_thread = expect_success("thread_new", thread_new(server, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of the server", 0,
                  sys_thread_set_ipc_buffer(server_thread, SERVER_BUFFER));
    expect_result("thread_resume of the server", 0, sys_thread_resume(server_thread));

    /* 1. 64 words each way. */
    struct ipc_buffer *b = (struct ipc_buffer *)CLIENT_BUFFER;
    fill(b, 0xAAAA0000u);
    struct ipc_message reply;
    expect_result("call with 64 words", 0,
                  sys_call(endpoint, IPC_TAG(LABEL_LONG, IPC_MAX_WORDS, 0), b->words[0],
                           b->words[1], b->words[2], &reply));
    expect_result("the server's checks of the request", 1, (int)server_checked);
    if (reply.tag != IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0) || reply.badge != 0)
        test_fail("the reply's tag and badge, expected 0x%x and 0, seen 0x%x and %u",
                  IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0), reply.tag, reply.badge);
    unsigned wrong = first_wrong(&reply, b, 0x55550000u);
    if (wrong < IPC_MAX_WORDS)
        test_fail("reply word %u, expected 0x%x, seen 0x%x (buffer)", wrong,
                  word(0x55550000u, wrong), b->words[wrong]);
    test_print("64 words each way through the IPC buffers, every word right");

    /* 2. Too long. The server is waiting in reply_recv's receive. */
    sys_sleep(2);
    const unsigned too_long[] = { IPC_MAX_WORDS + 1, IPC_TAG_LENGTH_MASK };
    for (unsigned i = 0; i < 2; i++) {
        unsigned tag = IPC_TAG(LABEL_LONG, too_long[i], 0);
        expect_result("call with a tag longer than IPC_MAX_WORDS", ERR_INVALID,
                      sys_call(endpoint, tag, 0, 0, 0, &reply));
        expect_result("send with a tag longer than IPC_MAX_WORDS", ERR_INVALID,
                      sys_send(endpoint, tag, 0, 0, 0));
        expect_result("nb_send with a tag longer than IPC_MAX_WORDS", ERR_INVALID,
                      sys_nb_send(endpoint, tag, 0, 0, 0));
    }
    test_print("lengths %u and %u: ERR_INVALID from call, send and nb_send", too_long[0],
               too_long[1]);

    /* 3. A receiver without a buffer gets the register words only. */
    expect_success("thread_start of the thread without a buffer",
                   thread_start(bare, NULL, PRIORITY_DEFAULT));
    fill(b, 0x12340000u);
    expect_result("send of 10 words to a receiver without a buffer", 0,
                  sys_send(bare_endpoint, IPC_TAG(LABEL_SHORT, 10, 0), b->words[0], b->words[1],
                           b->words[2]));
    wait_until(&bare_state, 1, "the receive of the thread without a buffer");
    expect_result("the receive of the thread without a buffer", 0, bare_receive_result);
    if (bare_message.tag != IPC_TAG(LABEL_SHORT, IPC_REGISTER_WORDS, 0))
        test_fail("the tag at a receiver without a buffer, expected 0x%x (length 3), seen 0x%x",
                  IPC_TAG(LABEL_SHORT, IPC_REGISTER_WORDS, 0), bare_message.tag);
    for (unsigned i = 0; i < IPC_REGISTER_WORDS; i++)
        if (bare_message.words[i] != word(0x12340000u, i))
            test_fail("word %u at a receiver without a buffer, expected 0x%x, seen 0x%x", i,
                      word(0x12340000u, i), bare_message.words[i]);
    test_print("a receiver without a buffer got the 3 register words, tag length 3");

    /* 4. A sender without a buffer cannot send 4 words. */
    wait_until(&bare_state, 2, "the send of the thread without a buffer");
    expect_result("send of 4 words from a thread without a buffer", ERR_INVALID,
                  bare_send_result);
    test_print("a sender without a buffer: 4 words are ERR_INVALID");
    test_print("all long-message checks passed");
    return 0;
}
