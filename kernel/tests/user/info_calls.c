/*
 * info_calls - task_info, thread_info and task_cap_info report what a task, a thread and a
 * task's capability space hold, and refuse what docs/syscalls.md says they refuse.
 *
 *   1. task_info of a child task "info_child" (created here, running nothing): its id (the
 *      test compares it with the child's task_name trace record), its quota limit, quota
 *      used (three pages and a page table mapped raise it by 4 pages), user pages (0, 3
 *      after task_map_anon, 4 with a frame mapped, 3 once unmapped), threads (0, 1, 2, and
 *      1 after the second one's last capability is deleted), capability slots (64, then 128
 *      once a capability lands in slot 100). Of the root task itself: quota used and limit
 *      as debug_info reports them, one user page more after a task_map_anon of one page.
 *   2. thread_info of threads of this task, one in each state: running (the caller),
 *      ready (a lower priority), blocked sending, receiving, on a reply, on a notification,
 *      sleeping, suspended, dead; a priority set to 3 reads 3; their task id is the root task's, and
 *      a dead thread's is ERR_DEAD. The root's thread count is 1 + the live ones.
 *   3. task_cap_info of the child's slots: its self capability and its thread (as
 *      cap_identify would see them there), a minted endpoint (rights and badge 0x1234), a
 *      badge 0x7FFFFFFF, a badge 0x80000000 (ERR_INVALID), empty slots (0, 0), slot 4095 (0),
 *      slot 4096 (ERR_INVALID_CAP). Of the root's own slots 0..63: the same as cap_identify.
 *   4. Refusals, for all three calls: an unknown key (ERR_INVALID), an empty slot
 *      (ERR_INVALID_CAP), a capability of the wrong type (ERR_WRONG_TYPE), one without
 *      RIGHT_READ (ERR_NO_RIGHTS).
 *
 * Expected: one "info_calls: ..." line per step (the first: "child task id N"), then
 * "info_calls: all info checks passed"; exit 0.
 */
#define TEST_NAME "info_calls"
#include "thread_start.h"
#include "user_test.h"

#define PAGE 4096u
#define CHILD_QUOTA (64 * 1024)
#define CHILD_MAP_BASE 0x10000000u /* a fresh page table in the child */
#define ROOT_MAP_PAGE 0x50000000u
#define CHILD_FAR_SLOT 100        /* beyond the child's first page of slots */
#define ENDPOINT_BADGE 0x1234
#define SET_PRIORITY 3

static int free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int mint(int source, unsigned rights)
{
    int slot = free_slot();
    expect_result("cap_mint into the root task", 0, sys_cap_mint(source, CAP_SELF_TASK, slot, rights, 0));
    return slot;
}

static int task_value(int task, unsigned key, const char *what)
{
    return expect_success(what, sys_task_info(task, key));
}

/* --- 1. task_info ------------------------------------------------------------------------- */

