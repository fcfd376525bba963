/*
 * nameserver_protocol - the name service (servers/nameserver, proto/nameserver.h) against
 * its protocol, with this root task playing init and every client.
 *
 * The root task starts the nameserver module as init does (its endpoint in
 * START_SLOT_SERVICE, start information, an IPC buffer) and mints itself name-service
 * capabilities with the badges of init (NS_BADGE_INIT), of three servers (alpha, beta and a
 * spawner "pm"), of a process and of a stranger nobody admitted. Then:
 *   1. bad requests: a wrong label, wrong lengths, a capability where none belongs and none
 *      where one does, a frame or a read-only or badged endpoint to register, names without
 *      a NUL, empty or with control bytes, huge badges, pids and indices, admits from
 *      someone not init: each gets its error (ERR_INVALID, ERR_WRONG_TYPE, ERR_NO_RIGHTS,
 *      ERR_NOT_FOUND), and the name service answers the next good request;
 *   2. rights: only a client's own name can be registered or withdrawn; a lookup needs the
 *      manifest's may_call bit (processes: the processes line's); a missing name is
 *      ERR_NOT_FOUND;
 *   3. a lookup gives an endpoint with RIGHT_WRITE | RIGHT_GRANT minted with the caller's
 *      badge: a message sent through it arrives with that badge;
 *   4. registering again replaces the entry: new lookups reach the new endpoint; withdraw
 *      removes it; NS_CLIENT (spawner only) makes process capabilities; NS_LIST lists.
 * Expected: "nameserver_protocol: ..." lines, then "nameserver_protocol: all checks passed",
 * exit 0.
 */
#define TEST_NAME "nameserver_protocol"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "ipc_buffer.h"
#include "proto/nameserver.h"
#include "start_info.h"
#include "string.h"
#include "thread_start.h"
#include "user_test.h"

#define NS_QUOTA (256 * 1024)
/* Our capabilities to the name service, one per badge. */
#define SLOT_INIT 100
#define SLOT_ALPHA 101 /* NS_BADGE_SERVER(1), "alpha", may call beta */
#define SLOT_BETA 102  /* NS_BADGE_SERVER(2), "beta", may call alpha */
#define SLOT_PM 103    /* NS_BADGE_SERVER(3), "pm", spawner, may call nothing */
#define SLOT_PROCESS 104 /* NS_BADGE_PROCESS(5): processes may call alpha */
#define SLOT_STRANGER 105 /* NS_BADGE_SERVER(9): never admitted */
#define SLOT_ANSWER 110   /* lookup answers land here */
#define SLOT_CLIENT 111   /* NS_CLIENT's answer */
#define ALPHA_BIT (1u << 1)
#define BETA_BIT (1u << 2)

static int ns_endpoint;
static struct start_info start_page;

