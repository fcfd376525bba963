/*
 * ipc_bound_notification - a notification bound to a thread: one receive returns either a
 * client's message or the notification's bits, and the result tells which.
 *
 * The main thread binds notification N to itself and receives on endpoint E.
 *   1. Bits pending before the receive: recv returns IPC_RECEIVED_NOTIFICATION at once, the
 *      bits (0x4) in the badge, tag IPC_TAG(IPC_LABEL_NOTIFICATION, 0, 0); the bits are
 *      cleared (nb_recv then: ERR_WOULD_BLOCK). A signal while main waits in recv ends the
 *      receive with the bits (0x2). A sender waiting and bits pending: the bits come first,
 *      then the message (result 0, its badge and words).
 *   2. reply_recv with bits pending (a client waits for the reply, as on the fast path):
 *      the reply is delivered and the receive returns the bits at once, not a message sent
 *      20 ticks later.
 *   3. Rights and types: bind needs RIGHT_CONTROL on the thread and RIGHT_READ on the
 *      notification (ERR_NO_RIGHTS), the right types (ERR_WRONG_TYPE). One per side: a
 *      second notification for main, N for another thread, a notification someone waits
 *      on: ERR_EXISTS. wait() on N by another thread: ERR_NO_RIGHTS; by main: the bits.
 *   4. Unbind: then a signal no longer ends a receive (nb_recv: ERR_WOULD_BLOCK) and
 *      another thread may wait() on N; a second unbind is ERR_NOT_FOUND.
 *   5. Destroying either side unbinds: notification N2 bound to a thread blocked in recv is
 *      deleted: the thread stays in its receive and gets the next message normally, and
 *      can be bound again. A thread bound to N3 is killed: N3 can be bound to another.
 *
 * Expected: one "ipc_bound_notification: ..." line per step, then
 * "ipc_bound_notification: all bound-notification checks passed"; exit 0.
 */
#define TEST_NAME "ipc_bound_notification"
#include "thread_start.h"
#include "user_test.h"

#define WAIT_TICKS 1000
#define NOT_YET 0x7FFF /* a result no call returns here */
#define LABEL_REQUEST 0x40
#define NOTIFICATION_TAG IPC_TAG(IPC_LABEL_NOTIFICATION, 0, 0)

static int endpoint, notification;

struct helper {
    int endpoint, notification; /* what it uses */
    unsigned delay;             /* ticks to sleep first */
    volatile int result;
    struct ipc_message message;
    int thread;
};

static int free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int mint(int source, unsigned rights, unsigned badge)
{
    int slot = free_slot();
    expect_result("cap_mint", 0, sys_cap_mint(source, CAP_SELF_TASK, slot, rights, badge));
    return slot;
}

static void later_signal(void *arg)
{
    struct helper *h = arg;
    sys_sleep(h->delay);
    h->result = sys_signal(h->notification);
}

static void later_send(void *arg)
{
    struct helper *h = arg;
    sys_sleep(h->delay);
    h->result = sys_send(h->endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), 0x1A7E, 0, 0);
}

static void do_call(void *arg)
{
    struct helper *h = arg;
    h->result = sys_call(h->endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), 0xCA11, 0, 0, &h->message);
}

static void do_recv(void *arg)
{
    struct helper *h = arg;
    h->result = sys_recv(h->endpoint, &h->message);
}

static void do_wait(void *arg)
{
    struct helper *h = arg;
    h->result = sys_wait(h->notification);
}

static struct helper *start(void (*fn)(void *), int endpoint_slot, int notification_slot, unsigned delay)
{
    static struct helper helpers[16];
    static unsigned count;
    struct helper *h = &helpers[count++];
    h->endpoint = endpoint_slot, h->notification = notification_slot, h->delay = delay;
    h->result = NOT_YET;
    h->thread = expect_success("thread_start of a helper", thread_start(fn, h, PRIORITY_DEFAULT));
    return h;
}

static void expect_bits(int result, const struct ipc_message *m, unsigned bits, const char *what)
{
    expect_result(what, IPC_RECEIVED_NOTIFICATION, result);
    if (m->badge != bits || m->tag != NOTIFICATION_TAG)
        test_fail("%s, expected bits 0x%x tag 0x%x, seen badge 0x%x tag 0x%x", what, bits,
                  NOTIFICATION_TAG, m->badge, m->tag);
}

