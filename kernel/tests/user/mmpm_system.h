/*
 * mmpm_system.h - the processes of mmpm_system.c: what each copy of the program does when
 * pm spawned it, chosen by its arguments. "driver SCENARIO" runs the checks (spawning
 * more copies: "exit N", "spin", "alloc [any]", "crash KIND", "secret", "peek",
 * "orphaner": it spawns two children, starts one, and exits);
 * the others are its children. Included once, by mmpm_system.c (every .c file in this
 * directory is a program of its own).
 */
#ifndef MMPM_SYSTEM_H
#define MMPM_SYSTEM_H

#include "abi/user_bootinfo.h"
#include "mm_client.h"
#include "pm_client.h"
#include "proto/mm.h"
#include "proto/nameserver.h"
#include "proto/pm.h"
#include "proto/stream.h"
#include "rpc.h"
#include "start_info.h"
#include "string.h"
#include "tsc.h"
#include "user_test.h"

#define SECRET 0x5EC2E7u
#define ALLOC_PAGES_LIMIT 48 /* the "alloc" child's page limit */
#define MMPM_PROCESS_PRIORITY 5 /* the processes priority the root, as init, names to pm */

static const struct start_info *const me = (const struct start_info *)START_INFO_ADDRESS;

/* ---- Process side helpers ---------------------------------------------------------- */

static __attribute__((noreturn)) void process_exit(int status)
{
    rpc_call(START_SLOT_PM, PM_EXIT, 1, (unsigned)status, 0, 0, NULL);
    sys_thread_exit();
}

static const char *arg(unsigned i)
{
    return i < me->argc && i < START_MAX_ARGS ? &me->args[me->argv_offsets[i]] : "";
}

static unsigned number(const char *text)
{
    unsigned value = 0;
    while (*text >= '0' && *text <= '9')
        value = value * 10 + (unsigned)(*text++ - '0');
    return value;
}

static int sbrk_call(int increment)
{
    return rpc_call(START_SLOT_MM, MM_SBRK, 1, (unsigned)increment, 0, 0, NULL);
}

