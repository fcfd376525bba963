/*
 * ipc_cap_transfer - capabilities travel with messages between two tasks.
 *
 * The root task (client) starts a copy of this program as a child task (the server; its
 * main gets info == NULL) with a read-only endpoint capability in its slot 2. Both set up
 * an IPC buffer. Then:
 *   1. The client creates a frame, maps it writable at 0x50000000, fills the first half
 *      with a pattern, and calls with the frame capability (IPC_TAG_CAP, send_cap_slot).
 *      The server finds received_cap = 1 and a frame capability with RIGHTS_ALL in its
 *      receive slot, maps it in its own address space, checks the pattern, writes a second
 *      pattern into the second half, and replies with a capability to a new frame of its
 *      own holding a third pattern. The client sees the second pattern through its own
 *      mapping (the same frame), received_cap = 1, and the third pattern after mapping the
 *      frame it received.
 *   2. Sending a frame capability minted without RIGHT_GRANT fails with ERR_NO_RIGHTS and
 *      delivers nothing: the server's next reply says it has received 2 messages so far.
 *   3. With the server's receive slot occupied (its endpoint capability in slot 2) a message
 *      with a capability is delivered without it: received_cap = 0, the words arrive and
 *      slot 2 still holds the endpoint capability.
 *   4. The client still holds its frame capability (a transfer copies).
 *
 * Expected: one "ipc_cap_transfer: ..." line per step and
 * "ipc_cap_transfer: all capability transfers behaved"; exit 0. The server reports
 * problems in its replies (label FAIL and the number of the failed check).
 */
#define TEST_NAME "ipc_cap_transfer"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "user_test.h"

#define CHILD_QUOTA (128 * 1024)
#define CHILD_ENDPOINT 2
#define SHARED_VADDR 0x50000000u   /* the client's frame, in both tasks */
#define RETURNED_VADDR 0x50002000u /* the frame the server sends back, in both tasks */
#define BUFFER_VADDR 0x50100000u   /* each task's IPC buffer */
#define SERVER_RECEIVE_SLOT 10
#define PAGE_WORDS 1024
#define HALF (PAGE_WORDS / 2)

enum { LABEL_SHARE = 1, LABEL_COUNT, LABEL_OCCUPIED, LABEL_OK, LABEL_FAIL };

static struct ipc_buffer *const buffer = (struct ipc_buffer *)BUFFER_VADDR;
static volatile unsigned *const shared = (volatile unsigned *)SHARED_VADDR;
static volatile unsigned *const returned = (volatile unsigned *)RETURNED_VADDR;

static unsigned pattern(unsigned which, unsigned i) { return which * 0x01000193u ^ (i * 2654435761u); }

static int identity(int type, unsigned rights) { return type | (int)(rights << 8); }

static int set_up_ipc_buffer(int thread)
{
    int result = sys_task_map_anon(CAP_SELF_TASK, BUFFER_VADDR, 1, MAP_WRITABLE);
    return result < 0 ? result : sys_thread_set_ipc_buffer(thread, BUFFER_VADDR);
}

/* --- The server (the child task) ---------------------------------------------------------- */

/* Answer to message 1: check the frame that came with it, write into it, send one back. */
static unsigned serve_share(unsigned *send_cap)
{
    if (buffer->received_cap != 1)
        return 1;
    if (sys_cap_identify(SERVER_RECEIVE_SLOT) != identity(OBJECT_FRAME, RIGHTS_ALL))
        return 2;
    if (sys_frame_map(SERVER_RECEIVE_SLOT, CAP_SELF_TASK, SHARED_VADDR, FRAME_MAP_WRITABLE) != 0)
        return 3;
    for (unsigned i = 0; i < HALF; i++)
        if (shared[i] != pattern(1, i))
            return 4;
    for (unsigned i = HALF; i < PAGE_WORDS; i++)
        shared[i] = pattern(2, i);
    int frame = sys_frame_create();
    if (frame < 0 || sys_frame_map(frame, CAP_SELF_TASK, RETURNED_VADDR, FRAME_MAP_WRITABLE) != 0)
        return 5;
    for (unsigned i = 0; i < PAGE_WORDS; i++)
        returned[i] = pattern(3, i);
    *send_cap = (unsigned)frame;
    return 0;
}

static int server(void)
{
    if (set_up_ipc_buffer(CAP_SELF_THREAD) != 0) {
        test_print("FAIL: server: IPC buffer, expected set up, seen an error");
        return 1;
    }
    buffer->receive_cap_slot = SERVER_RECEIVE_SLOT;
    unsigned received = 0;
    struct ipc_message m;
    int result = sys_recv(CHILD_ENDPOINT, &m);
    for (;;) {
        unsigned failed = 0, w0 = 0, w1 = 0, w2 = 0, send_cap = 0;
        received++;
        if (result != 0) {
            failed = 100;
        } else if (IPC_TAG_LABEL(m.tag) == LABEL_SHARE) {
            failed = serve_share(&send_cap);
            buffer->receive_cap_slot = SERVER_RECEIVE_SLOT + 1; /* empty: no cap expected */
        } else if (IPC_TAG_LABEL(m.tag) == LABEL_COUNT) {
            w0 = received;
            buffer->receive_cap_slot = CHILD_ENDPOINT; /* occupied, for message 3 */
        } else if (IPC_TAG_LABEL(m.tag) == LABEL_OCCUPIED) {
            w0 = buffer->received_cap;
            w1 = m.words[0];
            w2 = (unsigned)sys_cap_identify(CHILD_ENDPOINT);
        } else {
            failed = 101;
        }
        unsigned tag = failed ? IPC_TAG(LABEL_FAIL, 1, 0) : IPC_TAG(LABEL_OK, 3, send_cap != 0);
        if (failed)
            w0 = failed;
        buffer->send_cap_slot = send_cap;
        result = sys_reply_recv(CHILD_ENDPOINT, tag, w0, w1, w2, &m);
    }
}