static void check_task_info(int child)
{
    int id = task_value(child, TASK_INFO_ID, "task_info(child, TASK_INFO_ID)");
    test_print("child task id %d", id);
    if (id == task_value(CAP_SELF_TASK, TASK_INFO_ID, "task_info(self, TASK_INFO_ID)"))
        test_fail("the child's task id, expected one other than the root's, seen the same %d", id);
    expect_result("task_info(child, TASK_INFO_QUOTA_LIMIT)", CHILD_QUOTA,
                  sys_task_info(child, TASK_INFO_QUOTA_LIMIT));
    expect_result("task_info(self, TASK_INFO_QUOTA_LIMIT) against debug_info",
                  sys_debug_info(DEBUG_INFO_QUOTA_LIMIT), sys_task_info(CAP_SELF_TASK, TASK_INFO_QUOTA_LIMIT));
    expect_result("task_info(self, TASK_INFO_QUOTA_USED) against debug_info",
                  sys_debug_info(DEBUG_INFO_QUOTA_USED), sys_task_info(CAP_SELF_TASK, TASK_INFO_QUOTA_USED));

    int used = task_value(child, TASK_INFO_QUOTA_USED, "task_info(child, TASK_INFO_QUOTA_USED)");
    expect_result("task_info(child, TASK_INFO_USER_PAGES) before any map", 0,
                  sys_task_info(child, TASK_INFO_USER_PAGES));
    expect_result("task_map_anon of 3 pages into the child", 0,
                  sys_task_map_anon(child, CHILD_MAP_BASE, 3, MAP_WRITABLE));
    expect_result("task_info(child, TASK_INFO_QUOTA_USED) after 3 pages and a page table",
                  used + 4 * (int)PAGE, sys_task_info(child, TASK_INFO_QUOTA_USED));
    expect_result("task_info(child, TASK_INFO_USER_PAGES) after 3 pages", 3,
                  sys_task_info(child, TASK_INFO_USER_PAGES));
    int frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map into the child", 0,
                  sys_frame_map(frame, child, CHILD_MAP_BASE + 3 * PAGE, FRAME_MAP_WRITABLE));
    expect_result("task_info(child, TASK_INFO_USER_PAGES) with a frame mapped", 4,
                  sys_task_info(child, TASK_INFO_USER_PAGES));
    expect_result("frame_unmap", 0, sys_frame_unmap(frame));
    expect_result("task_info(child, TASK_INFO_USER_PAGES) after frame_unmap", 3,
                  sys_task_info(child, TASK_INFO_USER_PAGES));
    test_print("child: quota limit 64 KiB, +4 pages used, user pages 0, 3, 4, 3");

    int root_pages = task_value(CAP_SELF_TASK, TASK_INFO_USER_PAGES, "task_info(self, TASK_INFO_USER_PAGES)");
    expect_result("task_map_anon of 1 page into the root", 0,
                  sys_task_map_anon(CAP_SELF_TASK, ROOT_MAP_PAGE, 1, MAP_WRITABLE));
    expect_result("task_info(self, TASK_INFO_USER_PAGES) after one page more", root_pages + 1,
                  sys_task_info(CAP_SELF_TASK, TASK_INFO_USER_PAGES));
    test_print("root: %d user pages, then %d", root_pages, root_pages + 1);

    expect_result("task_info(child, TASK_INFO_THREADS) before any thread", 0,
                  sys_task_info(child, TASK_INFO_THREADS));
    int stack_top = (int)(CHILD_MAP_BASE + 3 * PAGE);
    int first = expect_success("thread_create in the child",
                               sys_thread_create(child, CHILD_MAP_BASE, stack_top, PRIORITY_DEFAULT));
    expect_result("task_info(child, TASK_INFO_THREADS) after one thread", 1,
                  sys_task_info(child, TASK_INFO_THREADS));
    int second = expect_success("thread_create in the child",
                                sys_thread_create(child, CHILD_MAP_BASE, stack_top, PRIORITY_DEFAULT));
    expect_result("task_info(child, TASK_INFO_THREADS) after two threads", 2,
                  sys_task_info(child, TASK_INFO_THREADS));
    expect_result("thread_info(child's thread, THREAD_INFO_TASK_ID)", id,
                  sys_thread_info(first, THREAD_INFO_TASK_ID));
    expect_result("cap_delete of the second thread's only capability", 0, sys_cap_delete(second));
    expect_result("task_info(child, TASK_INFO_THREADS) after one was destroyed", 1,
                  sys_task_info(child, TASK_INFO_THREADS));
    test_print("child threads 0, 1, 2, then 1 once the second's last capability went");

    expect_result("task_info(child, TASK_INFO_CSPACE_SLOTS)", CSPACE_SLOTS,
                  sys_task_info(child, TASK_INFO_CSPACE_SLOTS));
    expect_result("cap_copy of the frame into the child's slot 100", 0,
                  sys_cap_copy(frame, child, CHILD_FAR_SLOT));
    expect_result("task_info(child, TASK_INFO_CSPACE_SLOTS) after slot 100 was filled",
                  2 * CSPACE_SLOTS, sys_task_info(child, TASK_INFO_CSPACE_SLOTS));
    test_print("child capability slots 64, then 128");
}

/* --- 2. thread_info ----------------------------------------------------------------------- */

