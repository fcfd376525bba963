/*
 * lab5_pager.c - Lab 5's grader drives the memory manager's fault decision (servers/mm,
 * with the student's fault_decide) from a process of the whole system: init runs this
 * program (kernel command line `run=lab5_pager`) in place of the shell, from the boot
 * files. labs/lab5/pager_checks.py judges what it prints against what only the real
 * mechanism produces: the kernel's trace of the run (every page mapped into this task, every
 * page fault of its threads), the kernel's own count of its pages (task_info
 * TASK_INFO_USER_PAGES), and the bytes of this very ELF file, read on the host.
 *
 * Phases, each a line "lab5_pager: PHASE: ..." (and trace marks MARK_* around them, from this
 * process's thread, so the grader can tell the phases apart in the trace):
 *   sparse    a 2 MiB heap (sbrk) and a 1 MiB bss array, of which SPARSE_TOUCHED pages of
 *             each are touched: the kernel's page count grows by exactly those pages
 *   contents  CRC-32 of the code, the read-only data and an initialized data array (read
 *             before anything writes it), each with its address and length, for the grader
 *             to compare with the file
 *   linear    LINEAR_PAGES heap pages written, then read, twice over (faults: one per page)
 *   refused   children that make a fault the pager must refuse: bad-addr (a read far from
 *             every region), write-code (a write to its own code), grow-bad (the stack past
 *             its limit), each must end "how 2" (PM_END_FAULT) at its address, and a child
 *             after each must still run (the system goes on); the frames in use are the
 *             same before and after them
 *
 * Expected: "lab5_pager: finished, 0 checks failed", status 0; a failed check prints
 * "lab5_pager: FAIL: what" and the status is 1.
 */
#include "abi/user_bootinfo.h"
#include "heap.h"
#include "mm_client.h"
#include "pm_client.h"
#include "program.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define NAME "lab5_pager"
#define SPARSE_HEAP (2u * 1024 * 1024)
#define SPARSE_BSS (1024u * 1024)
#define SPARSE_TOUCHED 8
#define LINEAR_PAGES 64
/* Trace marks (trace_control TRACE_CONTROL_MARK values) around the phases. */
#define MARK_LINEAR_BEGIN 0x1a550001u
#define MARK_LINEAR_END 0x1a550002u

static unsigned failures;
static uint8_t bss_area[SPARSE_BSS] __attribute__((aligned(4096)));
/* Two pages of initialized data, a different word on each page (and a few odd ones). */
static uint32_t data_pattern[2048] __attribute__((aligned(4096))) = {
    [0 ... 6] = 0x11223344u, [7] = 0xdeadbeefu, [8 ... 1023] = 0x11223344u,
    [1024 ... 1499] = 0x55667788u, [1500] = 0x0badf00du, [1501 ... 2046] = 0x55667788u,
    [2047] = 0xcafe5a5au,
};
static const char rodata_words[] = "lab5_pager: read-only data, mapped read-only";
static volatile unsigned sink;

static void check(bool ok, const char *what, int seen)
{
    if (!ok) {
        failures++;
        printf(NAME ": FAIL: %s (seen %d)\n", what, seen);
    }
}

static unsigned user_pages(void) { return (unsigned)sys_task_info(CAP_SELF_TASK, TASK_INFO_USER_PAGES); }