/* --- The client (the root task) ----------------------------------------------------------- */

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static void call(int endpoint, unsigned tag, unsigned w0, struct ipc_message *reply)
{
    expect_result("call", 0, sys_call(endpoint, tag, w0, 0, 0, reply));
    if (IPC_TAG_LABEL(reply->tag) == LABEL_FAIL)
        test_fail("the server's check %u failed (label %u)", reply->words[0], IPC_TAG_LABEL(tag));
    if (IPC_TAG_LABEL(reply->tag) != LABEL_OK)
        test_fail("the reply's label, expected %u, seen %u", LABEL_OK, IPC_TAG_LABEL(reply->tag));
}

static int start_server(const struct user_boot_info *info, int endpoint)
{
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int task, thread;
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "cap_server",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("cap_mint of a read-only endpoint cap into the child", 0,
                  sys_cap_mint(endpoint, task, CHILD_ENDPOINT, RIGHT_READ, 0));
    expect_result("thread_resume of the server", 0, sys_thread_resume(thread));
    return task;
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return server();

    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    start_server(info, endpoint);
    expect_result("IPC buffer of the main thread", 0, set_up_ipc_buffer(CAP_SELF_THREAD));

    /* 1. A frame to the server and one back. */
    int frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map of the client's frame", 0,
                  sys_frame_map(frame, CAP_SELF_TASK, SHARED_VADDR, FRAME_MAP_WRITABLE));
    for (unsigned i = 0; i < HALF; i++)
        shared[i] = pattern(1, i);
    int receive_slot = free_slot();
    buffer->send_cap_slot = (unsigned)frame;
    buffer->receive_cap_slot = (unsigned)receive_slot;
    struct ipc_message reply;
    call(endpoint, IPC_TAG(LABEL_SHARE, 0, 1), 0, &reply);
    for (unsigned i = HALF; i < PAGE_WORDS; i++)
        if (shared[i] != pattern(2, i))
            test_fail("word %u of the shared frame, expected 0x%x (the server's), seen 0x%x", i,
                      pattern(2, i), shared[i]);
    expect_result("received_cap after the reply", 1, (int)buffer->received_cap);
    expect_result("cap_identify of the frame that came with the reply",
                  identity(OBJECT_FRAME, RIGHTS_ALL), sys_cap_identify(receive_slot));
    expect_result("frame_map of the frame that came with the reply", 0,
                  sys_frame_map(receive_slot, CAP_SELF_TASK, RETURNED_VADDR, 0));
    for (unsigned i = 0; i < PAGE_WORDS; i++)
        if (returned[i] != pattern(3, i))
            test_fail("word %u of the returned frame, expected 0x%x, seen 0x%x", i,
                      pattern(3, i), returned[i]);
    test_print("a frame went to the server and came back written; another frame came back");

    /* 2. Without RIGHT_GRANT the send fails before anything happens. */
    int no_grant = free_slot();
    expect_result("cap_mint of the frame without RIGHT_GRANT", 0,
                  sys_cap_mint(frame, CAP_SELF_TASK, no_grant, RIGHTS_ALL & ~RIGHT_GRANT, 0));
    buffer->send_cap_slot = (unsigned)no_grant;
    buffer->receive_cap_slot = (unsigned)free_slot();
    expect_result("call with a capability without RIGHT_GRANT", ERR_NO_RIGHTS,
                  sys_call(endpoint, IPC_TAG(LABEL_SHARE, 0, 1), 0, 0, 0, &reply));
    call(endpoint, IPC_TAG(LABEL_COUNT, 0, 0), 0, &reply);
    expect_result("messages the server received (the failed call delivered nothing)", 2,
                  (int)reply.words[0]);
    test_print("a capability without RIGHT_GRANT: ERR_NO_RIGHTS, nothing delivered");

    /* 3. The server's receive slot is occupied: the words arrive, the capability does not. */
    buffer->send_cap_slot = (unsigned)frame;
    call(endpoint, IPC_TAG(LABEL_OCCUPIED, 1, 1), 0xC0FFEE, &reply);
    expect_result("received_cap at the server (its receive slot was occupied)", 0,
                  (int)reply.words[0]);
    expect_result("word 0 at the server", 0xC0FFEE, (int)reply.words[1]);
    expect_result("cap_identify of the server's occupied slot",
                  identity(OBJECT_ENDPOINT, RIGHT_READ), (int)reply.words[2]);
    test_print("receive slot occupied: message delivered without the capability");

    /* 4. Transfers copy. */
    expect_result("cap_identify of the client's frame after sending it",
                  identity(OBJECT_FRAME, RIGHTS_ALL), sys_cap_identify(frame));
    test_print("all capability transfers behaved");
    return 0;
}