static int endpoint_recv, endpoint_send, endpoint_call, notification;
static volatile int exited_thread_ran;

static void receiver(void *unused) { (void)unused; struct ipc_message m; sys_recv(endpoint_recv, &m); }
static void sender(void *unused) { (void)unused; sys_send(endpoint_send, IPC_TAG(1, 0, 0), 0, 0, 0); }
static void caller(void *unused) { (void)unused; struct ipc_message m; sys_call(endpoint_call, IPC_TAG(2, 0, 0), 0, 0, 0, &m); }
static void waiter(void *unused) { (void)unused; sys_wait(notification); }
static void sleeper(void *unused) { (void)unused; sys_sleep(SLEEP_MAX_TICKS); }
static void exiter(void *unused) { (void)unused; exited_thread_ran = 1; }
static void spinner(void *unused) { (void)unused; for (;;) sys_yield(); }

static void expect_state(const char *what, int thread, int state)
{
    expect_result(what, state, sys_thread_info(thread, THREAD_INFO_STATE));
}

static void check_thread_info(void)
{
    int priority = expect_success("thread_info(self, THREAD_INFO_PRIORITY)",
                                  sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_PRIORITY));
    int threads_before = task_value(CAP_SELF_TASK, TASK_INFO_THREADS, "task_info(self, TASK_INFO_THREADS)");
    endpoint_recv = expect_success("endpoint_create", sys_endpoint_create());
    endpoint_send = expect_success("endpoint_create", sys_endpoint_create());
    endpoint_call = expect_success("endpoint_create", sys_endpoint_create());
    notification = expect_success("notification_create", sys_notification_create());

    /* The same priority as ours: none runs before this thread sleeps. */
    int receiving = expect_success("thread_start", thread_start(receiver, NULL, priority));
    int sending = expect_success("thread_start", thread_start(sender, NULL, priority));
    int calling = expect_success("thread_start", thread_start(caller, NULL, priority));
    int waiting = expect_success("thread_start", thread_start(waiter, NULL, priority));
    int sleeping = expect_success("thread_start", thread_start(sleeper, NULL, priority));
    int exiting = expect_success("thread_start", thread_start(exiter, NULL, priority));
    int suspended = expect_success("thread_new", thread_new(spinner, NULL, priority));
    /* Below our priority: it is ready whenever this thread runs. */
    int ready = expect_success("thread_start", thread_start(spinner, NULL, priority - 1));
    expect_state("a thread of lower priority, resumed", ready, THREAD_STATE_READY);
    expect_state("the calling thread itself", CAP_SELF_THREAD, THREAD_STATE_RUNNING);
    sys_sleep(2);
    test_wait_until(exited_thread_ran, 100, "the exiting thread's run");
    sys_sleep(1);

    struct ipc_message call;
    expect_result("recv of the caller's call", 0, sys_recv(endpoint_call, &call));
    int reply = expect_success("reply_save of the caller's reply", sys_reply_save());

    expect_state("a thread in recv", receiving, THREAD_STATE_BLOCKED_RECV);
    expect_state("a thread in send with no receiver", sending, THREAD_STATE_BLOCKED_SEND);
    expect_state("a thread whose call was received", calling, THREAD_STATE_BLOCKED_REPLY);
    expect_state("a thread in wait", waiting, THREAD_STATE_BLOCKED_NOTIFICATION);
    expect_state("a thread in sleep", sleeping, THREAD_STATE_SLEEPING);
    expect_state("a thread never resumed", suspended, THREAD_STATE_SUSPENDED);
    expect_state("a thread of lower priority, after it ran", ready, THREAD_STATE_READY);
    expect_state("a thread that returned from its function", exiting, THREAD_STATE_DEAD);
    test_print("states: running, ready, blocked send, recv, reply, notification, sleeping, "
               "suspended, dead");

    expect_result("thread_set_priority of the sleeper", 0, sys_thread_set_priority(sleeping, SET_PRIORITY));
    expect_result("thread_info(sleeper, THREAD_INFO_PRIORITY)", SET_PRIORITY,
                  sys_thread_info(sleeping, THREAD_INFO_PRIORITY));
    expect_result("thread_info(dead thread, THREAD_INFO_PRIORITY)", priority,
                  sys_thread_info(exiting, THREAD_INFO_PRIORITY));
    int id = task_value(CAP_SELF_TASK, TASK_INFO_ID, "task_info(self, TASK_INFO_ID)");
    expect_result("thread_info(receiver, THREAD_INFO_TASK_ID)", id,
                  sys_thread_info(receiving, THREAD_INFO_TASK_ID));
    expect_result("thread_info(self, THREAD_INFO_TASK_ID)", id,
                  sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_TASK_ID));
    expect_result("thread_info(dead thread, THREAD_INFO_TASK_ID)", ERR_DEAD,
                  sys_thread_info(exiting, THREAD_INFO_TASK_ID));
    expect_result("task_info(self, TASK_INFO_THREADS): seven more live threads", threads_before + 7,
                  sys_task_info(CAP_SELF_TASK, TASK_INFO_THREADS));
    test_print("priority 3 set, 3 read; task ids the root's, a dead thread's ERR_DEAD; "
               "threads %d, then %d", threads_before, threads_before + 7);

    expect_result("reply to the caller", 0, sys_reply(reply, IPC_TAG(0, 0, 0), 0, 0, 0));
    sys_sleep(1);
    expect_state("the caller after the reply (its function returned)", calling, THREAD_STATE_DEAD);
}

