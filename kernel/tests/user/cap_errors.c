/*
 * cap_errors - capability checks: bad slots, wrong types, missing rights, occupied slots,
 * cap_identify, and cap_revoke.
 *
 * Expected:
 *   - slots -1, CSPACE_MAX_SLOTS and an empty slot: ERR_INVALID_CAP (cap_identify of an empty
 *     slot in range: 0);
 *   - thread_resume on the task cap, task_map_anon on the thread cap: ERR_WRONG_TYPE;
 *   - a task cap minted without RIGHT_WRITE cannot map (ERR_NO_RIGHTS), and cap_identify
 *     shows its reduced rights; minting more rights than held: ERR_NO_RIGHTS;
 *   - a thread cap minted without RIGHT_CONTROL cannot resume or suspend (ERR_NO_RIGHTS);
 *   - copying into an occupied slot: ERR_EXISTS; copying to another task without
 *     RIGHT_GRANT on the cap, or without RIGHT_WRITE on the task: ERR_NO_RIGHTS;
 *   - cap_revoke of a task cap deletes the 4 caps derived from it here (one
 *     transitively) and the child's own slot 0, which hangs from it too: returns 5, and
 *     leaves the original; deleting the original then empties its slot;
 *   - deleting copies of the own task cap leaves the task running (slot 0 still holds it).
 */
#define TEST_NAME "cap_errors"
#include "thread_start.h"
#include "user_test.h"

#define FREE_VADDR 0x20000000u
#define CHILD_QUOTA (16 * 1024)

/* Slots of caps minted from CAP_SELF_TASK, deleted last. */
static int self_copies[4];
static int self_copy_count;

static int identity(int type, unsigned rights) { return type | (int)(rights << 8); }

/* The lowest empty slot (a cap_identify of 0) from slot 2 up. */
static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int mint(const char *what, int src, unsigned rights, unsigned badge)
{
    int slot = free_slot();
    expect_result(what, 0, sys_cap_mint(src, CAP_SELF_TASK, slot, rights, badge));
    return slot;
}

static int copy(const char *what, int src)
{
    int slot = free_slot();
    expect_result(what, 0, sys_cap_copy(src, CAP_SELF_TASK, slot));
    return slot;
}

static void never_runs(void *unused) { (void)unused; }

static void check_invalid_slots(void)
{
    int empty = free_slot();
    expect_result("cap_delete(-1)", ERR_INVALID_CAP, sys_cap_delete(-1));
    expect_result("cap_delete(CSPACE_MAX_SLOTS)", ERR_INVALID_CAP, sys_cap_delete(CSPACE_MAX_SLOTS));
    expect_result("cap_delete(empty slot)", ERR_INVALID_CAP, sys_cap_delete(empty));
    expect_result("thread_resume(empty slot)", ERR_INVALID_CAP, sys_thread_resume(empty));
    expect_result("cap_identify(-1)", ERR_INVALID_CAP, sys_cap_identify(-1));
    expect_result("cap_identify(CSPACE_MAX_SLOTS)", ERR_INVALID_CAP, sys_cap_identify(CSPACE_MAX_SLOTS));
    expect_result("cap_identify(empty slot)", 0, sys_cap_identify(empty));
    test_print("invalid slots: ERR_INVALID_CAP");
}

static void check_identify_and_types(void)
{
    expect_result("cap_identify(CAP_SELF_TASK)", identity(OBJECT_TASK, RIGHTS_ALL),
                  sys_cap_identify(CAP_SELF_TASK));
    expect_result("type in cap_identify(CAP_SELF_THREAD)", OBJECT_THREAD,
                  sys_cap_identify(CAP_SELF_THREAD) & 0xFF);
    expect_result("thread_resume(CAP_SELF_TASK)", ERR_WRONG_TYPE, sys_thread_resume(CAP_SELF_TASK));
    expect_result("task_map_anon(CAP_SELF_THREAD, ...)", ERR_WRONG_TYPE,
                  sys_task_map_anon(CAP_SELF_THREAD, FREE_VADDR, 1, MAP_WRITABLE));
    test_print("cap_identify(0) = 0x%x; wrong types: ERR_WRONG_TYPE", sys_cap_identify(0));
}

