/*
 * quota_exhaust - kernel memory is charged to quotas, and deleting a task gives it all back.
 *
 * The root task (its quota: all free memory) creates child tasks of 128 KiB each until task_create
 * returns ERR_QUOTA, then maps pages one at a time into the first child until
 * task_map_anon returns ERR_QUOTA (charged to the child's 128 KiB), then deletes every
 * child's capability. (128 KiB, not less, so that the quota runs out before the
 * CSPACE_MAX_SLOTS slots of the capability space do: it grows as the children come.)
 *
 * Expected: both loops end with ERR_QUOTA before their bounds; afterwards
 * DEBUG_INFO_FRAMES_IN_USE and DEBUG_INFO_QUOTA_USED are back to their values at the start.
 */
#define TEST_NAME "quota_exhaust"
#include "user_test.h"

#define CHILD_QUOTA (128 * 1024)
#define MAP_BASE 0x10000000u
#define MAX_PAGES 1000

int main(const struct user_boot_info *info)
{
    (void)info;
    /* Our capability space grows as the children come, and keeps its pages: grow it to its
     * full size first, so that the counts below compare like with like. */
    expect_result("cap_copy into our last slot", 0,
                  sys_cap_copy(CAP_SELF_TASK, CAP_SELF_TASK, CSPACE_MAX_SLOTS - 1));
    expect_result("cap_delete of it", 0, sys_cap_delete(CSPACE_MAX_SLOTS - 1));
    int frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    test_print("at the start: %d frames in use, %d of %d quota bytes used", frames_before,
               quota_before, sys_debug_info(DEBUG_INFO_QUOTA_LIMIT));

    static int children[CSPACE_MAX_SLOTS];
    int count = 0, result;
    while ((result = sys_task_create(CHILD_QUOTA, "child")) >= 0) {
        if (count == CSPACE_MAX_SLOTS)
            test_fail("task_create, expected ERR_QUOTA before %d children, seen success",
                      CSPACE_MAX_SLOTS);
        children[count++] = result;
    }
    expect_result("task_create once the quota is used up", ERR_QUOTA, result);
    test_print("%d children of %d KiB, then ERR_QUOTA; %d quota bytes used", count,
               CHILD_QUOTA / 1024, sys_debug_info(DEBUG_INFO_QUOTA_USED));
    if (count == 0)
        test_fail("children created, expected at least 1, seen 0");

    int pages = 0;
    while ((result = sys_task_map_anon(children[0], MAP_BASE + pages * PAGE_SIZE, 1,
                                       MAP_WRITABLE)) == 0)
        if (++pages == MAX_PAGES)
            test_fail("task_map_anon, expected ERR_QUOTA before %d pages, seen success",
                      MAX_PAGES);
    expect_result("task_map_anon once the child's quota is used up", ERR_QUOTA, result);
    test_print("%d pages mapped into the first child, then ERR_QUOTA", pages);

    for (int i = 0; i < count; i++)
        expect_result("cap_delete of a child's only cap", 0, sys_cap_delete(children[i]));
    int frames_after = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota_after = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    test_print("after deleting them: %d frames in use, %d quota bytes used", frames_after,
               quota_after);
    expect_result("DEBUG_INFO_FRAMES_IN_USE after deleting the children", frames_before,
                  frames_after);
    expect_result("DEBUG_INFO_QUOTA_USED after deleting the children", quota_before,
                  quota_after);
    return 0;
}
