/*
 * mmpm_bad_args.h - bad-argument checks of every mm and pm request, from a process (the
 * driver of mmpm_system.h): wrong label, wrong length, a capability where none belongs or
 * none where one does, huge sizes, requests that are another's to make. Each gets a clear
 * error, and the server keeps serving (checked after each group).
 */
#ifndef MMPM_BAD_ARGS_H
#define MMPM_BAD_ARGS_H

/* A call with @p count words of @p words, and the capability in @p cap if >= 0. */
static int raw_call(int endpoint, unsigned label, const unsigned *words, unsigned count, int cap)
{
    return rpc_call_long(endpoint, label, words, count, cap, -1, NULL, 0, NULL);
}

static void mm_still_serves(const char *after)
{
    struct mm_stat stat;
    int result = mm_stat(START_SLOT_MM, 0, &stat);
    if (result != 0 || stat.pages == 0)
        child_fail("mm after %s: stat %s (%d)", after, error_name(result), result);
}

static void scenario_bad_mm(void)
{
    unsigned words[IPC_MAX_WORDS] = { 0 };
    const int mm = START_SLOT_MM;
    check("mm: unknown label", ERR_INVALID, raw_call(mm, RPC_BASE_MM + 0x50, words, 1, -1));
    check("mm: another service's label", ERR_INVALID, raw_call(mm, PM_SPAWN, words, 2, -1));
    check("mm: sbrk without its word", ERR_INVALID, raw_call(mm, MM_SBRK, words, 0, -1));
    check("mm: sbrk with two words", ERR_INVALID, raw_call(mm, MM_SBRK, words, 2, -1));
    check("mm: sbrk with a capability", ERR_INVALID, raw_call(mm, MM_SBRK, words, 1, START_SLOT_PM));
    check("mm: watch without a capability", ERR_INVALID, raw_call(mm, MM_WATCH, words, 0, -1));
    check("mm: stat with 64 words", ERR_INVALID, raw_call(mm, MM_STAT, words, IPC_MAX_WORDS, -1));
    mm_still_serves("malformed requests");

    check("mm: huge sbrk", ERR_NO_MEMORY, sbrk_call(0x7FFFFFFF));
    check("mm: sbrk of 1 GiB", ERR_NO_MEMORY, sbrk_call(0x40000000));
    check("mm: sbrk below the heap", ERR_INVALID, sbrk_call((int)0x80000000));
    if (sbrk_call(0) < (int)me->heap_start)
        child_fail("mm: sbrk(0), expected the break, seen %d", sbrk_call(0));
    check("mm: stat of no such process", ERR_NOT_FOUND,
          rpc_call(mm, MM_STAT, 1, 0x3FFD0000u, 0, 0, NULL));
    mm_still_serves("huge sizes");

    words[0] = me->pid;
    check("mm: create from a process", ERR_NO_RIGHTS, raw_call(mm, MM_CREATE, words, 5, -1));
    check("mm: thread from a process", ERR_NO_RIGHTS, raw_call(mm, MM_THREAD, words, 1, -1));
    check("mm: destroy from a process", ERR_NO_RIGHTS, raw_call(mm, MM_DESTROY, words, 1, -1));
    check("mm: stopped from a process", ERR_NO_RIGHTS, raw_call(mm, MM_STOPPED, words, 0, -1));
    check("mm: watch from a process", ERR_NO_RIGHTS, raw_call(mm, MM_WATCH, words, 0, START_SLOT_PM));
    mm_still_serves("pm's requests from a process");
    test_print("bad mm requests: refused, mm serves on");
}

static void pm_still_serves(const char *after)
{
    int pid = spawn("exit", "5", 0);
    if (pid <= 0 || pm_start(START_SLOT_PM, (unsigned)pid) != 0 ||
        pm_wait(START_SLOT_PM, (unsigned)pid, NULL) != pid)
        child_fail("pm after %s: spawn/start/wait failed (pid %d)", after, pid);
}

