/*
 * quota_transfer - task_quota_give and task_quota_take move kernel-memory quota between a
 * parent and a child it created.
 *
 * The child tasks here run nothing: the root maps pages into them (task_map_anon charges
 * the child's quota), so how many pages fit shows the child's limit.
 *   1. Child A, 64 KiB: pages are mapped into it until ERR_QUOTA: P pages.
 *   2. Child B, 64 KiB: taking 16 KiB back lowers the root's use by 16 KiB; then P - 4
 *      pages fit. Giving 24 KiB raises the root's use by 24 KiB; then 6 more pages fit.
 *      Taking 4 KiB from B, which has less than that free, is ERR_QUOTA (never below what
 *      it uses); taking 0 is a no-op.
 *   3. Arithmetic and rules: a gift that would wrap B's limit past 2^32 is ERR_INVALID; one
 *      above the root's free quota is ERR_QUOTA; giving to the root itself (no quota
 *      parent), through a capability without RIGHT_CONTROL, or to a grandchild (a task a
 *      child created; a copy of this program creates it and hands its capability up) is
 *      ERR_NO_RIGHTS; a thread capability is ERR_WRONG_TYPE.
 *   4. Deleting the children gives every byte back: the root's quota use is what it was
 *      before they were created.
 *
 * Expected: one "quota_transfer: ..." line per step, then
 * "quota_transfer: all quota transfer checks passed"; exit 0.
 */
#define TEST_NAME "quota_transfer"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "user_test.h"

#define PAGE 4096u
#define CHILD_QUOTA (64 * 1024)
#define GRANDCHILD_QUOTA (16 * 1024)
#define SPAWNED_QUOTA (128 * 1024) /* the child that runs: its program, stack, slabs, a grandchild */
#define MAP_BASE 0x10000000u
#define ROOT_SLOT_IN_CHILD 2     /* the child's capability to the root task */
#define CHILD_NOTIFICATION 3     /* signalled once the grandchild's capability is in place */
#define GRANDCHILD_IN_ROOT 40    /* where the child puts it in the root's cspace */

static int quota_used(void) { return sys_debug_info(DEBUG_INFO_QUOTA_USED); }

/* Map pages one at a time into @task after @already, until ERR_QUOTA. @return how many. */
static unsigned fill(int task, unsigned already)
{
    for (unsigned page = already;; page++) {
        int result = sys_task_map_anon(task, MAP_BASE + page * PAGE, 1, MAP_WRITABLE);
        if (result == ERR_QUOTA)
            return page - already;
        expect_result("task_map_anon into a child", 0, result);
        if (page > 1024)
            test_fail("mapping into a child, expected ERR_QUOTA within 1024 pages, seen none");
    }
}

/* The child: create a grandchild, put its capability in the root's cspace, signal, sleep. */
static int child(void)
{
    int grandchild = sys_task_create(GRANDCHILD_QUOTA, "grandchild");
    if (grandchild < 0 || sys_cap_copy(grandchild, ROOT_SLOT_IN_CHILD, GRANDCHILD_IN_ROOT) != 0)
        return 1;
    sys_signal(CHILD_NOTIFICATION);
    for (;;)
        sys_sleep(SLEEP_MAX_TICKS);
}