/* --- 3. task_cap_info --------------------------------------------------------------------- */

static void expect_cap(int task, unsigned slot, int identity, int badge, const char *what)
{
    expect_result(what, identity, sys_task_cap_info(task, slot, TASK_CAP_INFO_IDENTITY));
    expect_result(what, badge, sys_task_cap_info(task, slot, TASK_CAP_INFO_BADGE));
}

static void check_task_cap_info(int child)
{
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("cap_mint of the endpoint into the child's slot 5", 0,
                  sys_cap_mint(endpoint, child, 5, RIGHT_WRITE | RIGHT_GRANT, ENDPOINT_BADGE));
    expect_result("cap_mint with badge 0x7FFFFFFF into slot 6", 0,
                  sys_cap_mint(endpoint, child, 6, RIGHT_WRITE, 0x7FFFFFFFu));
    expect_result("cap_mint with badge 0x80000000 into slot 7", 0,
                  sys_cap_mint(endpoint, child, 7, RIGHT_WRITE, 0x80000000u));

    expect_cap(child, CAP_SELF_TASK, OBJECT_TASK | RIGHTS_ALL << 8, 0, "the child's slot 0");
    expect_cap(child, CAP_SELF_THREAD, OBJECT_THREAD | RIGHTS_ALL << 8, 0, "the child's slot 1");
    expect_cap(child, 5, OBJECT_ENDPOINT | (RIGHT_WRITE | RIGHT_GRANT) << 8, ENDPOINT_BADGE,
               "the child's slot 5 (a minted endpoint)");
    expect_cap(child, 6, OBJECT_ENDPOINT | RIGHT_WRITE << 8, 0x7FFFFFFF, "the child's slot 6");
    expect_result("the child's slot 7 (badge 0x80000000), identity", OBJECT_ENDPOINT | RIGHT_WRITE << 8,
                  sys_task_cap_info(child, 7, TASK_CAP_INFO_IDENTITY));
    expect_result("the child's slot 7 (badge 0x80000000), badge", ERR_INVALID,
                  sys_task_cap_info(child, 7, TASK_CAP_INFO_BADGE));
    expect_cap(child, 8, OBJECT_NONE, 0, "the child's empty slot 8");
    expect_cap(child, CHILD_FAR_SLOT, OBJECT_FRAME | RIGHTS_ALL << 8, 0, "the child's slot 100");
    expect_cap(child, CSPACE_MAX_SLOTS - 1, OBJECT_NONE, 0, "the child's slot CSPACE_MAX_SLOTS - 1 (not grown to)");
    expect_result("task_cap_info of slot CSPACE_MAX_SLOTS", ERR_INVALID_CAP,
                  sys_task_cap_info(child, CSPACE_MAX_SLOTS, TASK_CAP_INFO_IDENTITY));
    expect_result("task_cap_info of slot 0xFFFFFFFF", ERR_INVALID_CAP,
                  sys_task_cap_info(child, 0xFFFFFFFFu, TASK_CAP_INFO_BADGE));
    for (int slot = 0; slot < CSPACE_SLOTS; slot++)
        expect_result("task_cap_info(self, slot) against cap_identify(slot)", sys_cap_identify(slot),
                      sys_task_cap_info(CAP_SELF_TASK, (unsigned)slot, TASK_CAP_INFO_IDENTITY));
    test_print("child slots: task, thread, endpoint 0x%x badge 0x%x, badge 0x7fffffff, "
               "badge 0x80000000 ERR_INVALID, empty 0, slot 4096 ERR_INVALID_CAP",
               (unsigned)(OBJECT_ENDPOINT | (RIGHT_WRITE | RIGHT_GRANT) << 8), ENDPOINT_BADGE);
}