static void scenario_bad_pm(void)
{
    unsigned words[IPC_MAX_WORDS] = { 0 };
    const int pm = START_SLOT_PM;
    check("pm: unknown label", ERR_INVALID, raw_call(pm, RPC_BASE_PM + 0x50, words, 1, -1));
    check("pm: another service's label", ERR_INVALID, raw_call(pm, MM_SBRK, words, 1, -1));
    check("pm: wait without its word", ERR_INVALID, raw_call(pm, PM_WAIT, words, 0, -1));
    check("pm: kill with two words", ERR_INVALID, raw_call(pm, PM_KILL, words, 2, -1));
    check("pm: start with a capability", ERR_INVALID, raw_call(pm, PM_START, words, 1, START_SLOT_MM));
    check("pm: give without a capability", ERR_INVALID, raw_call(pm, PM_GIVE, words, 2, -1));
    check("pm: spawn with 64 words", ERR_INVALID, raw_call(pm, PM_SPAWN, words, IPC_MAX_WORDS, -1));
    check("pm: stopped (reserved)", ERR_INVALID, raw_call(pm, PM_STOPPED, words, 5, -1));
    pm_still_serves("malformed requests");

    words[0] = 0;
    check("pm: spawn with no name", ERR_INVALID, raw_call(pm, PM_SPAWN, words, 2, -1));
    words[0] = 0x10000; /* a flag that does not exist */
    memcpy(&words[1], "exit", 5);
    check("pm: spawn with bad flags", ERR_INVALID, raw_call(pm, PM_SPAWN, words, 3, -1));
    words[0] = 0;
    memset(&words[1], 'x', PM_SPAWN_BYTES); /* no NUL anywhere */
    check("pm: spawn, name not terminated", ERR_INVALID, raw_call(pm, PM_SPAWN, words, 1 + PM_SPAWN_WORDS, -1));
    const char *missing[] = { "no_such_program", NULL };
    check("pm: spawn a missing program", ERR_NOT_FOUND, pm_spawn(pm, missing, 0));
    const char *not_elf[] = { "notelf", NULL };
    check("pm: spawn a file that is not a program", ERR_INVALID, pm_spawn(pm, not_elf, 0));
    check("pm: spawn, page limit too small", ERR_NO_MEMORY, spawn("exit", "0", 2));
    pm_still_serves("bad spawns");

    check("pm: wait for myself (not my child)", ERR_NOT_FOUND, pm_wait(pm, me->pid, NULL));
    check("pm: wait with no children", ERR_NOT_FOUND, pm_wait(pm, 0, NULL));
    check("pm: wait for no such pid", ERR_NOT_FOUND, pm_wait(pm, 0x3FFD0000u, NULL));
    check("pm: kill no such pid", ERR_NOT_FOUND, pm_kill(pm, 0x3FFD0000u));
    check("pm: start no such pid", ERR_NOT_FOUND, pm_start(pm, 0x3FFD0000u));
    check("pm: start myself (not my child)", ERR_NO_RIGHTS, pm_start(pm, me->pid));
    check("pm: give to myself (not my child)", ERR_NO_RIGHTS, pm_give(pm, me->pid, START_SLOT_STDIN, START_SLOT_MM));
    check("pm: interrupt from a process", ERR_NO_RIGHTS, rpc_call(pm, PM_INTERRUPT, 1, me->pid, 0, 0, NULL));
    check("pm: caps of no such pid", ERR_NOT_FOUND, rpc_call(pm, PM_CAPS, 2, 0x3FFD0000u, 0, 0, NULL));
    check("pm: list past the end", ERR_NOT_FOUND, rpc_call(pm, PM_LIST, 1, 0xFFFFFFFFu, 0, 0, NULL));

    int child = spawn("exit", "4", 0);
    check("pm: give into slot 0", ERR_INVALID, pm_give(pm, (unsigned)child, 0, START_SLOT_MM));
    check("pm: give into START_SLOT_PM", ERR_INVALID, pm_give(pm, (unsigned)child, START_SLOT_PM, START_SLOT_MM));
    check("pm: give into a huge slot", ERR_INVALID, pm_give(pm, (unsigned)child, 0xFFFFFFFFu, START_SLOT_MM));
    check("pm: give a slot twice", 0, pm_give(pm, (unsigned)child, START_SLOT_LAST + 1, START_SLOT_MM));
    check("pm: ... the second time", ERR_EXISTS, pm_give(pm, (unsigned)child, START_SLOT_LAST + 1, START_SLOT_MM));
    check("pm: start", 0, pm_start(pm, (unsigned)child));
    check("pm: start twice", ERR_NO_RIGHTS, pm_start(pm, (unsigned)child));
    check("pm: give after start", ERR_NO_RIGHTS, pm_give(pm, (unsigned)child, START_SLOT_STDIN, START_SLOT_MM));
    struct pm_exit_info info;
    check("pm: wait", child, pm_wait(pm, (unsigned)child, &info));
    check("pm: its status", 4, (int)info.status);
    check("pm: wait for it again", ERR_NOT_FOUND, pm_wait(pm, (unsigned)child, NULL));
    pm_still_serves("requests about others' processes");
    test_print("bad pm requests: refused, pm serves on");
}

#endif
