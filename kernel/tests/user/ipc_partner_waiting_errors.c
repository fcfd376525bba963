/*
 * ipc_partner_waiting_errors - a capability message the kernel refuses while its partner is
 * already waiting returns its error and changes nothing: the partner keeps waiting, and the
 * next, good message reaches it with its capability and its words.
 *
 * With the partner waiting, call and reply_recv may take the fast path (the reference
 * solution also moves capabilities and IPC-buffer messages there, through
 * ipc_check_message and ipc_transfer). Every check must come before the first change of
 * state, as on the general path.
 *
 * Main and a second thread T share the task, each with an IPC buffer. T waits in recv on
 * an endpoint. Main calls it with capability messages that must be refused: an empty
 * send_cap_slot (ERR_INVALID_CAP), a slot beyond the capability space (ERR_INVALID_CAP), a
 * capability without RIGHT_GRANT (ERR_NO_RIGHTS), and a capability with no IPC buffer
 * (ERR_INVALID); T must still be waiting after each. Then main calls with a notification
 * capability and two words: T gets both, answers first with a refused reply_recv (an empty
 * send_cap_slot: ERR_INVALID_CAP, and main must still be waiting for its reply), then with
 * the capability it received and one word.
 *
 * Expected: prints "refused messages leave the partner waiting" and exits 0.
 */
#define TEST_NAME "ipc_partner_waiting_errors"
#include "thread_start.h"
#include "user_test.h"

#define MAIN_BUFFER 0x50000000u
#define T_BUFFER 0x50001000u
#define LABEL_REQUEST 7
#define LABEL_ANSWER 8
#define WORD_A 0x1111u
#define WORD_B 0x2222u
#define WORD_ANSWER 0x3333u
#define FAR_SLOT 100000u /* beyond CSPACE_MAX_SLOTS */

static struct ipc_buffer *const main_buffer = (struct ipc_buffer *)MAIN_BUFFER;
static struct ipc_buffer *const t_buffer = (struct ipc_buffer *)T_BUFFER;
static volatile int endpoint, empty_slot, t_receive_slot;
static volatile bool t_waiting, t_received;
static volatile struct ipc_message t_message;
static volatile unsigned t_words[2], t_received_cap;
static volatile int t_refused_reply = 1, t_reply_result = 1;

static void server(void *unused)
{
    (void)unused;
    struct ipc_message m;
    t_buffer->receive_cap_slot = (unsigned)t_receive_slot;
    t_waiting = true;
    int result = sys_recv(endpoint, &m);
    t_message = m;
    t_words[0] = t_buffer->words[0], t_words[1] = t_buffer->words[1];
    t_received_cap = t_buffer->received_cap;
    t_received = result == 0;

    t_buffer->send_cap_slot = (unsigned)empty_slot;
    t_refused_reply = sys_reply_recv(endpoint, IPC_TAG(LABEL_ANSWER, 1, 1), WORD_ANSWER, 0, 0, &m);
    t_buffer->send_cap_slot = (unsigned)t_receive_slot;
    t_reply_result = 0;
    sys_reply_recv(endpoint, IPC_TAG(LABEL_ANSWER, 1, 1), WORD_ANSWER, 0, 0, &m); /* waits on */
}

