/*
 * mmpm_share.h - mmpm_system's shared-buffer scenario (proto/mm.h: MM_SHARE_CREATE,
 * MM_SHARE_MAP), included by mmpm_system.h. Three processes:
 *   - "share_a" creates a two-page buffer, maps it, writes a word at each end, tries every
 *     bad argument, gives the handle to a child it spawns, "share_b", and waits until the
 *     child has mapped the buffer and answered through it; it ends with the child's pid;
 *   - "share_b" maps the buffer at another address, reads A's words, answers, and, once A
 *     has ended, still reads the buffer (it is its last user) before it ends;
 *   - "share_limit", spawned with a small page limit, creates buffers until its limit
 *     refuses one.
 * The driver runs the whole once to warm mm's tables, then again between two readings of
 * the frames in use, which must agree once both A and B have ended (their buffers freed).
 */
#ifndef MMPM_SHARE_H
#define MMPM_SHARE_H

#define SHARE_PAGES 2
#define SHARE_HANDLE 40                    /* the handle's slot, in A and in B */
#define SHARE_SPARE 41                     /* more handles of A's */
#define SHARE_EMPTY 47                     /* a slot that holds nothing */
#define SHARE_A_ADDRESS MM_SHARE_BASE
#define SHARE_B_ADDRESS (MM_SHARE_BASE + 0x8000u)
#define SHARE_OWN_FRAME (MM_SHARE_BASE + 0x20000u) /* a frame A maps itself, no buffer's */
#define SHARE_FROM_A 0xA11CE000u
#define SHARE_FROM_B 0xB0B00000u
#define SHARE_B_MAPPED 0x600D0000u
#define SHARE_WAIT_TICKS 2000
#define SHARE_LIMIT_PAGES 40 /* share_limit's page limit */
#define SHARE_WORDS (SHARE_PAGES * PAGE_SIZE / 4)

/* Every request that must be refused, refused cleanly; A's own buffer stays as it was. */
static void share_bad_args(int handle)
{
    check("create 0 pages", ERR_INVALID, mm_share_create(START_SLOT_MM, 0, SHARE_SPARE));
    check("create MM_SHARE_MAX_PAGES + 1", ERR_INVALID,
          mm_share_create(START_SLOT_MM, MM_SHARE_MAX_PAGES + 1, SHARE_SPARE));
    check("create 2^32 - 1 pages", ERR_INVALID, mm_share_create(START_SLOT_MM, 0xFFFFFFFFu, SHARE_SPARE));
    check("create on a handle, not START_SLOT_MM", ERR_NO_RIGHTS, mm_share_create(handle, 1, SHARE_SPARE));
    check("map an unaligned address", ERR_INVALID, mm_share_map(handle, SHARE_A_ADDRESS + 1));
    check("map below the shared area", ERR_INVALID, mm_share_map(handle, 0x40000000u));
    check("map across the shared area's end", ERR_INVALID, mm_share_map(handle, MM_SHARED_END - PAGE_SIZE));
    check("map at the top of memory", ERR_INVALID, mm_share_map(handle, 0xFFFFF000u));
    check("map on START_SLOT_MM (no handle)", ERR_NO_RIGHTS, mm_share_map(START_SLOT_MM, SHARE_B_ADDRESS));
    check("map on an empty slot", ERR_INVALID_CAP, mm_share_map(SHARE_EMPTY, SHARE_B_ADDRESS));
    unsigned vaddr = SHARE_B_ADDRESS;
    check("map with an endpoint for a task", ERR_INVALID,
          rpc_call_long(handle, MM_SHARE_MAP, &vaddr, 1, START_SLOT_PM, -1, NULL, 0, NULL));
    check("map with no task", ERR_INVALID, rpc_call(handle, MM_SHARE_MAP, 1, vaddr, 0, 0, NULL));
    check("map it a second time", ERR_EXISTS, mm_share_map(handle, SHARE_B_ADDRESS));

    /* A second buffer, over the first, and over a frame mapped without mm. */
    check("create a second buffer", SHARE_SPARE, mm_share_create(START_SLOT_MM, 2, SHARE_SPARE));
    check("map it over the first", ERR_EXISTS, mm_share_map(SHARE_SPARE, SHARE_A_ADDRESS + PAGE_SIZE));
    int frame = sys_frame_create();
    if (frame < 0 || sys_frame_map(frame, CAP_SELF_TASK, SHARE_OWN_FRAME, FRAME_MAP_WRITABLE) < 0)
        child_fail("A's own frame at 0x%x: %s", SHARE_OWN_FRAME, error_name(frame));
    check("map it over a frame of our own", ERR_EXISTS, mm_share_map(SHARE_SPARE, SHARE_OWN_FRAME - PAGE_SIZE));
    /* Nothing of the refused map stayed: its first page is free, and the buffer maps. */
    int probe = sys_frame_create();
    check("a frame where the refused map began", 0,
          probe < 0 ? probe : sys_frame_map(probe, CAP_SELF_TASK, SHARE_OWN_FRAME - PAGE_SIZE, 0));
    check("the second buffer elsewhere", 2, mm_share_map(SHARE_SPARE, SHARE_OWN_FRAME + PAGE_SIZE));
    sys_cap_delete(probe);
    sys_cap_delete(frame);
    volatile unsigned *mine = (volatile unsigned *)SHARE_A_ADDRESS;
    if (mine[0] != SHARE_FROM_A || mine[SHARE_WORDS - 1] != ~SHARE_FROM_A)
        child_fail("A's buffer after the refused requests: 0x%x 0x%x", mine[0], mine[SHARE_WORDS - 1]);
    test_print("share: bad handles, sizes, addresses and overlaps refused");
}

