/*
 * init_test_server - a server for init's boot manifest in tests (grading/tests/test_sys_init.py):
 * it checks what init gave it, registers, and then answers calls with the caller's badge.
 *
 * Started by init (not the root task: main gets info == NULL), it reads its start page at
 * START_INFO_ADDRESS and checks: the magic, its service name, its priority; slot
 * START_SLOT_SERVICE is its own endpoint with RIGHTS_ALL; START_SLOT_NS a name-service
 * endpoint with RIGHT_WRITE only; each listed IRQ is an IRQ handler and a notification, each
 * listed port range an I/O port capability that ioport_enable accepts, and no other slot
 * up to 40 holds anything. Then it registers its name (a long message: its IPC buffer works).
 *
 * The service called "tsa" goes on: bootfs (it is given call=bootfs) opens, maps, reads and
 * lists the boot files, and refuses bad requests with their errors; a lookup of "tsb" (call=tsb)
 * reaches tsb, which answers with the badge it saw (NS_BADGE_SERVER of tsa's line);
 * "nosuch" is ERR_NOT_FOUND. Every other instance checks that it may not look up tsa or
 * bootfs (ERR_NO_RIGHTS). Called "console" or "pm", it stands in for those servers for init's
 * run line: STREAM_DUP gives connections badged 0x20000000 | n; PM_SPAWN, PM_GIVE (which
 * asks the console for the connection's badge) and PM_START print what they got.
 *
 * Expected: "init_test_server: NAME: ..." lines, ending with "init_test_server: NAME: checks
 * passed"; a FAIL line otherwise.
 */
#define TEST_NAME "init_test_server"
#include "proto/bootfs.h"
#include "proto/nameserver.h"
#include "proto/pm.h"
#include "proto/stream.h"
#include "start_info.h"
#include "string.h"
#include "user_test.h"

#define SLOT_LOOKUP 60
#define SLOT_FRAME 61
#define FRAME_ADDRESS 0x60000000u
#define LAST_CHECKED_SLOT 40

static const struct start_info *const info = (const struct start_info *)START_INFO_ADDRESS;

#define say(fmt, ...) printf(TEST_NAME ": %s: " fmt "\n", info->name, ##__VA_ARGS__)

static int identity(int type, unsigned rights) { return type | (int)(rights << 8); }

/* The listed capabilities, and nothing else in our first slots. */
static void check_caps(void)
{
    bool listed[LAST_CHECKED_SLOT + 1] = { false };
    listed[START_SLOT_NS] = listed[START_SLOT_SERVICE] = true;
    expect_result("our endpoint in START_SLOT_SERVICE", identity(OBJECT_ENDPOINT, RIGHTS_ALL),
                  sys_cap_identify(START_SLOT_SERVICE));
    expect_result("the name service in START_SLOT_NS", identity(OBJECT_ENDPOINT, RIGHT_WRITE),
                  sys_cap_identify(START_SLOT_NS));
    unsigned irqs = 0, ports = 0;
    for (unsigned i = 0; i < info->cap_count; i++) {
        const struct start_cap *cap = &info->caps[i];
        if (cap->slot > LAST_CHECKED_SLOT)
            test_fail("cap %u is in slot %u", i, cap->slot);
        listed[cap->slot] = true;
        if (cap->kind == START_CAP_IRQ) {
            expect_result("a listed IRQ handler", identity(OBJECT_IRQ_HANDLER, RIGHTS_ALL), sys_cap_identify((int)cap->slot));
            expect_result("its notification", identity(OBJECT_NOTIFICATION, RIGHTS_ALL), sys_cap_identify((int)cap->extra));
            if (cap->extra <= LAST_CHECKED_SLOT)
                listed[cap->extra] = true;
            say("irq %u: handler in slot %u, notification in slot %u", cap->value, cap->slot, cap->extra);
            irqs++;
        } else if (cap->kind == START_CAP_IO_PORTS) {
            expect_result("listed I/O ports", identity(OBJECT_IO_PORTS, RIGHTS_ALL), sys_cap_identify((int)cap->slot));
            expect_result("ioport_enable", 0, sys_ioport_enable((int)cap->slot));
            say("io 0x%x+%u in slot %u", cap->value, cap->extra, cap->slot);
            ports++;
        } else if (cap->kind == START_CAP_ENDPOINT) {
            expect_result("the listed endpoint's slot", START_SLOT_SERVICE, (int)cap->slot);
        } else {
            test_fail("listed cap %u has kind %u", i, cap->kind);
        }
    }
    for (int slot = 2; slot <= LAST_CHECKED_SLOT; slot++)
        if (!listed[slot] && sys_cap_identify(slot) != OBJECT_NONE)
            test_fail("slot %d holds 0x%x, which init did not list", slot, sys_cap_identify(slot));
    say("%u irq and %u io capabilities, nothing else", irqs, ports);
}

