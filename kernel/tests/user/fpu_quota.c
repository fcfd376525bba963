/*
 * fpu_quota - a thread's FPU state is kernel memory charged to its task, at the thread's
 * first FPU instruction, and given back when the thread dies; a task that cannot pay gets
 * the #NM as the thread's fault.
 *
 *   1. A thread that never uses the FPU, and one that executes fninit once: while the
 *      second waits, this task's quota use is a page higher than while the first waited
 *      (the 512-byte state lives in the task's kmem pool, which pays a page for each slab,
 *      and this task holds no other 512-byte object); after both died, the use is the same
 *      for both.
 *   2. This task reserves all of its free quota but 100 bytes (a child task holding it),
 *      and starts a thread whose first instruction is fninit: its fault handler gets vector
 *      7 (#NM) at the fninit. With the child deleted, a thread's fninit works again.
 *
 * Expected: "fpu_quota: the FPU state costs a 4096-byte slab while the thread lives,
 * nothing after", "fpu_quota: with 100 bytes of quota left, fninit faults: #NM at the fninit",
 * "fpu_quota: with the quota back, fninit works"; exit 0.
 */
#define TEST_NAME "fpu_quota"
#include "abi/user_bootinfo.h"
#include "user_test.h"
#include "fault_catcher.h"
#include "thread_start.h"

#define FPU_STATE_SLAB PAGE_SIZE /* the first 512-byte object of a task's pool makes a slab */
#define LEFT_OVER 100
#define VECTOR_DEVICE_NOT_AVAILABLE 7
#define WAIT_TICKS 1000

static volatile bool started, release;
extern char first_fninit_insn[];

static void no_fpu(void *unused)
{
    (void)unused;
    started = true;
    while (!release)
        sys_sleep(1);
}

static void with_fpu(void *unused)
{
    (void)unused;
    __asm__ volatile("fninit");
    started = true;
    while (!release)
        sys_sleep(1);
}

static void first_fninit(void *unused)
{
    (void)unused;
    __asm__ volatile(".global first_fninit_insn\n first_fninit_insn: fninit");
}

static int quota_used(void) { return sys_debug_info(DEBUG_INFO_QUOTA_USED); }

/* The quota @p fn's thread costs while it waits, and what stays charged after it died
 * (its stack and IPC buffer: thread_new's pages stay mapped, and maybe a new page table). */
static void measure(void (*fn)(void *), int *while_alive, int *after)
{
    int before = quota_used();
    started = release = false;
    int thread = expect_success("thread_start", thread_start(fn, NULL, PRIORITY_DEFAULT));
    test_wait_until(started, WAIT_TICKS, "the thread to start");
    *while_alive = quota_used() - before;
    release = true;
    sys_sleep(5);
    expect_result("cap_delete of the thread", 0, sys_cap_delete(thread));
    *after = quota_used() - before;
}

static int hoarder = -1;

static void reserve_all_but_a_little(int thread)
{
    (void)thread;
    /* Create it first, then give it the quota: creating it may need a slab of ours. */
    hoarder = expect_success("task_create of a child to hold the free quota",
                             sys_task_create(2 * PAGE_SIZE, "hoarder"));
    int free_bytes = sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) - quota_used();
    expect_result("task_quota_give of all but a little", 0,
                  sys_task_quota_give(hoarder, (unsigned)(free_bytes - LEFT_OVER)));
    expect_result("the quota left", LEFT_OVER, sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) - quota_used());
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int alive_without, after_without, alive_with, after_with;
    measure(no_fpu, &alive_without, &after_without);
    measure(with_fpu, &alive_with, &after_with);
    expect_result("the quota still charged after the FPU thread died (its stack and IPC buffer "
                  "pages only)", THREAD_MAPPED_PAGES * PAGE_SIZE, after_with);
    expect_result("the quota the FPU thread cost while it lived, beyond the other one",
                  (int)FPU_STATE_SLAB, (alive_with - after_with) - (alive_without - after_without));
    test_print("the FPU state costs a %u-byte slab while the thread lives, nothing after", FPU_STATE_SLAB);

    struct caught_fault outcome;
    catch_before_resume = reserve_all_but_a_little;
    catch_fault(first_fninit, NULL, &outcome);
    catch_before_resume = NULL;
    expect_result("cap_delete of the child holding the quota", 0, sys_cap_delete(hoarder));
    if (outcome.returned)
        test_fail("fninit with %u bytes of quota left, expected #NM, seen it work", LEFT_OVER);
    if (outcome.vector != VECTOR_DEVICE_NOT_AVAILABLE || outcome.eip != (unsigned)first_fninit_insn)
        test_fail("fninit with %u bytes of quota left, expected vector 7 at 0x%x, seen vector %u at 0x%x",
                  LEFT_OVER, (unsigned)first_fninit_insn, outcome.vector, outcome.eip);
    test_print("with %u bytes of quota left, fninit faults: #NM at the fninit", LEFT_OVER);

    catch_fault(first_fninit, NULL, &outcome);
    if (!outcome.returned)
        test_fail("fninit with the quota back, expected it to work, seen vector %u", outcome.vector);
    test_print("with the quota back, fninit works");
    return 0;
}