static void check_rights(void)
{
    unsigned no_write_rights = RIGHTS_ALL & ~RIGHT_WRITE;
    int no_write = mint("cap_mint of the task cap without RIGHT_WRITE", CAP_SELF_TASK,
                        no_write_rights, 0);
    expect_result("cap_identify of the minted task cap", identity(OBJECT_TASK, no_write_rights),
                  sys_cap_identify(no_write));
    expect_result("task_map_anon through a cap without RIGHT_WRITE", ERR_NO_RIGHTS,
                  sys_task_map_anon(no_write, FREE_VADDR, 1, MAP_WRITABLE));
    int dest = free_slot();
    expect_result("cap_mint of RIGHTS_ALL from a cap without RIGHT_WRITE", ERR_NO_RIGHTS,
                  sys_cap_mint(no_write, CAP_SELF_TASK, dest, RIGHTS_ALL, 0));
    expect_result("the slot a failed mint aimed at", 0, sys_cap_identify(dest));

    int thread = expect_success("thread_new", thread_new(never_runs, NULL, PRIORITY_DEFAULT));
    int no_control = mint("cap_mint of a thread cap without RIGHT_CONTROL", thread,
                          RIGHTS_ALL & ~RIGHT_CONTROL, 0);
    expect_result("thread_resume without RIGHT_CONTROL", ERR_NO_RIGHTS,
                  sys_thread_resume(no_control));
    expect_result("thread_suspend without RIGHT_CONTROL", ERR_NO_RIGHTS,
                  sys_thread_suspend(no_control));
    expect_result("cap_delete of the minted thread cap", 0, sys_cap_delete(no_control));
    expect_result("cap_delete of the thread's last cap", 0, sys_cap_delete(thread));
    expect_result("cap_identify of the deleted thread cap", 0, sys_cap_identify(thread));
    self_copies[self_copy_count++] = no_write;
    test_print("missing rights: ERR_NO_RIGHTS");
}

static void check_copies(void)
{
    expect_result("cap_copy into an occupied slot", ERR_EXISTS,
                  sys_cap_copy(CAP_SELF_TASK, CAP_SELF_TASK, CAP_SELF_THREAD));
    expect_result("cap_mint into an occupied slot", ERR_EXISTS,
                  sys_cap_mint(CAP_SELF_TASK, CAP_SELF_TASK, CAP_SELF_THREAD, RIGHT_READ, 0));

    int child = expect_success("task_create", sys_task_create(CHILD_QUOTA, "cap_child"));
    int no_grant = mint("cap_mint without RIGHT_GRANT", CAP_SELF_TASK,
                        RIGHTS_ALL & ~RIGHT_GRANT, 0);
    int child_no_write = mint("cap_mint of the child's cap without RIGHT_WRITE", child,
                              RIGHTS_ALL & ~RIGHT_WRITE, 0);
    int granted = mint("cap_mint of a read-only task cap", CAP_SELF_TASK,
                       RIGHT_READ | RIGHT_GRANT, 0);
    expect_result("cap_copy to another task without RIGHT_GRANT", ERR_NO_RIGHTS,
                  sys_cap_copy(no_grant, child, 5));
    expect_result("cap_copy to a task cap without RIGHT_WRITE", ERR_NO_RIGHTS,
                  sys_cap_copy(granted, child_no_write, 5));
    expect_result("cap_copy to another task", 0, sys_cap_copy(granted, child, 5));
    expect_result("cap_copy to the same slot of another task again", ERR_EXISTS,
                  sys_cap_copy(granted, child, 5));
    test_print("occupied slots: ERR_EXISTS; "
               "copies to another task need RIGHT_GRANT and RIGHT_WRITE");

    /* Five caps derived from child: child_no_write, a mint, a copy, a copy of the mint,
     * and the child's own self capability in its slot 0. */
    int minted = mint("cap_mint of the child's cap with a badge", child,
                      RIGHT_READ | RIGHT_GRANT, 7);
    int copied = copy("cap_copy of the child's cap", child);
    int copy_of_mint = copy("cap_copy of the minted cap", minted);
    expect_result("cap_revoke of the child's original cap", 5, sys_cap_revoke(child));
    int derived[] = { child_no_write, minted, copied, copy_of_mint };
    for (unsigned i = 0; i < sizeof derived / sizeof derived[0]; i++)
        expect_result("cap_identify of a revoked cap", 0, sys_cap_identify(derived[i]));
    expect_result("cap_identify of the original after cap_revoke",
                  identity(OBJECT_TASK, RIGHTS_ALL), sys_cap_identify(child));
    expect_result("cap_delete of the child's last cap", 0, sys_cap_delete(child));
    expect_result("cap_identify of the deleted cap", 0, sys_cap_identify(child));
    self_copies[self_copy_count++] = no_grant;
    self_copies[self_copy_count++] = granted;
    test_print("cap_revoke deleted the 5 derived caps and kept the original");
}

/* The task's own cap in slot 0 still holds it: deleting the copies must not end it. */
static void check_deleting_copies_of_self(void)
{
    test_print("deleting %d copies of the own task cap (the task must live on)", self_copy_count);
    for (int i = 0; i < self_copy_count; i++)
        expect_result("cap_delete of a copy of CAP_SELF_TASK", 0, sys_cap_delete(self_copies[i]));
    expect_result("cap_identify(CAP_SELF_TASK) after deleting its copies",
                  identity(OBJECT_TASK, RIGHTS_ALL), sys_cap_identify(CAP_SELF_TASK));
    test_print("deleting copies of the own task cap left the task running");
}

int main(const struct user_boot_info *info)
{
    (void)info;
    check_invalid_slots();
    check_identify_and_types();
    check_rights();
    check_copies();
    check_deleting_copies_of_self();
    test_print("all capability checks passed");
    return 0;
}
