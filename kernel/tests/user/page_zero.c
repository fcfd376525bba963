/*
 * page_zero - page 0 is never mapped in any task, so a NULL pointer always faults.
 *
 * docs/syscalls.md: user mappings start at USER_SPACE_START (0x1000); task_map_anon and
 * frame_map refuse anything below it with ERR_INVALID, and change nothing.
 *   1. task_map_anon of page 0 in this task, and of pages 0..1 (all or nothing: page 1
 *      stays unmapped, so mapping it alone afterwards works) -> ERR_INVALID.
 *   2. task_map_anon of page 0 in a child task -> ERR_INVALID.
 *   3. frame_map of a frame at address 0 -> ERR_INVALID; at page 2 it works.
 *   4. Threads that read address 0, write address 0 and read address 0xFFC fault with
 *      #PF at exactly that address (fault_catcher.h).
 *
 * Expected: one "page_zero: ..." line per step, then
 * "page_zero: page 0 stays unmapped, NULL faults"; exit 0. On a kernel that maps page 0,
 * step 1 fails: "FAIL: task_map_anon of page 0, expected ERR_INVALID (-1), seen 0 (0)".
 */
#define TEST_NAME "page_zero"
#include "user_test.h"
#include "fault_catcher.h"

#define PAGE1 0x1000u
#define PAGE2 0x2000u
#define CHILD_QUOTA (64 * 1024)
#define VECTOR_PAGE_FAULT 14

static void read_null(void *address)
{
    unsigned value = *(volatile unsigned *)address;
    (void)value;
}

static void write_null(void *address) { *(volatile unsigned *)address = 1; }

int main(const struct user_boot_info *info)
{
    (void)info;
    expect_result("task_map_anon of page 0", ERR_INVALID, sys_task_map_anon(CAP_SELF_TASK, 0, 1, MAP_WRITABLE));
    expect_result("task_map_anon of pages 0..1", ERR_INVALID,
                  sys_task_map_anon(CAP_SELF_TASK, 0, 2, MAP_WRITABLE));
    expect_result("task_map_anon of page 1 (the first user page) afterwards", 0,
                  sys_task_map_anon(CAP_SELF_TASK, PAGE1, 1, MAP_WRITABLE));
    *(volatile unsigned *)PAGE1 = 0x600D;
    expect_result("the word written to page 1", 0x600D, (int)*(volatile unsigned *)PAGE1);
    test_print("task_map_anon refuses page 0 and maps page 1");

    int child = expect_success("task_create", sys_task_create(CHILD_QUOTA, "page0_child"));
    expect_result("task_map_anon of page 0 in a child", ERR_INVALID,
                  sys_task_map_anon(child, 0, 1, MAP_WRITABLE));
    expect_result("cap_delete of the child", 0, sys_cap_delete(child));
    test_print("task_map_anon refuses page 0 in another task too");

    int frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map at address 0", ERR_INVALID, sys_frame_map(frame, CAP_SELF_TASK, 0, FRAME_MAP_WRITABLE));
    expect_result("frame_map at page 2", 0, sys_frame_map(frame, CAP_SELF_TASK, PAGE2, FRAME_MAP_WRITABLE));
    test_print("frame_map refuses page 0 and maps page 2");

    static const struct {
        const char *what;
        void (*fn)(void *);
        unsigned address;
    } accesses[] = {
        { "a read of address 0", read_null, 0 },
        { "a write to address 0", write_null, 0 },
        { "a read of address 0xffc", read_null, 0xFFC },
    };
    for (unsigned i = 0; i < sizeof accesses / sizeof accesses[0]; i++) {
        struct caught_fault outcome;
        catch_fault(accesses[i].fn, (void *)accesses[i].address, &outcome);
        if (outcome.returned)
            test_fail("%s, expected a page fault, seen it succeed", accesses[i].what);
        if (outcome.vector != VECTOR_PAGE_FAULT || outcome.address != accesses[i].address)
            test_fail("%s, expected #PF at 0x%x, seen vector %u at 0x%x", accesses[i].what,
                      accesses[i].address, outcome.vector, outcome.address);
        test_print("%s faults: #PF at 0x%x", accesses[i].what, outcome.address);
    }
    test_print("page 0 stays unmapped, NULL faults");
    return 0;
}
