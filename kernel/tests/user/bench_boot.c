/*
 * bench_boot - the cost of booting the kernel, in guest instructions.
 *
 * The kernel reads the TSC in the first instructions of boot.S and again just before its
 * first switch to the root task (machine_boot_finished() in main.c), and reports the
 * difference as DEBUG_INFO_BOOT_TSC. Under QEMU's -icount shift=0 the TSC counts guest
 * instructions, so this is everything the kernel does to come up: the memory map, the
 * frame bitmap, the direct map, the console output, the root task's address space. The
 * figure grows with the RAM the kernel manages; `make bench` boots this program with
 * 128 MiB (grading/bench.py).
 *
 * Expected: prints
 *   bench: kernel_boot <instructions> instructions
 * and exits 0.
 */
#define TEST_NAME "bench_boot"
#include "user_test.h"

int main(const struct user_boot_info *info)
{
    (void)info;
    int ticks = sys_debug_info(DEBUG_INFO_BOOT_TSC);
    if (ticks <= 0)
        test_fail("DEBUG_INFO_BOOT_TSC, expected a positive count, seen %d", ticks);
    printf("bench: kernel_boot %d instructions\n", ticks);
    test_print("boot measured from kernel entry to the first switch to the root task");
    return 0;
}