/* "share_a": the creator. @return B's pid (its exit status). */
static int share_writer(void)
{
    check("create", SHARE_HANDLE, mm_share_create(START_SLOT_MM, SHARE_PAGES, SHARE_HANDLE));
    check("map", SHARE_PAGES, mm_share_map(SHARE_HANDLE, SHARE_A_ADDRESS));
    volatile unsigned *words = (volatile unsigned *)SHARE_A_ADDRESS;
    if (words[0] != 0 || words[SHARE_WORDS - 1] != 0)
        child_fail("a new buffer, expected zeroed, seen 0x%x", words[0] | words[SHARE_WORDS - 1]);
    words[0] = SHARE_FROM_A;
    words[SHARE_WORDS - 1] = ~SHARE_FROM_A;
    share_bad_args(SHARE_HANDLE);
    char me_text[12];
    snprintf(me_text, sizeof me_text, "%u", me->pid);
    int pid = spawn("share_b", me_text, 0);
    if (pid <= 0)
        child_fail("spawn share_b: %s", error_name(pid));
    check("give B the handle", 0, pm_give(START_SLOT_PM, (unsigned)pid, SHARE_HANDLE, SHARE_HANDLE));
    check("start B", 0, pm_start(START_SLOT_PM, (unsigned)pid));
    for (unsigned t = 0; words[1] != SHARE_B_MAPPED; t++) {
        if (t >= SHARE_WAIT_TICKS)
            child_fail("B did not answer through the buffer within %u ticks", SHARE_WAIT_TICKS);
        sys_sleep(1);
    }
    if (words[SHARE_WORDS / 2] != SHARE_FROM_B)
        child_fail("B's answer, expected 0x%x, seen 0x%x", SHARE_FROM_B, words[SHARE_WORDS / 2]);
    test_print("share: A wrote, B read it and answered through the buffer");
    return pid; /* B outlives us: it is the buffer's last user */
}

/* "share_b A_PID": the second user. */
static int share_reader(unsigned creator)
{
    check("B: map", SHARE_PAGES, mm_share_map(SHARE_HANDLE, SHARE_B_ADDRESS));
    volatile unsigned *words = (volatile unsigned *)SHARE_B_ADDRESS;
    if (words[0] != SHARE_FROM_A || words[SHARE_WORDS - 1] != ~SHARE_FROM_A)
        child_fail("B read 0x%x 0x%x, expected A's words", words[0], words[SHARE_WORDS - 1]);
    check("B: map it again", ERR_EXISTS, mm_share_map(SHARE_HANDLE, SHARE_B_ADDRESS + 0x10000u));
    words[SHARE_WORDS / 2] = SHARE_FROM_B;
    words[1] = SHARE_B_MAPPED;
    for (unsigned t = 0; mm_stat(START_SLOT_MM, creator, NULL) != ERR_NOT_FOUND; t++) {
        if (t >= SHARE_WAIT_TICKS)
            child_fail("A (pid %u) did not end within %u ticks", creator, SHARE_WAIT_TICKS);
        sys_sleep(1);
    }
    if (words[0] != SHARE_FROM_A || words[SHARE_WORDS / 2] != SHARE_FROM_B)
        child_fail("B's buffer after A ended: 0x%x 0x%x", words[0], words[SHARE_WORDS / 2]);
    test_print("share: B still reads the buffer after A ended");
    return 0;
}

/* "share_limit": buffers count against the page limit. */
static int share_limit(void)
{
    struct mm_stat stat;
    check("stat", 0, mm_stat(START_SLOT_MM, 0, &stat));
    unsigned free = stat.max_pages - stat.pages, slot = SHARE_HANDLE;
    while (free >= MM_SHARE_MAX_PAGES + 2) { /* two pages to spare for our stack */
        check("create within the limit", (int)slot, mm_share_create(START_SLOT_MM, MM_SHARE_MAX_PAGES, (int)slot));
        free -= MM_SHARE_MAX_PAGES, slot++;
    }
    check("create past the page limit", ERR_NO_MEMORY, mm_share_create(START_SLOT_MM, free + 1, (int)slot));
    test_print("share: a buffer past the page limit refused");
    return 0;
}

/* A and B (and share_limit), to the end of B. */
static void share_round(void)
{
    run_child("share_limit", NULL, SHARE_LIMIT_PAGES, PM_END_EXIT, 0);
    int a = spawn("share_a", NULL, 0);
    if (a <= 0)
        child_fail("spawn share_a: %s", error_name(a));
    check("start A", 0, pm_start(START_SLOT_PM, (unsigned)a));
    struct pm_exit_info info;
    check("wait for A", a, pm_wait(START_SLOT_PM, (unsigned)a, &info));
    if (info.end != PM_END_EXIT || info.status == 0 || info.status > NS_PID_MAX)
        child_fail("A ended as %u status %u, expected an exit with B's pid", info.end, info.status);
    for (unsigned t = 0; mm_stat(START_SLOT_MM, info.status, NULL) != ERR_NOT_FOUND; t++) {
        if (t >= SHARE_WAIT_TICKS)
            child_fail("B (pid %u) did not end within %u ticks", info.status, SHARE_WAIT_TICKS);
        sys_sleep(1);
    }
}

static void scenario_share(void)
{
    share_round(); /* mm's tables and capability space at their size, the kernel's slabs */
    unsigned before = frames_in_use();
    share_round();
    unsigned after = frames_in_use();
    if (after != before)
        child_fail("frames in use after two processes shared buffers, expected %u, seen %u", before, after);
    test_print("share: frames in use %u before, %u after both ended", before, after);
}

#endif