/* --- 4. Refusals -------------------------------------------------------------------------- */

static void check_refusals(int child)
{
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int task_no_read = mint(child, RIGHTS_ALL & ~RIGHT_READ);
    int thread_no_read = mint(CAP_SELF_THREAD, RIGHTS_ALL & ~RIGHT_READ);
    int empty = free_slot();

    expect_result("task_info with key TASK_INFO_LAST + 1", ERR_INVALID, sys_task_info(child, TASK_INFO_LAST + 1));
    expect_result("task_info with key 0xFFFFFFFF", ERR_INVALID, sys_task_info(child, 0xFFFFFFFFu));
    expect_result("task_info of an empty slot", ERR_INVALID_CAP, sys_task_info(empty, TASK_INFO_ID));
    expect_result("task_info of slot CSPACE_MAX_SLOTS", ERR_INVALID_CAP, sys_task_info(CSPACE_MAX_SLOTS, TASK_INFO_ID));
    expect_result("task_info of an endpoint", ERR_WRONG_TYPE, sys_task_info(endpoint, TASK_INFO_ID));
    expect_result("task_info without RIGHT_READ", ERR_NO_RIGHTS, sys_task_info(task_no_read, TASK_INFO_ID));

    expect_result("thread_info with key THREAD_INFO_LAST + 1", ERR_INVALID,
                  sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_LAST + 1));
    expect_result("thread_info of an empty slot", ERR_INVALID_CAP, sys_thread_info(empty, THREAD_INFO_STATE));
    expect_result("thread_info of a task", ERR_WRONG_TYPE, sys_thread_info(CAP_SELF_TASK, THREAD_INFO_STATE));
    expect_result("thread_info without RIGHT_READ", ERR_NO_RIGHTS,
                  sys_thread_info(thread_no_read, THREAD_INFO_STATE));

    expect_result("task_cap_info with key TASK_CAP_INFO_LAST + 1", ERR_INVALID,
                  sys_task_cap_info(child, 0, TASK_CAP_INFO_LAST + 1));
    expect_result("task_cap_info of an empty slot", ERR_INVALID_CAP,
                  sys_task_cap_info(empty, 0, TASK_CAP_INFO_IDENTITY));
    expect_result("task_cap_info of an endpoint", ERR_WRONG_TYPE,
                  sys_task_cap_info(endpoint, 0, TASK_CAP_INFO_IDENTITY));
    expect_result("task_cap_info without RIGHT_READ", ERR_NO_RIGHTS,
                  sys_task_cap_info(task_no_read, 0, TASK_CAP_INFO_IDENTITY));
    test_print("unknown keys ERR_INVALID, empty ERR_INVALID_CAP, wrong type ERR_WRONG_TYPE, "
               "no RIGHT_READ ERR_NO_RIGHTS: all three calls");
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int child = expect_success("task_create of the child", sys_task_create(CHILD_QUOTA, "info_child"));
    check_task_info(child);
    check_thread_info();
    check_task_cap_info(child);
    check_refusals(child);
    test_print("all info checks passed");
    return 0;
}