static int bootfs_open(const char *name, unsigned *size)
{
    unsigned words[BOOTFS_NAME_WORDS];
    rpc_pack_string(words, BOOTFS_NAME_WORDS, name);
    return rpc_call_long(SLOT_LOOKUP, BOOTFS_OPEN, words, BOOTFS_NAME_WORDS, -1, -1, size, 1, NULL);
}

/* tsa: the boot files through bootfs, then a call to tsb. */
static void check_bootfs(void)
{
    expect_result("lookup of bootfs", 0, ns_lookup(START_SLOT_NS, "bootfs", SLOT_LOOKUP));
    unsigned size = 0;
    int file = expect_success("BOOTFS_OPEN of manifest", bootfs_open("manifest", &size));
    bool got = false;
    expect_result("BOOTFS_MAP", 0, rpc_call_long(SLOT_LOOKUP, BOOTFS_MAP, NULL, 0, -1, SLOT_FRAME, NULL, 0, &got));
    if (!got)
        test_fail("BOOTFS_MAP's reply carried no frame");
    expect_result("the frame is read-only for us", identity(OBJECT_FRAME, RIGHT_READ | RIGHT_GRANT),
                  sys_cap_identify(SLOT_FRAME));
    expect_result("frame_map writable", ERR_NO_RIGHTS, sys_frame_map(SLOT_FRAME, CAP_SELF_TASK, FRAME_ADDRESS, FRAME_MAP_WRITABLE));
    expect_result("frame_map", 0, sys_frame_map(SLOT_FRAME, CAP_SELF_TASK, FRAME_ADDRESS, 0));
    int read = rpc_call(SLOT_LOOKUP, BOOTFS_READ, 3, (unsigned)file, 0, 40, NULL);
    expect_result("BOOTFS_READ of 40 bytes", size < 40 ? (int)size : 40, read);
    char first[41];
    memcpy(first, (const void *)FRAME_ADDRESS, (size_t)read);
    first[read] = '\0';
    for (int i = 0; i < read; i++)
        if (first[i] == '\n')
            first[i] = '\0';
    say("bootfs: manifest is %u bytes, its first line: %s", size, first);
    expect_result("BOOTFS_READ at the end", 0, rpc_call(SLOT_LOOKUP, BOOTFS_READ, 3, (unsigned)file, size, 10, NULL));
    expect_result("BOOTFS_READ of BOOTFS_BUFFER_SIZE + 1", ERR_INVALID,
                  rpc_call(SLOT_LOOKUP, BOOTFS_READ, 3, (unsigned)file, 0, BOOTFS_BUFFER_SIZE + 1, NULL));
    expect_result("BOOTFS_READ of file 0xffffffff", ERR_NOT_FOUND,
                  rpc_call(SLOT_LOOKUP, BOOTFS_READ, 3, 0xFFFFFFFFu, 0, 1, NULL));
    expect_result("BOOTFS_READ with 2 words", ERR_INVALID, rpc_call(SLOT_LOOKUP, BOOTFS_READ, 2, (unsigned)file, 0, 0, NULL));
    expect_result("a label bootfs does not know", ERR_INVALID, rpc_call(SLOT_LOOKUP, RPC_BASE_BOOTFS + 77, 0, 0, 0, 0, NULL));
    unsigned no_size = 0;
    expect_result("BOOTFS_OPEN of nosuch", ERR_NOT_FOUND, bootfs_open("nosuch", &no_size));
    unsigned no_nul[BOOTFS_NAME_WORDS];
    memset(no_nul, 'x', sizeof no_nul);
    expect_result("BOOTFS_OPEN of a name without NUL", ERR_INVALID,
                  rpc_call_long(SLOT_LOOKUP, BOOTFS_OPEN, no_nul, BOOTFS_NAME_WORDS, -1, -1, NULL, 0, NULL));
    unsigned listed[1 + BOOTFS_NAME_WORDS];
    unsigned index = 0;
    expect_result("BOOTFS_LIST 0", 1, rpc_call_long(SLOT_LOOKUP, BOOTFS_LIST, &index, 1, -1, -1, listed, 1 + BOOTFS_NAME_WORDS, NULL));
    char name[BOOTFS_NAME_WORDS * 4 + 1];
    rpc_unpack_string(name, &listed[1], BOOTFS_NAME_WORDS);
    say("bootfs: file 0 is %s, %u bytes", name, listed[0]);
    index = 0xFFFFFFFFu;
    expect_result("BOOTFS_LIST 0xffffffff", ERR_NOT_FOUND, rpc_call_long(SLOT_LOOKUP, BOOTFS_LIST, &index, 1, -1, -1, NULL, 0, NULL));
    expect_result("BOOTFS_READ still works", size < 40 ? (int)size : 40,
                  rpc_call(SLOT_LOOKUP, BOOTFS_READ, 3, (unsigned)file, 0, 40, NULL));
    sys_cap_delete(SLOT_LOOKUP);
}

