/*
 * ipc_many_clients - three clients, one server: badges tell them apart, waiting senders are
 * served first come, first served.
 *
 * The main thread creates an endpoint and mints three write-only capabilities to it with
 * badges 1, 2 and 3, one per client thread. The server thread sleeps 60 ticks before its
 * first receive; client k (0, 1, 2) sleeps 10 * (k + 1) ticks and then calls, so all three
 * are blocked in call, in the order 0, 1, 2, when the server starts. Each client makes 5
 * calls with words (sequence number, its own number, a word made from the run's seed: word
 * 5 * client + sequence of test_seed.h, which only the clients read); the server answers
 * each with sequence * 10 + badge.
 *
 * Expected: the server's first three messages come from clients 0, 1, 2 in that order
 * (FIFO); every message's badge is its client's number plus one; each client's sequence
 * numbers arrive in order 0..4; every client sees its own answers. Prints
 * "ipc_many_clients: first three messages from clients 0 1 2 (the order they blocked)",
 * then for each client "ipc_many_clients: server: client C (badge B): 5 messages, digest D"
 * (D: test_digest_add over the seed words it sent, in order) and
 * "ipc_many_clients: 15 messages, badges matched their clients, each client in order",
 * then exits 0: the lines of labs/lab3/expected_output.py's many_clients_lines(seed). The trace (checked from pytest) shows 15 ipc_recv records with badges in
 * 1..3, the first three 1, 2, 3, each matching an earlier ipc_send.
 */
#define TEST_NAME "ipc_many_clients"
#include "test_seed.h"
#include "thread_start.h"
#include "user_test.h"

#define CLIENTS 3
#define CALLS 5
#define SERVER_DELAY 60
#define CLIENT_DELAY 10
#define LABEL_REQUEST 0x10
#define LABEL_ANSWER 0x11
#define WAIT_TICKS 3000

static int endpoint;
static unsigned seed; /* the run's seed, for the clients' words */
static int client_caps[CLIENTS];
static volatile bool client_done[CLIENTS];
static volatile bool server_done;

static void server(void *unused)
{
    (void)unused;
    sys_sleep(SERVER_DELAY);
    unsigned next_sequence[CLIENTS] = { 0 }, first[CLIENTS];
    unsigned digest[CLIENTS] = { TEST_DIGEST_START, TEST_DIGEST_START, TEST_DIGEST_START };
    struct ipc_message m;
    int result = sys_recv(endpoint, &m);
    for (unsigned received = 0;; received++) {
        expect_result("the server's receive", 0, result);
        unsigned badge = m.badge, client = badge - 1;
        if (badge < 1 || badge > CLIENTS)
            test_fail("message %u, expected a badge 1..%d, seen %u", received, CLIENTS, badge);
        if (m.tag != IPC_TAG(LABEL_REQUEST, 3, 0))
            test_fail("message %u, expected tag 0x%x, seen 0x%x", received,
                      IPC_TAG(LABEL_REQUEST, 3, 0), m.tag);
        if (m.words[1] != client)
            test_fail("message %u, badge %u means client %u, but client %u sent it", received,
                      badge, client, m.words[1]);
        if (m.words[0] != next_sequence[client])
            test_fail("client %u's messages, expected number %u next, seen %u", client,
                      next_sequence[client], m.words[0]);
        next_sequence[client]++;
        digest[client] = test_digest_add(digest[client], m.words[2]);
        if (received < CLIENTS)
            first[received] = client;
        if (received + 1 == CLIENTS) {
            for (unsigned i = 0; i < CLIENTS; i++)
                if (first[i] != i)
                    test_fail("the first three messages, expected from clients 0 1 2, seen %u %u %u",
                              first[0], first[1], first[2]);
            test_print("first three messages from clients 0 1 2 (the order they blocked)");
        }
        if (received + 1 == CLIENTS * CALLS) {
            for (unsigned i = 0; i < CLIENTS; i++)
                test_print("server: client %u (badge %u): %u messages, digest %08x", i, i + 1,
                           next_sequence[i], digest[i]);
            server_done = true;
        }
        result = sys_reply_recv(endpoint, IPC_TAG(LABEL_ANSWER, 1, 0), m.words[0] * 10 + badge,
                                0, 0, &m);
    }
}

static void client(void *arg)
{
    unsigned id = (unsigned)arg;
    sys_sleep(CLIENT_DELAY * (id + 1));
    for (unsigned sequence = 0; sequence < CALLS; sequence++) {
        struct ipc_message reply;
        int result = sys_call(client_caps[id], IPC_TAG(LABEL_REQUEST, 3, 0), sequence, id,
                              test_seed_word(seed, CALLS * id + sequence), &reply);
        expect_result("a client's call", 0, result);
        unsigned expected = sequence * 10 + id + 1;
        if (reply.tag != IPC_TAG(LABEL_ANSWER, 1, 0) || reply.badge != 0 ||
            reply.words[0] != expected)
            test_fail("client %u's answer %u, expected tag 0x%x badge 0 word %u, seen tag 0x%x "
                      "badge %u word %u", id, sequence, IPC_TAG(LABEL_ANSWER, 1, 0), expected,
                      reply.tag, reply.badge, reply.words[0]);
    }
    client_done[id] = true;
}

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static bool all_done(void)
{
    for (unsigned i = 0; i < CLIENTS; i++)
        if (!client_done[i])
            return false;
    return server_done;
}

int main(const struct user_boot_info *info)
{
    seed = test_seed(info);
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    for (unsigned i = 0; i < CLIENTS; i++) {
        client_caps[i] = free_slot();
        expect_result("cap_mint of a client's badged cap", 0,
                      sys_cap_mint(endpoint, CAP_SELF_TASK, client_caps[i], RIGHT_WRITE, i + 1));
    }
    expect_success("thread_start of the server", thread_start(server, NULL, PRIORITY_DEFAULT));
    for (unsigned i = 0; i < CLIENTS; i++)
        expect_success("thread_start of a client",
                       thread_start(client, (void *)i, PRIORITY_DEFAULT));

    for (unsigned waited = 0; !all_done(); waited += 10) {
        if (waited >= WAIT_TICKS)
            test_fail("the clients, expected done within %u ticks, seen %d %d %d, server %d",
                      WAIT_TICKS, client_done[0], client_done[1], client_done[2], server_done);
        sys_sleep(10);
    }
    test_print("%u messages, badges matched their clients, each client in order",
               CLIENTS * CALLS);
    return 0;
}