static void expect_message(int result, const struct ipc_message *m, unsigned badge, unsigned word,
                           const char *what)
{
    expect_result(what, 0, result);
    if (m->badge != badge || m->tag != IPC_TAG(LABEL_REQUEST, 1, 0) || m->words[0] != word)
        test_fail("%s, expected badge 0x%x word 0x%x, seen badge 0x%x tag 0x%x word 0x%x", what,
                  badge, word, m->badge, m->tag, m->words[0]);
}

static void one_receive_two_sources(void)
{
    struct ipc_message m;
    int signal4 = mint(notification, RIGHT_WRITE, 0x4), signal2 = mint(notification, RIGHT_WRITE, 0x2);
    expect_result("thread_bind_notification of N to main", 0,
                  sys_thread_bind_notification(CAP_SELF_THREAD, notification));
    expect_result("signal 0x4", 0, sys_signal(signal4));
    expect_bits(sys_recv(endpoint, &m), &m, 0x4, "recv with bits 0x4 pending");
    expect_result("nb_recv after the bits were taken", ERR_WOULD_BLOCK, sys_nb_recv(endpoint, &m));
    start(later_signal, 0, signal2, 5);
    expect_bits(sys_recv(endpoint, &m), &m, 0x2, "recv ended by a signal 0x2");
    int badged = mint(endpoint, RIGHT_WRITE, 0x77);
    struct helper *sender = start(later_send, badged, 0, 0);
    sys_sleep(3); /* the sender waits in E's queue */
    expect_result("signal 0x4 with a sender waiting", 0, sys_signal(signal4));
    expect_bits(sys_recv(endpoint, &m), &m, 0x4, "recv with bits pending and a sender waiting");
    expect_message(sys_recv(endpoint, &m), &m, 0x77, 0x1A7E, "the next recv: the waiting sender");
    test_wait_until(sender->result != NOT_YET, WAIT_TICKS, "the sender's send");
    test_print("bits pending, bits while waiting, bits before a waiting sender: each told apart");

    struct helper *client = start(do_call, badged, 0, 0);
    expect_message(sys_recv(endpoint, &m), &m, 0x77, 0xCA11, "the call's request");
    start(later_send, badged, 0, 20);
    expect_result("signal 0x2 before reply_recv", 0, sys_signal(signal2));
    expect_bits(sys_reply_recv(endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), 0xA5, 0, 0, &m), &m, 0x2,
                "reply_recv with bits pending");
    test_wait_until(client->result != NOT_YET, WAIT_TICKS, "the client's call");
    expect_result("the client's call", 0, client->result);
    expect_result("the client's reply word", 0xA5, (int)client->message.words[0]);
    expect_message(sys_recv(endpoint, &m), &m, 0x77, 0x1A7E, "the late message, after the bits");
    test_print("reply_recv with bits pending: the reply went out, the bits came back at once");
}

static void rights_and_one_per_side(void)
{
    int other = expect_success("notification_create", sys_notification_create());
    int write_only = mint(notification, RIGHT_WRITE, 0);
    int thread_no_control = mint(CAP_SELF_THREAD, RIGHT_READ | RIGHT_WRITE, 0);
    struct helper *idle = start(do_recv, expect_success("endpoint_create", sys_endpoint_create()), 0, 0);
    expect_result("bind through a thread cap without RIGHT_CONTROL", ERR_NO_RIGHTS,
                  sys_thread_bind_notification(thread_no_control, other));
    expect_result("bind through a write-only notification cap", ERR_NO_RIGHTS,
                  sys_thread_bind_notification(idle->thread, write_only));
    expect_result("bind of an endpoint", ERR_WRONG_TYPE, sys_thread_bind_notification(idle->thread, endpoint));
    expect_result("bind to a notification", ERR_WRONG_TYPE, sys_thread_bind_notification(other, other));
    expect_result("bind to an empty slot", ERR_INVALID_CAP, sys_thread_bind_notification(free_slot(), other));
    expect_result("a second notification for main", ERR_EXISTS,
                  sys_thread_bind_notification(CAP_SELF_THREAD, other));
    expect_result("N for a second thread", ERR_EXISTS, sys_thread_bind_notification(idle->thread, notification));
    struct helper *waiter = start(do_wait, 0, other, 0);
    sys_sleep(3);
    expect_result("bind of a notification a thread waits on", ERR_EXISTS,
                  sys_thread_bind_notification(idle->thread, other));
    expect_result("signal the other notification", 0, sys_signal(other));
    test_wait_until(waiter->result != NOT_YET, WAIT_TICKS, "the waiter on the other notification");
    struct helper *stranger = start(do_wait, 0, notification, 0);
    test_wait_until(stranger->result != NOT_YET, WAIT_TICKS, "wait on N by another thread");
    expect_result("wait on N by another thread", ERR_NO_RIGHTS, stranger->result);
    expect_result("signal N", 0, sys_signal(notification));
    expect_result("wait on N by main, the bound thread", 1, sys_wait(notification));
    test_print("bind rights, types and one-per-side enforced; only the bound thread may wait");
}