static void check_calls(void)
{
    int result = ERR_NOT_FOUND;
    for (int tick = 0; tick < 3000 && result == ERR_NOT_FOUND; tick++) { /* tsb starts after us */
        result = ns_lookup(START_SLOT_NS, "tsb", SLOT_LOOKUP);
        if (result == ERR_NOT_FOUND)
            sys_sleep(1);
    }
    expect_result("lookup of tsb", 0, result);
    int badge = rpc_call(SLOT_LOOKUP, 1, 0, 0, 0, 0, NULL);
    say("tsb saw badge 0x%x", badge);
    sys_cap_delete(SLOT_LOOKUP);
    expect_result("lookup of nosuch", ERR_NOT_FOUND, ns_lookup(START_SLOT_NS, "nosuch", SLOT_LOOKUP));
}

/* --- Stand-ins for pm and console, for init's run line ------------------------------- */

#define SLOT_RECEIVED 50 /* a request's capability */
#define SLOT_ANSWER 51   /* the capability of the last reply */
#define FAKE_PID 42
#define CONNECTION_BADGE_BIT 0x20000000u /* as the console's STREAM_DUP connections */

static unsigned connections;

/* console STREAM_DUP: a new connection, badged CONNECTION_BADGE_BIT | n. */
static int fake_dup(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    sys_cap_delete(SLOT_ANSWER);
    int result = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, SLOT_ANSWER, RIGHT_WRITE | RIGHT_GRANT,
                              CONNECTION_BADGE_BIT | ++connections);
    if (result < 0)
        return result;
    response->cap = SLOT_ANSWER;
    return 0;
}

/* console STREAM_WRITE: answers with the connection's badge (for the fake pm's check). */
static int fake_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    return (int)request->badge;
}

/* pm PM_SPAWN [flags, argument bytes]: prints them, "spawns" FAKE_PID. */
static int fake_spawn(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    char bytes[PM_SPAWN_BYTES + 1], line[PM_SPAWN_BYTES + 1];
    unsigned count = (request->length - 1) * 4;
    memcpy(bytes, &request->words[1], count);
    bytes[count] = '\0';
    unsigned out = 0;
    for (unsigned i = 0; i < count && (bytes[i] || (i + 1 < count && bytes[i + 1])); i++)
        line[out++] = bytes[i] ? bytes[i] : ' ';
    line[out] = '\0';
    say("spawn: flags %u, argv: %s", request->words[0], line);
    return FAKE_PID;
}

/* pm PM_GIVE [pid, slot] + cap: what it is, and its badge at the console. */
static int fake_give(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    int badge = rpc_call(request->cap, STREAM_WRITE, 1, 0, 0, 0, NULL);
    say("give: pid %u slot %u: cap 0x%x, badge at the console 0x%x", request->words[0],
        request->words[1], sys_cap_identify(request->cap), (unsigned)badge);
    return 0;
}

static int fake_start(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    say("start: pid %u", request->words[0]);
    return 0;
}

static const struct rpc_op console_ops[] = {
    { STREAM_DUP, 0, 0, false, fake_dup, "dup" },
    { STREAM_WRITE, 1, 1, false, fake_write, "write" },
};
static const struct rpc_op pm_ops[] = {
    { PM_SPAWN, 1, PM_SPAWN_WORDS, false, fake_spawn, "spawn" },
    { PM_GIVE, 2, 2, true, fake_give, "give" },
    { PM_START, 1, 1, false, fake_start, "start" },
};

static void serve_as(const struct rpc_op *ops, unsigned count)
{
    static struct rpc_server server = { .endpoint = START_SLOT_SERVICE, .cap_slot = SLOT_RECEIVED };
    server.name = info->name;
    server.ops = ops;
    server.op_count = count;
    say("checks passed");
    rpc_serve(&server);
}

int main(const struct user_boot_info *boot_info)
{
    if (boot_info || info->magic != START_INFO_MAGIC)
        test_fail("started without start information: put me in a boot manifest");
    say("priority %u, %u listed capabilities", info->priority, info->cap_count);
    check_caps();
    expect_result("ns_register", 0, ns_register(START_SLOT_NS, info->name, START_SLOT_SERVICE));
    if (strcmp(info->name, "console") == 0)
        serve_as(console_ops, sizeof console_ops / sizeof console_ops[0]);
    if (strcmp(info->name, "pm") == 0)
        serve_as(pm_ops, sizeof pm_ops / sizeof pm_ops[0]);
    if (strcmp(info->name, "tsa") == 0) {
        check_bootfs();
        check_calls();
    } else {
        expect_result("lookup of tsa", ERR_NO_RIGHTS, ns_lookup(START_SLOT_NS, "tsa", SLOT_LOOKUP));
        expect_result("lookup of bootfs", ERR_NO_RIGHTS, ns_lookup(START_SLOT_NS, "bootfs", SLOT_LOOKUP));
    }
    say("checks passed");
    /* Serve: answer every call with the caller's badge. */
    struct ipc_message m;
    int status = sys_recv(START_SLOT_SERVICE, &m);
    for (;;) {
        unsigned badge = status == 0 ? m.badge : 0;
        status = sys_reply_recv(START_SLOT_SERVICE, IPC_TAG(RPC_REPLY, 1, 0), badge, 0, 0, &m);
    }
}
