/*
 * syscall_bad_args - every system call rejects bad arguments with the right error.
 *
 * A table of cases, each one call through sys_raw with one bad argument (the others
 * valid): invalid slots, wrong object types, kernel, NULL and unmapped buffers, unaligned
 * addresses, huge lengths, ranges that wrap around or cross USER_SPACE_END, priorities out
 * of range, unknown call numbers. The table must cover every call in SYSCALL_LIST except
 * debug_halt and thread_exit (which never return to check).
 *
 * Expected: each call returns exactly its case's result and the kernel keeps running
 * (null() returns 0 at the end); the program prints one line per case and then
 * "syscall_bad_args: N cases, all returned their errors".
 */
#define TEST_NAME "syscall_bad_args"
#include "user_test.h"

#define KERNEL_ADDRESS 0xC0100000u
#define UNMAPPED 0x00001000u   /* below the program (linked at 4 MiB) */
#define FREE_VADDR 0x20000000u /* nothing is mapped there */
#define PROGRAM_VADDR 0x00400000u
#define PAGE 4096u
#define HUGE 0xFFFFFFFFu
#define WRAPPING 0xFFFFFFF0u   /* 32 bytes from here wrap around to address 0 */
#define EMPTY_SLOT (CSPACE_SLOTS - 1)
#define DEST_SLOT (CSPACE_SLOTS - 2)
#define NEG(x) ((unsigned)(x))  /* a negative slot number as a register value */

struct bad_call {
    const char *what;
    unsigned number, a, b, c, d, e;
    int expected;
};

static const char *const syscall_names[SYSCALL_COUNT] = {
#define SYSCALL_NAME(name, number, ...) [number] = #name,
    SYSCALL_LIST(SYSCALL_NAME)
#undef SYSCALL_NAME
};

static char buffer[PAGE];