/* CRC-32 (IEEE, zlib's), bit by bit: small and plain. */
static uint32_t crc32(const uint8_t *bytes, unsigned length)
{
    uint32_t crc = ~0u;
    for (unsigned i = 0; i < length; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static void sparse(void)
{
    sink = 0; /* its page (with our other small variables) is not one the counts below count */
    unsigned before = user_pages();
    uint8_t *heap = sbrk((intptr_t)SPARSE_HEAP);
    check(heap != SBRK_FAILED, "sbrk of the sparse heap", 0);
    if (heap == SBRK_FAILED)
        return;
    unsigned after_sbrk = user_pages();
    for (unsigned i = 0; i < SPARSE_TOUCHED; i++)
        heap[i * (SPARSE_HEAP / SPARSE_TOUCHED) + 123] = (uint8_t)(i + 1);
    unsigned after_heap = user_pages();
    for (unsigned i = 0; i < SPARSE_TOUCHED; i++)
        sink += bss_area[i * (SPARSE_BSS / SPARSE_TOUCHED) + 7]; /* reads: bss is zero */
    unsigned after_bss = user_pages();
    printf(NAME ": sparse: heap 0x%08x+0x%x bss 0x%08x+0x%x touched %u each; user pages %u, "
           "%u after sbrk, %u after the heap, %u after the bss\n", (unsigned)heap, SPARSE_HEAP,
           (unsigned)bss_area, SPARSE_BSS, SPARSE_TOUCHED, before, after_sbrk, after_heap, after_bss);
    check(after_sbrk == before, "sbrk maps nothing", (int)(after_sbrk - before));
    check(after_heap - after_sbrk == SPARSE_TOUCHED, "heap pages mapped: the ones touched",
          (int)(after_heap - after_sbrk));
    check(after_bss - after_heap == SPARSE_TOUCHED, "bss pages mapped: the ones touched",
          (int)(after_bss - after_heap));
    check(sink == 0, "the bss reads zero", (int)sink);
    for (unsigned i = 0; i < SPARSE_TOUCHED; i++)
        check(heap[i * (SPARSE_HEAP / SPARSE_TOUCHED) + 123] == i + 1, "a heap byte reads back", (int)i);
}

extern char _start[];

static void contents(void)
{
    /* Read before anything writes it: the bytes the file holds. */
    printf(NAME ": contents: data 0x%08x+0x%x crc 0x%08x\n", (unsigned)data_pattern,
           (unsigned)sizeof data_pattern, crc32((const uint8_t *)data_pattern, sizeof data_pattern));
    /* The code from the program's start to the read-only data (user.ld puts them in that
     * order), and the read-only data's first page. */
    unsigned text = (unsigned)_start & ~(PAGE_SIZE - 1);
    unsigned rodata = (unsigned)rodata_words & ~(PAGE_SIZE - 1);
    printf(NAME ": contents: text 0x%08x+0x%x crc 0x%08x\n", text, rodata - text,
           crc32((const uint8_t *)text, rodata - text));
    printf(NAME ": contents: rodata 0x%08x+0x%x crc 0x%08x\n", rodata, PAGE_SIZE,
           crc32((const uint8_t *)rodata, PAGE_SIZE));
}

static void linear(void)
{
    uint8_t *area = sbrk(LINEAR_PAGES * PAGE_SIZE);
    check(area != SBRK_FAILED, "sbrk of the linear area", 0);
    if (area == SBRK_FAILED)
        return;
    sys_trace_control(TRACE_CONTROL_MARK, MARK_LINEAR_BEGIN);
    for (int round = 0; round < 2; round++)
        for (unsigned i = 0; i < LINEAR_PAGES * PAGE_SIZE; i += 512)
            area[i] = (uint8_t)(i / 512 + round);
    unsigned bad = 0;
    for (unsigned i = 0; i < LINEAR_PAGES * PAGE_SIZE; i += 512)
        bad += area[i] != (uint8_t)(i / 512 + 1);
    sys_trace_control(TRACE_CONTROL_MARK, MARK_LINEAR_END);
    printf(NAME ": linear: area 0x%08x+0x%x written twice, read back, %u wrong\n", (unsigned)area,
           LINEAR_PAGES * PAGE_SIZE, bad);
    check(bad == 0, "the linear area reads back", (int)bad);
}

/* A child's bad access (its role). */
static int child(const char *role)
{
    if (strcmp(role, "bad-addr") == 0)
        sink = *(volatile unsigned *)0x50000123u; /* far above the heap, far below shared */
    else if (strcmp(role, "write-code") == 0)
        *(volatile uint8_t *)(void *)child = 0xCC;
    else if (strcmp(role, "grow-bad") == 0)
        sink = *(volatile unsigned *)(MM_STACK_LIMIT - 64); /* the stack past its limit */
    else if (strcmp(role, "ok") == 0)
        return 0;
    return 3; /* the access did not stop us */
}

static void refused(void)
{
    static const struct { const char *role; unsigned address; } cases[] = {
        { "bad-addr", 0x50000123u },
        { "write-code", 0 },
        { "grow-bad", MM_STACK_LIMIT - 64 },
    };
    unsigned before = (unsigned)sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *argv[] = { NAME, cases[i].role, NULL };
        int pid = pm_spawn(START_SLOT_PM, argv, 0);
        check(pid > 0, "spawn a child", pid);
        if (pid <= 0)
            continue;
        struct pm_exit_info end = { 0 };
        check(pm_start(START_SLOT_PM, (unsigned)pid) == 0, "start a child", pid);
        check(pm_wait(START_SLOT_PM, (unsigned)pid, &end) == pid, "wait for a child", pid);
        unsigned expected = cases[i].address ? cases[i].address : (unsigned)(void *)child;
        printf(NAME ": refused: %s ended how %u status %u at 0x%08x (expected how %u at 0x%08x)\n",
               cases[i].role, end.end, end.status, end.address, PM_END_FAULT, expected);
        check(end.end == PM_END_FAULT && end.address == expected, cases[i].role, (int)end.end);
        const char *ok[] = { NAME, "ok", NULL };
        pid = pm_spawn(START_SLOT_PM, ok, 0);
        struct pm_exit_info after = { 0 };
        if (pid > 0 && pm_start(START_SLOT_PM, (unsigned)pid) == 0)
            pm_wait(START_SLOT_PM, (unsigned)pid, &after);
        printf(NAME ": refused: after %s a child ran: how %u status %u\n", cases[i].role,
               after.end, after.status);
        check(pid > 0 && after.end == PM_END_EXIT && after.status == 0, "a child runs after", pid);
    }
    unsigned after = (unsigned)sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    printf(NAME ": refused: frames in use %u before the children, %u after\n", before, after);
    check(before == after, "every frame of the children came back", (int)(after - before));
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    contents(); /* first: nothing has written data_pattern yet */
    sparse();
    linear();
    refused();
    printf(NAME ": finished, %u checks failed\n", failures);
    return failures ? 1 : 0;
}