/* In a child, test_fail's runtime_exit would not tell pm: end through pm instead. */
#define child_fail(fmt, ...)                                          \
    do {                                                              \
        printf(TEST_NAME ": FAIL: " fmt "\n", ##__VA_ARGS__);          \
        process_exit(99);                                             \
    } while (0)
#define check(what, expected, seen)                                                      \
    do {                                                                                 \
        int seen_ = (seen);                                                              \
        if (seen_ != (expected))                                                         \
            child_fail("%s, expected %s (%d), seen %s (%d)", (what), error_name(expected), \
                       (expected), error_name(seen_), seen_);                             \
    } while (0)

/* ---- Children --------------------------------------------------------------------- */

static volatile unsigned sink;
const unsigned read_only_word = 1;

static int recurse(int depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    return depth <= 0 ? pad[0] : recurse(depth - 1) + pad[0];
}

static void crash(const char *kind)
{
    volatile unsigned zero = 0;
    if (strcmp(kind, "null") == 0)
        sink = *(volatile unsigned *)0;
    else if (strcmp(kind, "code") == 0)
        *(volatile unsigned *)&read_only_word = 0; /* in .rodata */
    else if (strcmp(kind, "divide") == 0)
        sink = 7 / zero;
    else if (strcmp(kind, "stack") == 0)
        sink = (unsigned)recurse(MM_STACK_MAX_PAGES * 5); /* 1 KiB a frame: past the limit */
    else if (strcmp(kind, "brk") == 0 && sbrk_call(PAGE_SIZE) >= 0)
        sink = *(volatile unsigned *)(me->heap_start + 4 * PAGE_SIZE); /* above the break */
    else if (strcmp(kind, "opcode") == 0)
        __asm__ volatile("ud2");
}

/* Allocate a page at a time, touching each, until refused: by the page limit
 * (ALLOC_PAGES_LIMIT) or, with @p any, by the system's memory running out. */
static int allocate_until_refused(bool any)
{
    int pages = 0, result;
    while ((result = sbrk_call(PAGE_SIZE)) >= 0) {
        *(volatile unsigned *)(unsigned)result = SECRET;
        pages++;
    }
    test_print("alloc: refused after %d pages: %s", pages, error_name(result));
    check("sbrk past the limit", ERR_NO_MEMORY, result);
    if (any)
        return 0;
    struct mm_stat stat;
    check("mm_stat after refusal", 0, mm_stat(START_SLOT_MM, 0, &stat));
    if (stat.pages != ALLOC_PAGES_LIMIT)
        child_fail("pages in use after refusal, expected %u, seen %u", ALLOC_PAGES_LIMIT, stat.pages);
    return 0;
}

/* Another process's heap at the same address: ours, zero, never its secret. */
static int peek(void)
{
    int heap = sbrk_call(PAGE_SIZE);
    if (heap < 0 || (unsigned)heap != me->heap_start)
        child_fail("sbrk, expected heap_start 0x%x, seen 0x%x", me->heap_start, heap);
    if (*(volatile unsigned *)me->heap_start == SECRET)
        child_fail("read another process's secret");
    for (int slot = 2; slot < CSPACE_SLOTS; slot++) {
        int identity = sys_cap_identify(slot);
        if (slot != CAP_SELF_TASK && (identity & 0xFF) == OBJECT_TASK)
            child_fail("slot %d holds a task capability", slot);
        if (sys_task_write(slot, me->heap_start, &slot, sizeof slot) >= 0)
            child_fail("task_write through slot %d worked", slot);
    }
    return 0;
}

/* ---- The driver ------------------------------------------------------------------- */

static int spawn(const char *a1, const char *a2, unsigned pages)
{
    const char *argv[] = { TEST_NAME, a1, a2, NULL };
    if (!a2)
        argv[2] = NULL;
    return pm_spawn(START_SLOT_PM, argv, pages);
}

/* Spawn, start and wait for a child; fail unless it ends as @p end with @p status. */
static struct pm_exit_info run_child(const char *a1, const char *a2, unsigned pages, unsigned end,
                                     unsigned status)
{
    int pid = spawn(a1, a2, pages);
    if (pid <= 0)
        child_fail("spawn %s %s, expected a pid, seen %s (%d)", a1, a2 ? a2 : "", error_name(pid), pid);
    check("start", 0, pm_start(START_SLOT_PM, (unsigned)pid));
    struct pm_exit_info info;
    check("wait", pid, pm_wait(START_SLOT_PM, (unsigned)pid, &info));
    if (info.end != end || info.status != status)
        child_fail("%s %s ended as %u status %u, expected %u status %u", a1, a2 ? a2 : "",
                   info.end, info.status, end, status);
    return info;
}

static unsigned frames_in_use(void)
{
    struct mm_stat stat;
    check("mm_stat", 0, mm_stat(START_SLOT_MM, 0, &stat));
    return stat.frames_used;
}

static void scenario_spawn_wait(unsigned count)
{
    run_child("exit", "7", 0, PM_END_EXIT, 7); /* warm the servers' slabs and tables */
    unsigned before = frames_in_use();
    unsigned long long start = tsc_read();
    run_child("exit", "7", 0, PM_END_EXIT, 7);
    unsigned long long one = tsc_read() - start;
    for (unsigned i = 1; i < count; i++)
        run_child("exit", "7", 0, PM_END_EXIT, 7);
    unsigned after = frames_in_use();
    test_print("spawn_wait: %u children, frames in use before %u after %u", count, before, after);
    test_print("bench: spawn_wait %u instructions", (unsigned)one);
    if (before != after)
        child_fail("frames in use after %u children, expected %u, seen %u", count, before, after);
}

static void scenario_crashes(void)
{
    static const struct { const char *kind; unsigned vector; } crashes[] = {
        { "null", 14 }, { "code", 14 }, { "divide", 0 }, { "stack", 14 }, { "brk", 14 },
        { "opcode", 6 },
    };
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        struct pm_exit_info info = run_child("crash", crashes[i].kind, 0, PM_END_FAULT, crashes[i].vector);
        test_print("crash %s: vector %u address 0x%x eip 0x%x", crashes[i].kind, info.status,
                   info.address, info.eip);
    }
}

static void scenario_alloc(void)
{
    run_child("alloc", NULL, ALLOC_PAGES_LIMIT, PM_END_EXIT, 0);
    run_child("exit", "3", 0, PM_END_EXIT, 3); /* the system goes on */
    /* A fault that needs a page past the limit stops the process. */
    struct pm_exit_info info = run_child("crash", "stack", ALLOC_PAGES_LIMIT, PM_END_NO_MEMORY, 14);
    test_print("alloc: stack past the page limit stopped at 0x%x", info.address);
    test_print("alloc: refused, and the system went on");
}

