/*
 * ipc_cap_reread - a sender that blocked has its offered capability read again when its
 * message is taken, not the one the kernel checked when it started to send.
 *
 * The kernel checks a capability message when the send starts (check_message in
 * sys_ipc.c) and, when the receiver is already waiting, transfers the capability it just
 * looked up. A sender that has to wait is a different case: by the time a receiver comes,
 * its buffer may name another capability, and the transfer must read it again.
 *
 * Main and a second thread T share the task. T offers a notification capability
 * (send_cap_slot) and sends on an endpoint nobody receives on yet, so it blocks. Main then
 * writes an endpoint capability's slot into T's send_cap_slot and receives.
 *
 * Expected: the capability that arrives is the endpoint (the slot in T's buffer when the
 * message was taken); the program prints "a blocked sender's buffer is read again" and
 * exits 0.
 */
#define TEST_NAME "ipc_cap_reread"
#include "thread_start.h"
#include "user_test.h"

#define MAIN_BUFFER 0x50000000u
#define T_BUFFER 0x50001000u
#define LABEL_OFFER 5

static struct ipc_buffer *const main_buffer = (struct ipc_buffer *)MAIN_BUFFER;
static struct ipc_buffer *const t_buffer = (struct ipc_buffer *)T_BUFFER;
static volatile int endpoint, notification;
static volatile bool t_sending;
static volatile int t_result = 1;

static void sender(void *unused)
{
    (void)unused;
    t_buffer->send_cap_slot = (unsigned)notification;
    t_sending = true;
    t_result = sys_send(endpoint, IPC_TAG(LABEL_OFFER, 0, 1), 0, 0, 0);
}

static int free_slot(void)
{
    for (int slot = CAP_ROOT_IO_CONTROL + 1; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    notification = expect_success("notification_create", sys_notification_create());
    expect_result("task_map_anon of the IPC buffers", 0,
                  sys_task_map_anon(CAP_SELF_TASK, MAIN_BUFFER, 2, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of main", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, MAIN_BUFFER));
    int t = expect_success("thread_new T", thread_new(sender, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of T", 0, sys_thread_set_ipc_buffer(t, T_BUFFER));
    expect_result("thread_resume T", 0, sys_thread_resume(t));
    test_wait_until(t_sending, 100, "T started its send"); /* and blocked while we slept */

    t_buffer->send_cap_slot = (unsigned)endpoint; /* T waits in the endpoint's queue */
    int slot = free_slot();
    main_buffer->receive_cap_slot = (unsigned)slot;
    struct ipc_message m;
    expect_result("recv", 0, sys_recv(endpoint, &m));
    test_wait_until(t_result != 1, 100, "T's send returned");
    expect_result("T's send", 0, t_result);
    if (!IPC_TAG_HAS_CAP(m.tag) || main_buffer->received_cap != 1)
        test_fail("a capability with the message, expected one, seen tag 0x%x received_cap %u",
                  m.tag, main_buffer->received_cap);
    int type = sys_cap_identify(slot) & 0xFF;
    if (type != OBJECT_ENDPOINT)
        test_fail("the capability received, expected the endpoint (type %d) that T's buffer "
                  "named when the message was taken, seen type %d (the notification is %d): "
                  "the kernel kept what it checked when T started to send", OBJECT_ENDPOINT,
                  type, OBJECT_NOTIFICATION);
    test_print("a blocked sender's buffer is read again");
    return 0;
}