static void not_along_the_quota_link(const struct user_boot_info *info)
{
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int notification = expect_success("notification_create", sys_notification_create());
    int task, thread;
    expect_result("elf_spawn_suspended of the child", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "quota_child",
                                      SPAWNED_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("cap_copy of the root's task cap to the child", 0,
                  sys_cap_copy(CAP_SELF_TASK, task, ROOT_SLOT_IN_CHILD));
    expect_result("cap_copy of the notification to the child", 0,
                  sys_cap_copy(notification, task, CHILD_NOTIFICATION));
    expect_result("thread_resume of the child", 0, sys_thread_resume(thread));
    expect_result("wait for the child's signal", 1, sys_wait(notification));
    expect_result("task_quota_give to a grandchild", ERR_NO_RIGHTS,
                  sys_task_quota_give(GRANDCHILD_IN_ROOT, PAGE));
    expect_result("task_quota_take from a grandchild", ERR_NO_RIGHTS,
                  sys_task_quota_take(GRANDCHILD_IN_ROOT, PAGE));
    expect_result("task_quota_take from the child (its grandchild's share is in use)", ERR_QUOTA,
                  sys_task_quota_take(task, SPAWNED_QUOTA - GRANDCHILD_QUOTA));
    expect_result("cap_delete of the grandchild's cap", 0, sys_cap_delete(GRANDCHILD_IN_ROOT));
    expect_result("cap_delete of the child's thread", 0, sys_cap_delete(thread));
    expect_result("cap_delete of the child", 0, sys_cap_delete(task));
    expect_result("cap_delete of the notification", 0, sys_cap_delete(notification));
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return child();
    int start = quota_used();

    int a = expect_success("task_create of A", sys_task_create(CHILD_QUOTA, "child_a"));
    unsigned pages = fill(a, 0);
    if (pages < 8)
        test_fail("pages that fit in a 64 KiB child, expected at least 8, seen %u", pages);
    test_print("a child of 64 KiB holds %u pages", pages);

    int b = expect_success("task_create of B", sys_task_create(CHILD_QUOTA, "child_b"));
    int used = quota_used();
    expect_result("task_quota_take of 16 KiB from B", 0, sys_task_quota_take(b, 4 * PAGE));
    expect_result("the root's use after taking 16 KiB back", used - 4 * (int)PAGE, quota_used());
    expect_result("pages that fit in B after the take", (int)pages - 4, (int)fill(b, 0));
    used = quota_used();
    expect_result("task_quota_give of 24 KiB to B", 0, sys_task_quota_give(b, 6 * PAGE));
    expect_result("the root's use after giving 24 KiB", used + 6 * (int)PAGE, quota_used());
    expect_result("pages that fit in B after the gift", 6, (int)fill(b, pages - 4));
    expect_result("task_quota_take of 4 KiB B does not have free", ERR_QUOTA, sys_task_quota_take(b, PAGE));
    expect_result("task_quota_take of 0", 0, sys_task_quota_take(b, 0));
    test_print("take 16 KiB: 4 pages fewer; give 24 KiB: 6 more; never below what B uses");

    expect_result("a gift that wraps B's limit", ERR_INVALID, sys_task_quota_give(b, 0xFFFFFFFFu));
    expect_result("a gift above the root's free quota", ERR_QUOTA, sys_task_quota_give(b, 0x7FFFFFFFu));
    expect_result("task_quota_give to the root itself", ERR_NO_RIGHTS, sys_task_quota_give(CAP_SELF_TASK, PAGE));
    int weak = 41;
    expect_result("cap_mint of B without RIGHT_CONTROL", 0,
                  sys_cap_mint(b, CAP_SELF_TASK, weak, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT, 0));
    expect_result("task_quota_give without RIGHT_CONTROL", ERR_NO_RIGHTS, sys_task_quota_give(weak, PAGE));
    expect_result("task_quota_take without RIGHT_CONTROL", ERR_NO_RIGHTS, sys_task_quota_take(weak, PAGE));
    expect_result("task_quota_give to a thread", ERR_WRONG_TYPE, sys_task_quota_give(CAP_SELF_THREAD, PAGE));
    expect_result("task_quota_give to an empty slot", ERR_INVALID_CAP, sys_task_quota_give(42, PAGE));
    expect_result("cap_delete of the weaker copy", 0, sys_cap_delete(weak));
    not_along_the_quota_link(info);
    test_print("wrap, overdraft, self, no RIGHT_CONTROL, grandchild, wrong type: all refused");

    expect_result("cap_delete of A", 0, sys_cap_delete(a));
    expect_result("cap_delete of B", 0, sys_cap_delete(b));
    expect_result("the root's quota use after the children went", start, quota_used());
    test_print("every byte came back: quota use %d as before the children", start);
    test_print("all quota transfer checks passed");
    return 0;
}
