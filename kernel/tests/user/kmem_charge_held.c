/*
 * kmem_charge_held - a task pays for the kernel memory its objects really hold.
 *
 * Kernel objects live in slabs of one frame each. If objects were charged only their own
 * size, a task could create many endpoints, delete all but one in each slab, and hold a
 * whole frame per surviving endpoint for 40 bytes of quota (17 endpoints, 680 bytes,
 * 68 KiB). The root creates ENDPOINTS endpoints (parking the capabilities in holder tasks,
 * since one capability space has only CSPACE_SLOTS slots), keeps one in every KEEP_EVERY,
 * and deletes the rest (by deleting the holders).
 *
 * Expected: with every slab charged to the task whose objects it holds, the quota the root
 * uses grows by at least PAGE_SIZE for every frame still in use, and comes back with the
 * frames when the kept endpoints go.
 */
#define TEST_NAME "kmem_charge_held"
#include "user_test.h"

#define ENDPOINTS 1000
#define KEEP_EVERY 63   /* endpoints per 64-byte-block slab: at most one kept in each */
#define HOLDER_QUOTA (12 * 1024)
#define FIRST_HOLDER_SLOT 4

int main(const struct user_boot_info *info)
{
    (void)info;
    int frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    int kept[ENDPOINTS / KEEP_EVERY + 1], kept_count = 0;
    int holders[ENDPOINTS / (CSPACE_SLOTS - FIRST_HOLDER_SLOT) + 2], holder_count = 0;
    int holder = -1, holder_slot = CSPACE_SLOTS;

    for (int i = 0; i < ENDPOINTS; i++) {
        int endpoint = expect_success("endpoint_create", sys_endpoint_create());
        if (i % KEEP_EVERY == 0) {
            kept[kept_count++] = endpoint;
            continue;
        }
        if (holder_slot == CSPACE_SLOTS) {
            holder = expect_success("task_create of a holder", sys_task_create(HOLDER_QUOTA, "holder"));
            holders[holder_count++] = holder;
            holder_slot = FIRST_HOLDER_SLOT;
        }
        expect_result("cap_copy into the holder", 0, sys_cap_copy(endpoint, holder, holder_slot++));
        expect_result("cap_delete of our copy", 0, sys_cap_delete(endpoint));
    }
    for (int i = 0; i < holder_count; i++)
        expect_result("cap_delete of a holder", 0, sys_cap_delete(holders[i]));

    int frames_held = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE) - frames_before;
    int quota_charged = sys_debug_info(DEBUG_INFO_QUOTA_USED) - quota_before;
    test_print("%d endpoints kept of %d: %d frames held, %d quota bytes charged", kept_count,
               ENDPOINTS, frames_held, quota_charged);
    if (quota_charged < frames_held * (int)PAGE_SIZE)
        test_fail("quota charged for %d endpoints holding %d frames, expected at least %d bytes, "
                  "seen %d", kept_count, frames_held, frames_held * (int)PAGE_SIZE, quota_charged);

    for (int i = 0; i < kept_count; i++)
        expect_result("cap_delete of a kept endpoint", 0, sys_cap_delete(kept[i]));
    expect_result("frames in use at the end", frames_before, sys_debug_info(DEBUG_INFO_FRAMES_IN_USE));
    expect_result("quota used at the end", quota_before, sys_debug_info(DEBUG_INFO_QUOTA_USED));
    test_print("every frame and quota byte came back");
    return 0;
}