/* A process that wants more than mm has gets an error, and the system runs on. */
static void scenario_exhaust(void)
{
    run_child("exit", "3", 0, PM_END_EXIT, 3);
    /* mm holds a capability per page it gives: the first time, its capability space grows
     * to a slot per frame it has, and keeps that room (the kernel never shrinks one). */
    run_child("alloc", "any", MM_MAX_PAGES, PM_END_EXIT, 0);
    unsigned before = frames_in_use();
    run_child("alloc", "any", MM_MAX_PAGES, PM_END_EXIT, 0); /* more than mm has */
    run_child("exit", "3", 0, PM_END_EXIT, 3);
    unsigned after = frames_in_use();
    test_print("exhaust: frames in use before %u after %u", before, after);
    if (after != before)
        child_fail("frames after the system ran out, expected %u, seen %u", before, after);
}

/* pm closes the stream copies it kept when a process ends, however it ends. */
static void scenario_streams(void)
{
    const int stream = 40; /* an empty slot of ours */
    unsigned name[4];
    rpc_pack_string(name, 4, "stream");
    bool got = false;
    check("look up stream", 0, rpc_call_long(START_SLOT_NS, NS_LOOKUP, name, 4, -1, stream, NULL, 0, &got));
    int pid = spawn("exit", "0", 0);
    check("give stdout", 0, pm_give(START_SLOT_PM, (unsigned)pid, START_SLOT_STDOUT, stream));
    check("give stderr", 0, pm_give(START_SLOT_PM, (unsigned)pid, START_SLOT_STDERR, stream));
    check("start", 0, pm_start(START_SLOT_PM, (unsigned)pid));
    check("wait", pid, pm_wait(START_SLOT_PM, (unsigned)pid, NULL));
    check("closes after exit", 2, rpc_call(stream, STREAM_READ, 1, 1, 0, 0, NULL));
    pid = spawn("spin", NULL, 0);
    check("give stdin", 0, pm_give(START_SLOT_PM, (unsigned)pid, START_SLOT_STDIN, stream));
    check("start", 0, pm_start(START_SLOT_PM, (unsigned)pid));
    check("kill", 0, pm_kill(START_SLOT_PM, (unsigned)pid));
    check("wait", pid, pm_wait(START_SLOT_PM, (unsigned)pid, NULL));
    check("closes after kill", 3, rpc_call(stream, STREAM_READ, 1, 1, 0, 0, NULL));
    sys_cap_delete(stream);
    test_print("streams: closed when their process ended");
}

static void scenario_isolation(void)
{
    int holder = spawn("secret", NULL, 0);
    check("start secret", 0, pm_start(START_SLOT_PM, (unsigned)holder));
    run_child("peek", NULL, 0, PM_END_EXIT, 0);
    check("kill secret", 0, pm_kill(START_SLOT_PM, (unsigned)holder));
    struct pm_exit_info info;
    check("wait secret", holder, pm_wait(START_SLOT_PM, (unsigned)holder, &info));
    check("secret killed", PM_END_KILLED, (int)info.end);
    test_print("isolation: a process did not reach another's memory");
}

static void scenario_kill_and_orphans(void)
{
    unsigned before = frames_in_use();
    int spinner = spawn("spin", NULL, 0);
    check("start spin", 0, pm_start(START_SLOT_PM, (unsigned)spinner));
    sys_yield();
    check("kill spin", 0, pm_kill(START_SLOT_PM, (unsigned)spinner));
    check("kill it again", ERR_NOT_FOUND, pm_kill(START_SLOT_PM, (unsigned)spinner));
    struct pm_exit_info info;
    check("wait spin", spinner, pm_wait(START_SLOT_PM, 0, &info));
    check("spin killed", PM_END_KILLED, (int)info.end);
    run_child("orphaner", NULL, 0, PM_END_EXIT, 0);
    /* Its children are orphans now: the one it started ends on its own and nobody waits,
     * the one it never started can never run. pm forgets both. */
    struct pm_list_entry entry;
    int rounds = 0, others;
    do {
        sys_yield();
        others = 0;
        for (int i = 0; (i = pm_list(START_SLOT_PM, (unsigned)i, &entry)) > 0;)
            others += entry.pid != me->pid;
    } while (others > 0 && ++rounds < 1000);
    if (others)
        child_fail("processes left after the orphan ended, expected none, seen %d", others);
    unsigned after = frames_in_use();
    if (before != after)
        child_fail("frames after kill and orphan, expected %u, seen %u", before, after);
    test_print("kill and orphans: all reaped");
}