static void unbinding(void)
{
    struct ipc_message m;
    expect_result("thread_unbind_notification of main", 0, sys_thread_unbind_notification(CAP_SELF_THREAD));
    expect_result("a second unbind", ERR_NOT_FOUND, sys_thread_unbind_notification(CAP_SELF_THREAD));
    expect_result("signal N after the unbind", 0, sys_signal(notification));
    expect_result("nb_recv after the unbind, bits pending", ERR_WOULD_BLOCK, sys_nb_recv(endpoint, &m));
    struct helper *waiter = start(do_wait, 0, notification, 0);
    test_wait_until(waiter->result != NOT_YET, WAIT_TICKS, "wait on N by another thread after the unbind");
    expect_result("wait on N by another thread after the unbind", 1, waiter->result);
    test_print("unbound: receives ignore the bits, another thread may wait on N");
}

static void destroying_either_side(void)
{
    int n2 = expect_success("notification_create", sys_notification_create());
    int e2 = expect_success("endpoint_create", sys_endpoint_create());
    struct helper *receiver = start(do_recv, e2, 0, 0);
    sys_sleep(3);
    expect_result("bind N2 to the receiving thread", 0, sys_thread_bind_notification(receiver->thread, n2));
    expect_result("cap_delete of N2's only capability", 0, sys_cap_delete(n2));
    sys_sleep(5);
    if (receiver->result != NOT_YET)
        test_fail("the receiver after its bound notification died, expected still waiting, seen %d",
                  receiver->result);
    expect_result("send to the receiver", 0, sys_send(e2, IPC_TAG(LABEL_REQUEST, 1, 0), 0x1A7E, 0, 0));
    test_wait_until(receiver->result != NOT_YET, WAIT_TICKS, "the receiver's recv");
    expect_message(receiver->result, &receiver->message, 0, 0x1A7E, "the receiver's message");
    int n3 = expect_success("notification_create", sys_notification_create());
    expect_result("bind N3 to main (its binding was cleared by the unbind)", 0,
                  sys_thread_bind_notification(CAP_SELF_THREAD, n3));
    expect_result("unbind main again", 0, sys_thread_unbind_notification(CAP_SELF_THREAD));
    struct helper *doomed = start(do_recv, e2, 0, 0);
    sys_sleep(3);
    expect_result("bind N3 to a thread about to die", 0, sys_thread_bind_notification(doomed->thread, n3));
    expect_result("cap_delete of that thread's only capability", 0, sys_cap_delete(doomed->thread));
    expect_result("bind N3 to main after its thread died", 0, sys_thread_bind_notification(CAP_SELF_THREAD, n3));
    expect_result("signal N3", 0, sys_signal(n3));
    struct ipc_message m;
    expect_bits(sys_recv(e2, &m), &m, 1, "recv with N3's bits");
    expect_result("unbind main", 0, sys_thread_unbind_notification(CAP_SELF_THREAD));
    test_print("a deleted notification and a killed thread each unbound cleanly");
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    notification = expect_success("notification_create", sys_notification_create());
    one_receive_two_sources();
    rights_and_one_per_side();
    unbinding();
    destroying_either_side();
    test_print("all bound-notification checks passed");
    return 0;
}
