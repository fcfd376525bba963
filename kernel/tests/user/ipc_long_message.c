/*
 * ipc_long_message - messages of more than three words go through the IPC buffers.
 *
 * Threads of one task, each with its own IPC buffer page unless said otherwise. The words
 * sent are made from the run's seed (test_seed.h), which only the sending side reads; the
 * receiving side prints what it got, and the grader checks it against the words it knows.
 *   1. The main thread calls the server thread with a 64-word message (IPC_MAX_WORDS):
 *      words 0..2 in registers, 3..63 from its buffer. The server checks the tag (length
 *      64) and that the copies of words 0..2 the kernel put in its buffer match the register
 *      words, prints the 64 words, then replies with 64 other words, which the main thread
 *      checks and prints the same way.
 *   2. Tags of length 65 and 127 (above IPC_MAX_WORDS) are refused with ERR_INVALID by
 *      call, send and nb_send, while the server waits.
 *   3. A thread without an IPC buffer receives a 10-word message: it gets the three
 *      register words (printed) and a tag whose length says 3.
 *   4. That thread, still without a buffer, sends a 4-word message: ERR_INVALID at once
 *      (a blocking send: nobody receives, so it would hang if accepted).
 *
 * Expected: exactly the lines labs/lab3/expected_output.py's long_message_lines(seed) lists
 * (words of the request, words of the reply, one line per step), the last one
 * "ipc_long_message: all long-message checks passed"; exit 0.
 */
#define TEST_NAME "ipc_long_message"
#include "test_seed.h"
#include "thread_start.h"
#include "user_test.h"

#define CLIENT_BUFFER 0x50000000u
#define SERVER_BUFFER 0x50001000u
#define LABEL_LONG 0x600
#define LABEL_LONG_REPLY 0x601
#define LABEL_SHORT 0x602
#define WAIT_TICKS 1000
#define WORDS_PER_LINE 8
#define REQUEST_WORDS 0   /* the request is test_seed_word(seed, 0..63) */
#define REPLY_WORDS 64    /* the reply 64..127 */
#define BARE_WORDS 128    /* the message to the thread without a buffer 128..137 */
#define BARE_LENGTH 10

static int endpoint, bare_endpoint;
static unsigned server_seed; /* the seed, for the server's reply (it never reads the request's) */
static volatile unsigned server_checked, bare_state;
static volatile int bare_receive_result = 1, bare_send_result = 1;
static struct ipc_message bare_message;

/* Check that the kernel copied the register words into the buffer too, then print the
 * message's 64 words, WORDS_PER_LINE a line: the grader checks them. */
static void check_and_print(const char *which, const struct ipc_message *m,
                            const struct ipc_buffer *b)
{
    for (unsigned i = 0; i < IPC_REGISTER_WORDS; i++)
        if (m->words[i] != b->words[i])
            test_fail("%s word %u, expected the same in the register and the buffer, seen "
                      "0x%x (register) 0x%x (buffer)", which, i, m->words[i], b->words[i]);
    for (unsigned first = 0; first < IPC_MAX_WORDS; first += WORDS_PER_LINE) {
        const unsigned *w = &b->words[first];
        test_print("%s words %u-%u: %08x %08x %08x %08x %08x %08x %08x %08x", which, first,
                   first + WORDS_PER_LINE - 1, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
    }
}

static void fill(struct ipc_buffer *b, unsigned seed, unsigned first, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        b->words[i] = test_seed_word(seed, first + i);
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
    check_and_print("request", &m, b);
    server_checked = 1;
    fill(b, server_seed, REPLY_WORDS, IPC_MAX_WORDS);
    /* Reply, then wait on the endpoint for nothing: step 2's bad calls must not reach us. */
    int result = sys_reply_recv(endpoint, IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0),
                                b->words[0], b->words[1], b->words[2], &m);
    test_fail("the server's second receive, expected to wait forever, seen %s (%d) tag 0x%x",
              error_name(result), result, m.tag);
}

/* A thread without an IPC buffer. */
static int bare_thread;

static void bare(void *unused)
{
    (void)unused;
    /* thread_start gave us an IPC buffer: take it away (address 0 removes it). */
    if (sys_thread_set_ipc_buffer(bare_thread, 0) != 0)
        test_fail("thread_set_ipc_buffer(0) of the thread without a buffer failed");
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
    const unsigned seed = test_seed(info);
    server_seed = seed;
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
    fill(b, seed, REQUEST_WORDS, IPC_MAX_WORDS);
    struct ipc_message reply;
    expect_result("call with 64 words", 0,
                  sys_call(endpoint, IPC_TAG(LABEL_LONG, IPC_MAX_WORDS, 0), b->words[0],
                           b->words[1], b->words[2], &reply));
    expect_result("the server's checks of the request", 1, (int)server_checked);
    if (reply.tag != IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0) || reply.badge != 0)
        test_fail("the reply's tag and badge, expected 0x%x and 0, seen 0x%x and %u",
                  IPC_TAG(LABEL_LONG_REPLY, IPC_MAX_WORDS, 0), reply.tag, reply.badge);
    check_and_print("reply", &reply, b);
    test_print("64 words each way through the IPC buffers");

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
    bare_thread = expect_success("thread_new of the thread without a buffer",
                                 thread_new(bare, NULL, PRIORITY_DEFAULT));
    expect_result("thread_resume of the thread without a buffer", 0, sys_thread_resume(bare_thread));
    fill(b, seed, BARE_WORDS, BARE_LENGTH);
    expect_result("send of 10 words to a receiver without a buffer", 0,
                  sys_send(bare_endpoint, IPC_TAG(LABEL_SHORT, BARE_LENGTH, 0), b->words[0],
                           b->words[1], b->words[2]));
    wait_until(&bare_state, 1, "the receive of the thread without a buffer");
    expect_result("the receive of the thread without a buffer", 0, bare_receive_result);
    if (bare_message.tag != IPC_TAG(LABEL_SHORT, IPC_REGISTER_WORDS, 0))
        test_fail("the tag at a receiver without a buffer, expected 0x%x (length 3), seen 0x%x",
                  IPC_TAG(LABEL_SHORT, IPC_REGISTER_WORDS, 0), bare_message.tag);
    test_print("a receiver without a buffer got tag length 3 and the register words %08x %08x %08x",
               bare_message.words[0], bare_message.words[1], bare_message.words[2]);

    /* 4. A sender without a buffer cannot send 4 words. */
    wait_until(&bare_state, 2, "the send of the thread without a buffer");
    expect_result("send of 4 words from a thread without a buffer", ERR_INVALID,
                  bare_send_result);
    test_print("a sender without a buffer: 4 words are ERR_INVALID");
    test_print("all long-message checks passed");
    return 0;
}