static int free_slot(int after)
{
    for (int slot = after + 1; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

/* A call T must refuse with @p expected while it waits. */
static void expect_refused(const char *what, unsigned send_slot, int expected)
{
    struct ipc_message reply;
    main_buffer->send_cap_slot = send_slot;
    expect_result(what, expected, sys_call(endpoint, IPC_TAG(LABEL_REQUEST, 0, 1), 0, 0, 0, &reply));
    if (t_received)
        test_fail("after %s, expected the server still waiting, seen it got a message", what);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int notification = expect_success("notification_create", sys_notification_create());
    int no_grant = free_slot(notification);
    expect_result("cap_mint of the notification without RIGHT_GRANT", 0,
                  sys_cap_mint(notification, CAP_SELF_TASK, no_grant, RIGHT_READ | RIGHT_WRITE, 0));
    expect_result("task_map_anon of the IPC buffers", 0,
                  sys_task_map_anon(CAP_SELF_TASK, MAIN_BUFFER, 2, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of main", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, MAIN_BUFFER));
    int t = expect_success("thread_new T", thread_new(server, NULL, PRIORITY_DEFAULT));
    t_receive_slot = free_slot(t); /* free slots once T's own capability has one */
    empty_slot = free_slot(t_receive_slot);
    int main_receive_slot = free_slot(empty_slot);
    expect_result("thread_set_ipc_buffer of T", 0, sys_thread_set_ipc_buffer(t, T_BUFFER));
    expect_result("thread_resume T", 0, sys_thread_resume(t));
    test_wait_until(t_waiting, 100, "T started its receive"); /* and blocked while we slept */

    expect_refused("a call offering an empty slot", (unsigned)empty_slot, ERR_INVALID_CAP);
    expect_refused("a call offering a slot beyond the space", FAR_SLOT, ERR_INVALID_CAP);
    expect_refused("a call offering a capability without RIGHT_GRANT", (unsigned)no_grant,
                   ERR_NO_RIGHTS);
    expect_result("thread_set_ipc_buffer(0) of main", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, 0));
    expect_refused("a call offering a capability without an IPC buffer", (unsigned)notification,
                   ERR_INVALID);
    expect_result("thread_set_ipc_buffer of main again", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, MAIN_BUFFER));

    struct ipc_message reply;
    main_buffer->send_cap_slot = (unsigned)notification;
    main_buffer->receive_cap_slot = (unsigned)main_receive_slot;
    expect_result("the good call", 0,
                  sys_call(endpoint, IPC_TAG(LABEL_REQUEST, 2, 1), WORD_A, WORD_B, 0, &reply));
    if (!t_received || t_message.tag != IPC_TAG(LABEL_REQUEST, 2, 1) || t_received_cap != 1 ||
        t_message.words[0] != WORD_A || t_message.words[1] != WORD_B ||
        t_words[0] != WORD_A || t_words[1] != WORD_B)
        test_fail("the request, expected tag 0x%x with a capability and words 0x%x 0x%x in "
                  "registers and buffer, seen tag 0x%x received_cap %u registers 0x%x 0x%x "
                  "buffer 0x%x 0x%x", IPC_TAG(LABEL_REQUEST, 2, 1), WORD_A, WORD_B,
                  t_message.tag, t_received_cap, t_message.words[0], t_message.words[1],
                  t_words[0], t_words[1]);
    if ((sys_cap_identify(t_receive_slot) & 0xFF) != OBJECT_NOTIFICATION)
        test_fail("T's receive slot, expected the notification, seen 0x%x",
                  sys_cap_identify(t_receive_slot));
    expect_result("T's reply_recv offering an empty slot", ERR_INVALID_CAP, t_refused_reply);
    expect_result("T's good reply (it ran)", 0, t_reply_result);
    if (reply.tag != IPC_TAG(LABEL_ANSWER, 1, 1) || reply.words[0] != WORD_ANSWER ||
        main_buffer->received_cap != 1 || main_buffer->words[0] != WORD_ANSWER)
        test_fail("the reply, expected tag 0x%x with a capability and word 0x%x, seen tag 0x%x "
                  "received_cap %u word 0x%x buffer word 0x%x", IPC_TAG(LABEL_ANSWER, 1, 1),
                  WORD_ANSWER, reply.tag, main_buffer->received_cap, reply.words[0],
                  main_buffer->words[0]);
    if ((sys_cap_identify(main_receive_slot) & 0xFF) != OBJECT_NOTIFICATION)
        test_fail("main's receive slot, expected the notification back, seen 0x%x",
                  sys_cap_identify(main_receive_slot));
    test_print("refused messages leave the partner waiting");
    return 0;
}