static void spin(void)
{
    for (;;)
        continue;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    const unsigned buf = (unsigned)buffer, entry = (unsigned)spin, self = CAP_SELF_TASK;
    const unsigned me = CAP_SELF_THREAD, top = USER_SPACE_END;
    const struct bad_call cases[] = {
        { "null ignores its arguments", SYS_null, HUGE, HUGE, HUGE, HUGE, HUGE, 0 },
        { "debug_write from a kernel address", SYS_debug_write, KERNEL_ADDRESS, 8, 0, 0, 0, ERR_FAULT },
        { "debug_write from NULL", SYS_debug_write, 0, 8, 0, 0, 0, ERR_FAULT },
        { "debug_write from an unmapped page", SYS_debug_write, UNMAPPED, 8, 0, 0, 0, ERR_FAULT },
        { "debug_write of DEBUG_WRITE_MAX + 1 bytes", SYS_debug_write, buf, DEBUG_WRITE_MAX + 1, 0, 0, 0, ERR_INVALID },
        { "debug_write of 0xFFFFFFFF bytes", SYS_debug_write, buf, HUGE, 0, 0, 0, ERR_INVALID },
        { "debug_write of a range that wraps around", SYS_debug_write, WRAPPING, 32, 0, 0, 0, ERR_FAULT },
        { "debug_write across USER_SPACE_END", SYS_debug_write, top - 16, 32, 0, 0, 0, ERR_FAULT },
        { "debug_info of an unknown key", SYS_debug_info, DEBUG_INFO_LAST + 1, 0, 0, 0, 0, ERR_INVALID },
        { "debug_info of key 0xFFFFFFFF", SYS_debug_info, HUGE, 0, 0, 0, 0, ERR_INVALID },
        { "yield ignores its arguments", SYS_yield, HUGE, HUGE, HUGE, HUGE, HUGE, 0 },
        { "sleep of 60001 ticks", SYS_sleep, 60001, 0, 0, 0, 0, ERR_INVALID },
        { "sleep of 0xFFFFFFFF ticks", SYS_sleep, HUGE, 0, 0, 0, 0, ERR_INVALID },
        { "task_create with a quota of 0xFFFFFFFF", SYS_task_create, HUGE, 0, 0, 0, 0, ERR_QUOTA },
        { "task_create named at a kernel address", SYS_task_create, 16384, KERNEL_ADDRESS, 0, 0, 0, ERR_FAULT },
        { "task_create named at an unmapped page", SYS_task_create, 16384, UNMAPPED, 0, 0, 0, ERR_FAULT },
        { "task_map_anon in slot -1", SYS_task_map_anon, NEG(-1), FREE_VADDR, 1, MAP_WRITABLE, 0, ERR_INVALID_CAP },
        { "task_map_anon in slot CSPACE_MAX_SLOTS", SYS_task_map_anon, CSPACE_MAX_SLOTS, FREE_VADDR, 1, MAP_WRITABLE, 0, ERR_INVALID_CAP },
        { "task_map_anon in an empty slot", SYS_task_map_anon, EMPTY_SLOT, FREE_VADDR, 1, MAP_WRITABLE, 0, ERR_INVALID_CAP },
        { "task_map_anon in a thread cap", SYS_task_map_anon, me, FREE_VADDR, 1, MAP_WRITABLE, 0, ERR_WRONG_TYPE },
        { "task_map_anon at an unaligned address", SYS_task_map_anon, self, FREE_VADDR + 1, 1, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon of 0 pages", SYS_task_map_anon, self, FREE_VADDR, 0, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon of TASK_MAP_MAX_PAGES + 1", SYS_task_map_anon, self, FREE_VADDR, TASK_MAP_MAX_PAGES + 1, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon of 0xFFFFFFFF pages", SYS_task_map_anon, self, FREE_VADDR, HUGE, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon across USER_SPACE_END", SYS_task_map_anon, self, top - PAGE, 2, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon at USER_SPACE_END", SYS_task_map_anon, self, top, 1, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon of a range that wraps around", SYS_task_map_anon, self, 0xFFFFF000u, 2, MAP_WRITABLE, 0, ERR_INVALID },
        { "task_map_anon over the program's code", SYS_task_map_anon, self, PROGRAM_VADDR, 1, MAP_WRITABLE, 0, ERR_EXISTS },
        { "task_map_anon ending on the program's code", SYS_task_map_anon, self, PROGRAM_VADDR - PAGE, 2, MAP_WRITABLE, 0, ERR_EXISTS },
        { "task_write in slot -1", SYS_task_write, NEG(-1), buf, buf, 16, 0, ERR_INVALID_CAP },
        { "task_write in slot CSPACE_MAX_SLOTS", SYS_task_write, CSPACE_MAX_SLOTS, buf, buf, 16, 0, ERR_INVALID_CAP },
        { "task_write in an empty slot", SYS_task_write, EMPTY_SLOT, buf, buf, 16, 0, ERR_INVALID_CAP },
        { "task_write in a thread cap", SYS_task_write, me, buf, buf, 16, 0, ERR_WRONG_TYPE },
        { "task_write of TASK_WRITE_MAX + 1 bytes", SYS_task_write, self, buf, buf, TASK_WRITE_MAX + 1, 0, ERR_INVALID },
        { "task_write of 0xFFFFFFFF bytes", SYS_task_write, self, buf, buf, HUGE, 0, ERR_INVALID },
        { "task_write from a kernel address", SYS_task_write, self, buf, KERNEL_ADDRESS, 16, 0, ERR_FAULT },
        { "task_write from NULL", SYS_task_write, self, buf, 0, 16, 0, ERR_FAULT },
        { "task_write from an unmapped page", SYS_task_write, self, buf, UNMAPPED, 16, 0, ERR_FAULT },
        { "task_write from a range that wraps around", SYS_task_write, self, buf, WRAPPING, 32, 0, ERR_FAULT },
        { "task_write to an unmapped page", SYS_task_write, self, UNMAPPED, buf, 16, 0, ERR_FAULT },
        { "task_write to a kernel address", SYS_task_write, self, KERNEL_ADDRESS, buf, 16, 0, ERR_FAULT },
        { "task_write to a range that wraps around", SYS_task_write, self, WRAPPING, buf, 32, 0, ERR_FAULT },
        { "task_write across USER_SPACE_END", SYS_task_write, self, top - 16, buf, 32, 0, ERR_FAULT },
        { "thread_create in slot -1", SYS_thread_create, NEG(-1), entry, 0, 5, 0, ERR_INVALID_CAP },
        { "thread_create in slot CSPACE_MAX_SLOTS", SYS_thread_create, CSPACE_MAX_SLOTS, entry, 0, 5, 0, ERR_INVALID_CAP },
        { "thread_create in an empty slot", SYS_thread_create, EMPTY_SLOT, entry, 0, 5, 0, ERR_INVALID_CAP },
        { "thread_create in a thread cap", SYS_thread_create, me, entry, 0, 5, 0, ERR_WRONG_TYPE },
        { "thread_create at priority 32", SYS_thread_create, self, entry, 0, PRIORITY_MAX + 1, 0, ERR_INVALID },
        { "thread_create at priority 0xFFFFFFFF", SYS_thread_create, self, entry, 0, HUGE, 0, ERR_INVALID },
        { "thread_create above the caller's priority", SYS_thread_create, self, entry, 0, PRIORITY_DEFAULT + 1, 0, ERR_NO_RIGHTS },
        { "thread_resume of slot -1", SYS_thread_resume, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_resume of slot CSPACE_MAX_SLOTS", SYS_thread_resume, CSPACE_MAX_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_resume of an empty slot", SYS_thread_resume, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_resume of a task cap", SYS_thread_resume, self, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_suspend of slot -1", SYS_thread_suspend, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_suspend of slot CSPACE_MAX_SLOTS", SYS_thread_suspend, CSPACE_MAX_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_suspend of an empty slot", SYS_thread_suspend, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_suspend of a task cap", SYS_thread_suspend, self, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_priority of slot -1", SYS_thread_set_priority, NEG(-1), 5, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_priority of an empty slot", SYS_thread_set_priority, EMPTY_SLOT, 5, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_priority of a task cap", SYS_thread_set_priority, self, 5, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_priority to 32", SYS_thread_set_priority, me, PRIORITY_MAX + 1, 0, 0, 0, ERR_INVALID },
        { "thread_set_priority to 0xFFFFFFFF", SYS_thread_set_priority, me, HUGE, 0, 0, 0, ERR_INVALID },
        { "thread_set_priority above the caller's", SYS_thread_set_priority, me, PRIORITY_DEFAULT + 1, 0, 0, 0, ERR_NO_RIGHTS },
        { "cap_copy from slot -1", SYS_cap_copy, NEG(-1), self, DEST_SLOT, 0, 0, ERR_INVALID_CAP },
        { "cap_copy from slot CSPACE_MAX_SLOTS", SYS_cap_copy, CSPACE_MAX_SLOTS, self, DEST_SLOT, 0, 0, ERR_INVALID_CAP },
        { "cap_copy from an empty slot", SYS_cap_copy, EMPTY_SLOT, self, DEST_SLOT, 0, 0, ERR_INVALID_CAP },
        { "cap_copy into task slot -1", SYS_cap_copy, self, NEG(-1), DEST_SLOT, 0, 0, ERR_INVALID_CAP },
        { "cap_copy into an empty task slot", SYS_cap_copy, self, EMPTY_SLOT, DEST_SLOT, 0, 0, ERR_INVALID_CAP },
        { "cap_copy into a thread cap", SYS_cap_copy, self, me, DEST_SLOT, 0, 0, ERR_WRONG_TYPE },
        { "cap_copy to slot -1", SYS_cap_copy, self, self, NEG(-1), 0, 0, ERR_INVALID_CAP },
        { "cap_copy to slot CSPACE_MAX_SLOTS", SYS_cap_copy, self, self, CSPACE_MAX_SLOTS, 0, 0, ERR_INVALID_CAP },
        { "cap_copy to an occupied slot", SYS_cap_copy, self, self, me, 0, 0, ERR_EXISTS },
        { "cap_mint from slot -1", SYS_cap_mint, NEG(-1), self, DEST_SLOT, RIGHT_READ, 0, ERR_INVALID_CAP },
        { "cap_mint from an empty slot", SYS_cap_mint, EMPTY_SLOT, self, DEST_SLOT, RIGHT_READ, 0, ERR_INVALID_CAP },
        { "cap_mint into a thread cap", SYS_cap_mint, self, me, DEST_SLOT, RIGHT_READ, 0, ERR_WRONG_TYPE },
        { "cap_mint to slot CSPACE_MAX_SLOTS", SYS_cap_mint, self, self, CSPACE_MAX_SLOTS, RIGHT_READ, 0, ERR_INVALID_CAP },
        { "cap_mint to an occupied slot", SYS_cap_mint, self, self, me, RIGHT_READ, 0, ERR_EXISTS },
        { "cap_mint of a right that does not exist", SYS_cap_mint, self, self, DEST_SLOT, RIGHTS_ALL + 1, 0, ERR_INVALID },
        { "cap_mint of rights 0xFFFFFFFF", SYS_cap_mint, self, self, DEST_SLOT, HUGE, 0, ERR_INVALID },
        { "cap_delete of slot -1", SYS_cap_delete, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_delete of slot CSPACE_MAX_SLOTS", SYS_cap_delete, CSPACE_MAX_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_delete of slot 0x7FFFFFFF", SYS_cap_delete, 0x7FFFFFFFu, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_delete of an empty slot", SYS_cap_delete, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_revoke of slot -1", SYS_cap_revoke, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_revoke of slot CSPACE_MAX_SLOTS", SYS_cap_revoke, CSPACE_MAX_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_revoke of an empty slot", SYS_cap_revoke, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_identify of slot -1", SYS_cap_identify, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_identify of slot CSPACE_MAX_SLOTS", SYS_cap_identify, CSPACE_MAX_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_identify of slot 0x80000000", SYS_cap_identify, 0x80000000u, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "cap_identify of an empty slot is 0", SYS_cap_identify, EMPTY_SLOT, 0, 0, 0, 0, 0 },
        { "call number SYSCALL_COUNT", SYSCALL_COUNT, 0, 0, 0, 0, 0, ERR_NO_SYSCALL },
        { "call number 0x100 (null + 256)", 0x100 + SYS_null, 0, 0, 0, 0, 0, ERR_NO_SYSCALL },
        { "call number 0x80000000", 0x80000000u, 0, 0, 0, 0, 0, ERR_NO_SYSCALL },
        { "call number 0xFFFFFFFF (-1)", HUGE, 0, 0, 0, 0, 0, ERR_NO_SYSCALL },
    };
    const unsigned count = sizeof cases / sizeof cases[0];

    /* Every call up to cap_identify, but the two that never return, has at least one case;
     * the IPC calls after it are covered by ipc_bad_args. */
    for (unsigned number = 0; number <= SYS_cap_identify; number++) {
        bool covered = number == SYS_debug_halt || number == SYS_thread_exit;
        for (unsigned i = 0; i < count && !covered; i++)
            covered = cases[i].number == number;
        if (!covered)
            test_fail("the table's cases, expected one for %s, seen none", syscall_names[number]);
    }
    if (sys_cap_identify(EMPTY_SLOT) != 0 || sys_cap_identify(DEST_SLOT) != 0)
        test_fail("slots %d and %d, expected empty, seen in use", EMPTY_SLOT, DEST_SLOT);

    int failures = 0;
    for (unsigned i = 0; i < count; i++) {
        const struct bad_call *c = &cases[i];
        int seen = sys_raw(c->number, c->a, c->b, c->c, c->d, c->e);
        if (seen == c->expected) {
            test_print("%s: %s", c->what, error_name(seen));
        } else {
            printf(TEST_NAME ": FAIL: %s, expected %s (%d), seen %s (%d)\n", c->what,
                   error_name(c->expected), c->expected, error_name(seen), seen);
            failures++;
        }
    }
    /* A failed task_map_anon maps nothing: the free page below the program is still free. */
    expect_result("task_map_anon of the page the failed call would have mapped", 0,
                  sys_task_map_anon(CAP_SELF_TASK, PROGRAM_VADDR - PAGE, 1, 0));
    expect_result("null() after all the bad calls", 0, sys_null());
    if (failures)
        test_fail("%d of %u cases, expected their errors, seen other results", failures, count);
    test_print("%u cases, all returned their errors", count);
    return 0;
}