static void scenario_list_caps(void)
{
    struct pm_list_entry entry;
    int next = pm_list(START_SLOT_PM, 0, &entry);
    if (next <= 0 || entry.pid != me->pid || entry.state != PM_STATE_RUNNING ||
        strcmp(entry.name, TEST_NAME) || entry.pages == 0 || entry.threads != 1)
        child_fail("pm_list: next %d pid %u state %u name %s pages %u", next, entry.pid,
                   entry.state, entry.name, entry.pages);
    test_print("list: pid %u parent %u state %u threads %u pages %u name %s", entry.pid,
               entry.parent, entry.state, entry.threads, entry.pages, entry.name);
    struct pm_cap_entry caps[PM_CAPS_MAX];
    int count = pm_caps(START_SLOT_PM, me->pid, 0, caps, PM_CAPS_MAX);
    if (count < 5 || caps[0].type_rights != (OBJECT_TASK | RIGHTS_ALL << 8) ||
        caps[3].slot != START_SLOT_PM || caps[3].badge != NS_BADGE_PROCESS(me->pid) ||
        caps[4].slot != START_SLOT_MM || caps[4].badge != NS_BADGE_PROCESS(me->pid))
        child_fail("pm_caps: %d entries", count);
    for (int i = 0; i < count; i++) /* the same as we see ourselves */
        if ((int)caps[i].type_rights != sys_cap_identify((int)caps[i].slot))
            child_fail("pm_caps: slot %u is 0x%x, we see 0x%x", caps[i].slot, caps[i].type_rights,
                       sys_cap_identify((int)caps[i].slot));
    test_print("caps: %d entries", count);
}

#include "mmpm_bad_args.h"
#include "mmpm_share.h"

static int driver(const char *which)
{
    bool all = strcmp(which, "all") == 0;
    int priority = sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_PRIORITY);
    if (priority != MMPM_PROCESS_PRIORITY || me->priority != MMPM_PROCESS_PRIORITY)
        child_fail("the driver's priority, expected %d (start information and thread_info), seen "
                   "%u and %d", MMPM_PROCESS_PRIORITY, me->priority, priority);
    test_print("driver: priority %d, as init named for processes", priority);
    if (strncmp(which, "spawn_wait", 10) == 0) /* spawn_wait, or spawn_wait_N for N children */
        scenario_spawn_wait(which[10] == '_' ? number(which + 11) : 1000);
    if (strcmp(which, "exhaust") == 0)
        scenario_exhaust();
    if (strcmp(which, "share") == 0 || all)
        scenario_share();
    if (all) {
        scenario_list_caps();
        scenario_crashes();
        scenario_alloc();
        scenario_isolation();
        scenario_streams();
        scenario_kill_and_orphans();
        scenario_bad_mm();
        scenario_bad_pm();
        scenario_spawn_wait(20);
    }
    test_print("driver %s: passed", which);
    return 0;
}

/* ---- Which process we are --------------------------------------------------------- */

static int mmpm_process_main(void)
{
    if (me->magic != START_INFO_MAGIC)
        sys_thread_exit();
    const char *role = arg(1);
    int status = 0;
    if (strcmp(role, "driver") == 0)
        status = driver(arg(2));
    else if (strcmp(role, "exit") == 0)
        status = (int)number(arg(2));
    else if (strcmp(role, "spin") == 0)
        for (;;)
            sys_yield();
    else if (strcmp(role, "crash") == 0)
        crash(arg(2)), status = 98; /* not reached */
    else if (strcmp(role, "alloc") == 0)
        status = allocate_until_refused(strcmp(arg(2), "any") == 0);
    else if (strcmp(role, "secret") == 0) {
        int heap = sbrk_call(PAGE_SIZE);
        *(volatile unsigned *)(unsigned)heap = SECRET;
        for (;;)
            sys_yield();
    } else if (strcmp(role, "peek") == 0)
        status = peek();
    else if (strcmp(role, "share_a") == 0)
        status = share_writer();
    else if (strcmp(role, "share_b") == 0)
        status = share_reader(number(arg(2)));
    else if (strcmp(role, "share_limit") == 0)
        status = share_limit();
    else if (strcmp(role, "orphaner") == 0) {
        int pid = spawn("exit", "0", 0), never_started = spawn("exit", "0", 0);
        status = pid > 0 && never_started > 0 && pm_start(START_SLOT_PM, (unsigned)pid) == 0 ? 0 : 1;
    }
    process_exit(status);
}

#endif