/* The start of the name service, as init does it. */
static void start_nameserver(const struct user_boot_info *info)
{
    const struct user_boot_module *module = boot_module(info, "nameserver");
    if (!module)
        test_fail("no nameserver boot module (boot it with build/servers/nameserver.elf)");
    int task, thread;
    expect_result("elf_spawn_suspended(nameserver)", 0,
                  elf_spawn_suspended((const void *)module->address, module->size, "nameserver",
                                      NS_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    ns_endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("cap_copy of its endpoint", 0, sys_cap_copy(ns_endpoint, task, START_SLOT_SERVICE));
    start_page.magic = START_INFO_MAGIC;
    strlcpy(start_page.name, "nameserver", sizeof start_page.name);
    start_page.argc = 1;
    strlcpy(start_page.args, "nameserver", sizeof start_page.args);
    expect_result("map its start page", 0, sys_task_map_anon(task, START_INFO_ADDRESS, 1, 0));
    expect_result("write its start page", 0,
                  sys_task_write(task, START_INFO_ADDRESS, &start_page, sizeof start_page));
    expect_result("map its IPC buffer", 0, sys_task_map_anon(task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("set its IPC buffer", 0, sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS));
    expect_result("resume it", 0, sys_thread_resume(thread));
}

static void mint(int slot, unsigned badge)
{
    expect_result("cap_mint of a name-service capability", 0,
                  sys_cap_mint(ns_endpoint, CAP_SELF_TASK, slot, RIGHT_WRITE | RIGHT_GRANT, badge));
}

static int admit(unsigned badge, unsigned may_call, unsigned flags, const char *name)
{
    unsigned words[3 + NS_NAME_WORDS] = { badge, may_call, flags };
    rpc_pack_string(&words[3], NS_NAME_WORDS, name);
    return rpc_call_long(SLOT_INIT, NS_ADMIT, words, 3 + NS_NAME_WORDS, -1, -1, NULL, 0, NULL);
}

/* A lookup into SLOT_ANSWER (emptied first). */
static int lookup(int ns, const char *name)
{
    sys_cap_delete(SLOT_ANSWER);
    return ns_lookup(ns, name, SLOT_ANSWER);
}

/* A request with these raw words (a name the packer could not make, say). */
static int raw_call(int ns, unsigned label, const unsigned *words, unsigned count, int cap)
{
    return rpc_call_long(ns, label, words, count, cap, -1, NULL, 0, NULL);
}

/* The badge a message sent through @p slot arrives with at @p endpoint: a helper thread
 * sends, we receive. */
static volatile int send_slot;
static void sender(void *unused)
{
    (void)unused;
    sys_send(send_slot, IPC_TAG(1, 0, 0), 0, 0, 0);
}

static unsigned badge_through(int slot, int endpoint)
{
    send_slot = slot;
    expect_success("thread_start of the sender", thread_start(sender, NULL, PRIORITY_DEFAULT));
    struct ipc_message m;
    expect_result("recv of the sender's message", 0, sys_recv(endpoint, &m));
    return m.badge;
}

static void expect_badge(const char *what, unsigned expected, unsigned seen)
{
    if (expected != seen)
        test_fail("%s: expected badge 0x%x, seen 0x%x", what, expected, seen);
}

static void bad_requests(int alpha_endpoint)
{
    unsigned words[IPC_MAX_WORDS] = { 0 };
    rpc_pack_string(words, NS_NAME_WORDS, "alpha");
    expect_result("an unknown label", ERR_INVALID, raw_call(SLOT_ALPHA, RPC_BASE_NS + 0x50, words, 4, -1));
    expect_result("a label of another service", ERR_INVALID, raw_call(SLOT_ALPHA, RPC_BASE_PM + 1, words, 4, -1));
    expect_result("NS_LOOKUP with 2 words", ERR_INVALID, raw_call(SLOT_ALPHA, NS_LOOKUP, words, 2, -1));
    expect_result("NS_LOOKUP with 40 words", ERR_INVALID, raw_call(SLOT_ALPHA, NS_LOOKUP, words, 40, -1));
    expect_result("NS_ADMIT with 4 words", ERR_INVALID, raw_call(SLOT_INIT, NS_ADMIT, words, 4, -1));
    expect_result("NS_LIST with no words", ERR_INVALID, raw_call(SLOT_ALPHA, NS_LIST, words, 0, -1));
    expect_result("NS_LOOKUP with a capability", ERR_INVALID,
                  raw_call(SLOT_ALPHA, NS_LOOKUP, words, 4, alpha_endpoint));
    expect_result("NS_REGISTER without a capability", ERR_INVALID,
                  raw_call(SLOT_ALPHA, NS_REGISTER, words, 4, -1));
    int frame = expect_success("frame_create", sys_frame_create());
    expect_result("NS_REGISTER of a frame", ERR_WRONG_TYPE, ns_register(SLOT_ALPHA, "alpha", frame));
    int read_only = 120, badged = 121;
    expect_result("mint a read+grant copy", 0,
                  sys_cap_mint(alpha_endpoint, CAP_SELF_TASK, read_only, RIGHT_READ | RIGHT_GRANT, 0));
    expect_result("NS_REGISTER of an endpoint without RIGHT_WRITE", ERR_NO_RIGHTS,
                  ns_register(SLOT_ALPHA, "alpha", read_only));
    expect_result("mint a badged copy", 0, sys_cap_mint(alpha_endpoint, CAP_SELF_TASK, badged, RIGHTS_ALL, 77));
    expect_result("NS_REGISTER of a badged endpoint", ERR_INVALID, ns_register(SLOT_ALPHA, "alpha", badged));
    sys_cap_delete(read_only);
    sys_cap_delete(badged);

    memset(words, 'a', NS_NAME_WORDS * 4); /* sixteen bytes, no NUL */
    expect_result("NS_LOOKUP of a name without NUL", ERR_INVALID, raw_call(SLOT_ALPHA, NS_LOOKUP, words, 4, -1));
    expect_result("NS_REGISTER of a name without NUL", ERR_INVALID,
                  raw_call(SLOT_ALPHA, NS_REGISTER, words, 4, alpha_endpoint));
    expect_result("NS_WITHDRAW of a name without NUL", ERR_INVALID, raw_call(SLOT_ALPHA, NS_WITHDRAW, words, 4, -1));
    expect_result("NS_LOOKUP of an empty name", ERR_INVALID, lookup(SLOT_ALPHA, ""));
    expect_result("NS_LOOKUP of a name with a newline", ERR_INVALID, lookup(SLOT_ALPHA, "al\npha"));
    expect_result("NS_LOOKUP of a name with a byte >= 0x80", ERR_INVALID, lookup(SLOT_ALPHA, "al\xffpha"));

    unsigned admit_words[3 + NS_NAME_WORDS] = { 0xFFFFFFFFu, ~0u, 0 };
    expect_result("NS_ADMIT of badge 0xffffffff", ERR_INVALID,
                  raw_call(SLOT_INIT, NS_ADMIT, admit_words, 3 + NS_NAME_WORDS, -1));
    admit_words[0] = NS_BADGE_SERVER(NS_SERVER_INDEX_MAX + 1);
    expect_result("NS_ADMIT of a server badge past the last index", ERR_INVALID,
                  raw_call(SLOT_INIT, NS_ADMIT, admit_words, 3 + NS_NAME_WORDS, -1));
    admit_words[0] = NS_BADGE_SERVER(4);
    admit_words[2] = 0x80000000u;
    expect_result("NS_ADMIT with unknown flags", ERR_INVALID,
                  raw_call(SLOT_INIT, NS_ADMIT, admit_words, 3 + NS_NAME_WORDS, -1));
    admit_words[2] = 0;
    expect_result("NS_ADMIT from a server", ERR_NO_RIGHTS,
                  raw_call(SLOT_ALPHA, NS_ADMIT, admit_words, 3 + NS_NAME_WORDS, -1));
    expect_result("NS_ADMIT from a process", ERR_NO_RIGHTS,
                  raw_call(SLOT_PROCESS, NS_ADMIT, admit_words, 3 + NS_NAME_WORDS, -1));
    unsigned huge = 0xFFFFFFFFu;
    expect_result("NS_LIST from index 0xffffffff", ERR_NOT_FOUND, raw_call(SLOT_ALPHA, NS_LIST, &huge, 1, -1));
    expect_result("NS_CLIENT of pid 0xffffffff", ERR_INVALID, raw_call(SLOT_PM, NS_CLIENT, &huge, 1, -1));
    unsigned zero = 0, too_big = NS_PID_MAX + 1;
    expect_result("NS_CLIENT of pid 0", ERR_INVALID, raw_call(SLOT_PM, NS_CLIENT, &zero, 1, -1));
    expect_result("NS_CLIENT of pid NS_PID_MAX + 1", ERR_INVALID, raw_call(SLOT_PM, NS_CLIENT, &too_big, 1, -1));
    unsigned seven = 7;
    expect_result("NS_CLIENT from a server that is not the spawner", ERR_NO_RIGHTS,
                  raw_call(SLOT_ALPHA, NS_CLIENT, &seven, 1, -1));
    test_print("bad requests: each refused with its error");
}

int main(const struct user_boot_info *info)
{
    expect_result("map our IPC buffer", 0, sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("set our IPC buffer", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS));
    start_nameserver(info);
    mint(SLOT_INIT, NS_BADGE_INIT);
    mint(SLOT_ALPHA, NS_BADGE_SERVER(1));
    mint(SLOT_BETA, NS_BADGE_SERVER(2));
    mint(SLOT_PM, NS_BADGE_SERVER(3));
    mint(SLOT_PROCESS, NS_BADGE_PROCESS(5));
    mint(SLOT_STRANGER, NS_BADGE_SERVER(9));

    expect_result("NS_ADMIT of init", 0, admit(NS_BADGE_INIT, ~0u, 0, "bootfs"));
    expect_result("NS_ADMIT of alpha", 0, admit(NS_BADGE_SERVER(1), BETA_BIT, 0, "alpha"));
    expect_result("NS_ADMIT of beta", 0, admit(NS_BADGE_SERVER(2), ALPHA_BIT, 0, "beta"));
    expect_result("NS_ADMIT of pm", 0, admit(NS_BADGE_SERVER(3), 0, NS_FLAG_SPAWNER, "pm"));
    expect_result("NS_ADMIT of the processes", 0, admit(NS_PROCESS_CLASS_BADGE, ALPHA_BIT, 0, ""));

    int alpha = expect_success("alpha's endpoint", sys_endpoint_create());
    int beta = expect_success("beta's endpoint", sys_endpoint_create());
    expect_result("a lookup before anyone registered", ERR_NOT_FOUND, lookup(SLOT_BETA, "alpha"));
    bad_requests(alpha);

    /* Rights. */
    expect_result("alpha registers beta's name", ERR_NO_RIGHTS, ns_register(SLOT_ALPHA, "beta", alpha));
    expect_result("a process registers", ERR_NO_RIGHTS, ns_register(SLOT_PROCESS, "alpha", alpha));
    expect_result("a stranger registers", ERR_NO_RIGHTS, ns_register(SLOT_STRANGER, "alpha", alpha));
    expect_result("alpha registers", 0, ns_register(SLOT_ALPHA, "alpha", alpha));
    expect_result("beta registers", 0, ns_register(SLOT_BETA, "beta", beta));
    expect_result("pm looks up alpha (pm may call nothing)", ERR_NO_RIGHTS, lookup(SLOT_PM, "alpha"));
    expect_result("a stranger looks up alpha", ERR_NO_RIGHTS, lookup(SLOT_STRANGER, "alpha"));
    expect_result("a process looks up beta", ERR_NO_RIGHTS, lookup(SLOT_PROCESS, "beta"));
    expect_result("a lookup of a name nobody registered", ERR_NOT_FOUND, lookup(SLOT_ALPHA, "gamma"));
    test_print("rights: own names only; lookups need the may_call bit");

    /* What a lookup gives. */
    expect_result("beta looks up alpha", 0, lookup(SLOT_BETA, "alpha"));
    expect_result("the answer's type and rights", OBJECT_ENDPOINT | (RIGHT_WRITE | RIGHT_GRANT) << 8,
                  sys_cap_identify(SLOT_ANSWER));
    expect_badge("beta's message to alpha", NS_BADGE_SERVER(2), badge_through(SLOT_ANSWER, alpha));
    expect_result("alpha looks up beta", 0, lookup(SLOT_ALPHA, "beta"));
    expect_badge("alpha's message to beta", NS_BADGE_SERVER(1), badge_through(SLOT_ANSWER, beta));
    expect_result("a process looks up alpha", 0, lookup(SLOT_PROCESS, "alpha"));
    expect_badge("the process's message to alpha", NS_BADGE_PROCESS(5), badge_through(SLOT_ANSWER, alpha));
    expect_result("init looks up beta", 0, lookup(SLOT_INIT, "beta"));
    expect_badge("init's message to beta", NS_BADGE_INIT, badge_through(SLOT_ANSWER, beta));
    test_print("lookups: an endpoint with the caller's badge");

    /* Registering again, withdrawing. */
    int old_alpha = 122;
    expect_result("keep the old lookup", 0, lookup(SLOT_BETA, "alpha"));
    expect_result("move it aside", 0, sys_cap_copy(SLOT_ANSWER, CAP_SELF_TASK, old_alpha));
    int new_alpha = expect_success("the restarted alpha's endpoint", sys_endpoint_create());
    expect_result("alpha registers again", 0, ns_register(SLOT_ALPHA, "alpha", new_alpha));
    expect_result("beta looks alpha up again", 0, lookup(SLOT_BETA, "alpha"));
    expect_badge("the new lookup reaches the new alpha", NS_BADGE_SERVER(2), badge_through(SLOT_ANSWER, new_alpha));
    expect_badge("the old copy still reaches the old alpha", NS_BADGE_SERVER(2), badge_through(old_alpha, alpha));
    expect_result("beta withdraws alpha", ERR_NO_RIGHTS, ns_withdraw(SLOT_BETA, "alpha"));
    expect_result("alpha withdraws", 0, ns_withdraw(SLOT_ALPHA, "alpha"));
    expect_result("a lookup after the withdraw", ERR_NOT_FOUND, lookup(SLOT_BETA, "alpha"));
    expect_result("alpha withdraws again", ERR_NOT_FOUND, ns_withdraw(SLOT_ALPHA, "alpha"));
    expect_result("alpha registers once more", 0, ns_register(SLOT_ALPHA, "alpha", new_alpha));
    test_print("registering again replaces; withdraw removes");

    /* The spawner's process clients, and the list. */
    unsigned pid = 7;
    bool got = false;
    expect_result("NS_CLIENT from pm", 0,
                  rpc_call_long(SLOT_PM, NS_CLIENT, &pid, 1, -1, SLOT_CLIENT, NULL, 0, &got));
    if (!got)
        test_fail("NS_CLIENT's answer carried no capability");
    expect_result("the process capability's type and rights", OBJECT_ENDPOINT | (RIGHT_WRITE | RIGHT_GRANT) << 8,
                  sys_cap_identify(SLOT_CLIENT));
    expect_result("process 7 looks up beta", ERR_NO_RIGHTS, lookup(SLOT_CLIENT, "beta"));
    expect_result("process 7 looks up alpha", 0, lookup(SLOT_CLIENT, "alpha"));
    expect_badge("process 7's message to alpha", NS_BADGE_PROCESS(7), badge_through(SLOT_ANSWER, new_alpha));
    unsigned names_seen = 0, index = 0;
    for (int next; (next = rpc_call_long(SLOT_PROCESS, NS_LIST, &index, 1, -1, -1, NULL, 0, NULL)) != ERR_NOT_FOUND;) {
        if (next <= (int)index)
            test_fail("NS_LIST from %u answered %d: expected a later index", index, next);
        unsigned out[NS_NAME_WORDS];
        rpc_call_long(SLOT_PROCESS, NS_LIST, &index, 1, -1, -1, out, NS_NAME_WORDS, NULL);
        char name[NS_NAME_MAX + 1];
        rpc_unpack_string(name, out, NS_NAME_WORDS);
        test_print("listed %s", name);
        names_seen++;
        index = (unsigned)next;
    }
    expect_result("names NS_LIST gave (alpha, beta)", 2, (int)names_seen);
    expect_result("a good request after all that", 0, lookup(SLOT_BETA, "alpha"));
    test_print("all checks passed");
    return 0;
}
