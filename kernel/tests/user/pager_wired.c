/*
 * pager_wired.c - the memory manager wires the processes it depends on (servers/mm/wired.c):
 * run by init in place of the shell (`run=pager_wired`), it spawns the file server's program
 * through pm, not started, and asks mm (MM_STAT) how many of its pages are resident: every
 * page of its image and MM_WIRED_STACK_PAGES of stack, before it ran an instruction; and a
 * copy of itself, not started either, which must have only its start page, IPC buffer and
 * first stack page. Then both are killed, and the frames in use are what they were (after
 * a first round of both, which lets the kernel's slabs grow).
 *
 * Expected: "pager_wired: fs resident R of P pages", "pager_wired: plain resident 3 of P
 * pages", "pager_wired: frames in use B before, B after", "pager_wired: passed", status 0;
 * otherwise "pager_wired: FAIL: ..." and status 1.
 */
#include "mm_client.h"
#include "pm_client.h"
#include "program.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define NAME "pager_wired"

static int failures;

static struct mm_stat spawned(const char *const *argv, const char *what)
{
    struct mm_stat stat = { 0 };
    int pid = pm_spawn(START_SLOT_PM, argv, 0);
    if (pid <= 0 || mm_stat(START_SLOT_MM, (unsigned)pid, &stat) < 0) {
        printf(NAME ": FAIL: spawn %s: %s\n", what, error_name(pid));
        failures++;
        return stat;
    }
    printf(NAME ": %s resident %u of %u pages\n", what, stat.resident, stat.pages);
    pm_kill(START_SLOT_PM, (unsigned)pid);
    pm_wait(START_SLOT_PM, (unsigned)pid, NULL);
    return stat;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return 0; /* the plain child: never started */
    (void)argv;
    static const char *const fs[] = { "fs", NULL };
    static const char *const plain[] = { NAME, "child", NULL };
    /* Once first: the kernel's object slabs and pm's tables keep what they grew to. */
    spawned(fs, "fs (warm-up)");
    spawned(plain, "plain (warm-up)");
    unsigned before = (unsigned)sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    struct mm_stat wired = spawned(fs, "fs"), other = spawned(plain, "plain");
    /* What the limit counts of a process not yet run: its whole image, the start page, the
     * IPC buffer and the stack mapped; a wired one has all of it resident. */
    if (wired.resident != wired.pages || wired.resident < 16 + 2) {
        printf(NAME ": FAIL: fs is not wired: %u of %u pages resident\n", wired.resident, wired.pages);
        failures++;
    }
    if (other.resident != 3) {
        printf(NAME ": FAIL: a plain process has %u pages resident before it ran, expected 3\n",
               other.resident);
        failures++;
    }
    unsigned after = (unsigned)sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    printf(NAME ": frames in use %u before, %u after\n", before, after);
    if (before != after)
        failures++;
    if (!failures)
        printf(NAME ": passed\n");
    return failures ? 1 : 0;
}
