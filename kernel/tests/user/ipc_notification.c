/*
 * ipc_notification - signal ORs badges into a notification's bits; wait takes them.
 *
 *   1. Signals through capabilities minted with badges 0x1 and 0x4, with nobody waiting,
 *      accumulate: wait returns 0x5 at once. The bits are cleared: a signal through the
 *      unbadged original capability then makes wait return 1.
 *   2. A thread waits; 10 ticks later it is still waiting. Main signals with badge 0x2: the
 *      thread wakes with bits 0x2.
 *   3. Two threads signal with badges 0x10 and 0x20 before main waits: 0x30.
 *   4. wait through a write-only capability, and signal through a read-only one:
 *      ERR_NO_RIGHTS.
 *   5. A waiting thread is suspended: it leaves the waiters (a signal now only sets the
 *      bits, which main then takes: 0x2), and resumed, its wait returns ERR_ABORTED. A
 *      second waiter is deleted (its last capability) while waiting: the kernel lives on,
 *      and a later signal and wait work.
 *
 * Expected: one "ipc_notification: ..." line per step, then
 * "ipc_notification: all notification checks passed"; exit 0.
 */
#define TEST_NAME "ipc_notification"
#include "thread_start.h"
#include "user_test.h"

#define NOT_YET 0 /* wait never returns 0 */
#define WAIT_TICKS 1000

static int notification;
static volatile int waited_bits = NOT_YET;

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int mint(unsigned rights, unsigned badge)
{
    int slot = free_slot();
    expect_result("cap_mint of the notification", 0,
                  sys_cap_mint(notification, CAP_SELF_TASK, slot, rights, badge));
    return slot;
}

static void waiter(void *unused)
{
    (void)unused;
    waited_bits = sys_wait(notification);
}

static void signaller(void *arg)
{
    expect_result("signal from a thread", 0, sys_signal((int)arg));
}

int main(const struct user_boot_info *info)
{
    (void)info;
    notification = expect_success("notification_create", sys_notification_create());
    int badge1 = mint(RIGHT_WRITE, 0x1), badge2 = mint(RIGHT_WRITE, 0x2);
    int badge4 = mint(RIGHT_WRITE, 0x4);

    /* 1. Accumulate, take, clear. */
    expect_result("signal with badge 0x1", 0, sys_signal(badge1));
    expect_result("signal with badge 0x4", 0, sys_signal(badge4));
    expect_result("signal with badge 0x4 again", 0, sys_signal(badge4));
    expect_result("wait after signals 0x1, 0x4, 0x4", 0x5, sys_wait(notification));
    expect_result("signal through the unbadged capability", 0, sys_signal(notification));
    expect_result("wait after an unbadged signal (the bits were cleared)", 0x1,
                  sys_wait(notification));
    test_print("signals 0x1, 0x4, 0x4: wait returned 0x5; cleared; unbadged signal: 0x1");

    /* 2. wait blocks until a signal. */
    expect_success("thread_start of the waiter", thread_start(waiter, NULL, PRIORITY_DEFAULT));
    sys_sleep(10);
    if (waited_bits != NOT_YET)
        test_fail("the waiter, expected blocked, seen it return %d", waited_bits);
    expect_result("signal with badge 0x2", 0, sys_signal(badge2));
    test_wait_until(waited_bits != NOT_YET, WAIT_TICKS, "the waiter woken by the signal");
    expect_result("the bits the woken waiter got", 0x2, waited_bits);
    test_print("a waiter blocked for 10 ticks and woke with 0x2 when signalled");

    /* 3. Signals from two threads. */
    expect_success("thread_start of a signaller",
                   thread_start(signaller, (void *)mint(RIGHT_WRITE, 0x10), PRIORITY_DEFAULT));
    expect_success("thread_start of a signaller",
                   thread_start(signaller, (void *)mint(RIGHT_WRITE, 0x20), PRIORITY_DEFAULT));
    sys_sleep(5);
    expect_result("wait after two threads signalled 0x10 and 0x20", 0x30, sys_wait(notification));
    test_print("signals from two threads: 0x30");

    /* 4. Rights. */
    expect_result("wait through a write-only capability", ERR_NO_RIGHTS, sys_wait(badge1));
    expect_result("signal through a read-only capability", ERR_NO_RIGHTS,
                  sys_signal(mint(RIGHT_READ, 0x8)));
    test_print("wait needs RIGHT_READ, signal RIGHT_WRITE: ERR_NO_RIGHTS");

    /* 5. A waiter suspended, then one deleted, while waiting. */
    waited_bits = NOT_YET;
    int suspended = expect_success("thread_start of a waiter to suspend",
                                   thread_start(waiter, NULL, PRIORITY_DEFAULT));
    sys_sleep(5);
    expect_result("thread_suspend of the waiting thread", 0, sys_thread_suspend(suspended));
    expect_result("signal with badge 0x2, nobody waiting now", 0, sys_signal(badge2));
    expect_result("wait takes the bits the suspended thread did not", 0x2, sys_wait(notification));
    expect_result("thread_resume of the suspended waiter", 0, sys_thread_resume(suspended));
    test_wait_until(waited_bits != NOT_YET, WAIT_TICKS, "the resumed waiter's return from wait");
    expect_result("the resumed waiter's wait", ERR_ABORTED, waited_bits);
    waited_bits = NOT_YET;
    int deleted = expect_success("thread_start of a waiter to delete",
                                 thread_start(waiter, NULL, PRIORITY_DEFAULT));
    sys_sleep(5);
    expect_result("cap_delete of the waiting thread's only capability", 0, sys_cap_delete(deleted));
    expect_result("signal with badge 0x4 after the waiter died", 0, sys_signal(badge4));
    expect_result("wait after the waiter died", 0x4, sys_wait(notification));
    if (waited_bits != NOT_YET)
        test_fail("the deleted waiter, expected it never to return, seen %d", waited_bits);
    test_print("a suspended waiter left the waiters (ERR_ABORTED on resume); a deleted one too");
    test_print("all notification checks passed");
    return 0;
}
