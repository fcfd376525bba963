/*
 * cspace_grow - capability spaces grow past their first page, the root task's quota is the
 * memory there is, and thousands of threads can exist at once.
 *
 * A file server with many clients or a pager holding thousands of frames needs more than
 * the 64 slots a task starts with; so did any system with more than about 900 threads.
 *   - cap_copy of an endpoint capability into slots 64 .. COPIES + 3 of our own space: each
 *     new page of CSPACE_SLOTS slots costs PAGE_SIZE of quota; cap_identify sees the copies;
 *     slot CSPACE_MAX_SLOTS is out of range (ERR_INVALID_CAP);
 *   - a child whose quota cannot pay for a page: cap_copy into its slot 1000 is ERR_QUOTA;
 *   - THREADS suspended threads in one child at once (their capabilities fill our space);
 *   - endpoint_create with slots 4..63 full returns slot 64 or above.
 *
 * Expected: the quota and slot figures above, and every frame and quota byte back once the
 * capabilities and the child are gone (our own space keeps the pages it grew: the quota
 * figure at the end allows for them).
 */
#define TEST_NAME "cspace_grow"
#include "user_test.h"

#define COPIES 2000
#define THREADS 1500
#define THREAD_CHILD_QUOTA (THREADS * 4096u + 4u * 1024 * 1024)

int main(const struct user_boot_info *info)
{
    (void)info;
    int frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    test_print("the root task's quota: %d KiB", sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) / 1024);
    /* The tests boot with 32 MiB: all of it but the kernel's share is ours. */
    if (sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) < 16 * 1024 * 1024)
        test_fail("the root task's quota, expected the free memory (at least 16 MiB), seen %d KiB",
                  sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) / 1024);

    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int quota_start = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    for (int slot = CSPACE_SLOTS; slot < CSPACE_SLOTS + COPIES; slot++)
        expect_result("cap_copy past the first page", 0, sys_cap_copy(endpoint, CAP_SELF_TASK, slot));
    int pages = (COPIES + CSPACE_SLOTS - 1) / CSPACE_SLOTS;
    expect_result("quota for the pages the space grew by", pages * (int)PAGE_SIZE,
                  sys_debug_info(DEBUG_INFO_QUOTA_USED) - quota_start);
    expect_result("cap_identify of the last copy", OBJECT_ENDPOINT | RIGHTS_ALL << 8,
                  sys_cap_identify(CSPACE_SLOTS + COPIES - 1));
    expect_result("cap_identify of a slot not grown to", OBJECT_NONE, sys_cap_identify(CSPACE_MAX_SLOTS - 1));
    expect_result("cap_copy to CSPACE_MAX_SLOTS", ERR_INVALID_CAP,
                  sys_cap_copy(endpoint, CAP_SELF_TASK, CSPACE_MAX_SLOTS));
    expect_result("cap_revoke of the endpoint's copies", COPIES, sys_cap_revoke(endpoint));
    test_print("%d copies in slots %d..%d, %d pages of slots", COPIES, CSPACE_SLOTS,
               CSPACE_SLOTS + COPIES - 1, pages);

    int poor = expect_success("task_create of a poor child", sys_task_create(3 * PAGE_SIZE, "poor"));
    expect_result("cap_copy into slot 1000 of a child that cannot pay for the pages", ERR_QUOTA,
                  sys_cap_copy(endpoint, poor, 1000));
    expect_result("cap_delete of the poor child", 0, sys_cap_delete(poor));

    int child = expect_success("task_create of the threads' task",
                               sys_task_create(THREAD_CHILD_QUOTA, "threads"));
    static int threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        threads[i] = expect_success("thread_create", sys_thread_create(child, 0x1000, 0, PRIORITY_DEFAULT));
    test_print("%d threads exist at once, the last capability in slot %d", THREADS, threads[THREADS - 1]);
    for (int i = 0; i < THREADS; i++)
        expect_result("cap_delete of a thread", 0, sys_cap_delete(threads[i]));
    expect_result("cap_delete of the threads' task", 0, sys_cap_delete(child));

    for (int slot = CAP_ROOT_IO_CONTROL + 1; slot < CSPACE_SLOTS; slot++)
        if (slot != endpoint)
            expect_success("cap_copy into the first page", sys_cap_copy(endpoint, CAP_SELF_TASK, slot));
    int next = expect_success("endpoint_create with the first page full", sys_endpoint_create());
    if (next < CSPACE_SLOTS)
        test_fail("endpoint_create with slots 4..63 full, expected a slot of 64 or more, seen %d", next);
    expect_result("cap_delete of that endpoint", 0, sys_cap_delete(next));
    expect_success("cap_revoke of the copies", sys_cap_revoke(endpoint));
    expect_result("cap_delete of the endpoint", 0, sys_cap_delete(endpoint));

    expect_result("frames in use at the end (our space keeps its pages)", frames_before + pages,
                  sys_debug_info(DEBUG_INFO_FRAMES_IN_USE));
    expect_result("quota used at the end (our space keeps its pages)",
                  quota_before + pages * (int)PAGE_SIZE, sys_debug_info(DEBUG_INFO_QUOTA_USED));
    test_print("everything came back");
    return 0;
}
