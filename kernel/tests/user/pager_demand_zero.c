/*
 * pager_demand_zero - a user-level pager serves a child task's page faults.
 *
 * The root task starts a copy of this program as a child task (its main gets
 * info == NULL) and, before the child runs, makes an endpoint the fault handler of the
 * child's thread, through a capability minted with badge FAULT_BADGE. The child gets a
 * second capability to the endpoint, badge DONE_BADGE, in its slot 2 to report with.
 * A pager thread in the root task receives on the endpoint:
 *   - a fault message (label IPC_LABEL_FAULT, length 4, vector 14 in the pager's IPC
 *     buffer) for an address in [REGION, REGION_END): it creates a frame, maps it writable
 *     at the faulting page in the child, and replies 0: the child retries and goes on;
 *   - a fault anywhere else: it replies IPC_LABEL_FAULT_STOP, and the kernel stops the
 *     child's thread and prints its "orrery: user fault:" line;
 *   - the child's report (badge DONE_BADGE): how many of its checks failed.
 * The child first reads a word of page 0 of the region (demand zero: it must read 0), then
 * writes words in pages 0, 1, 5 and 15, reads them all back, reports, and finally writes
 * to REGION_END + 0x10000, outside the region.
 *
 * Expected: the pager serves exactly 4 faults (pages 0, 1, 5, 15; the first a read, the
 * others writes; eip inside the program), the child reports 0 failed checks, the pager
 * stops the out-of-range write, the kernel prints exactly one "orrery: user fault:" line
 * (task pager_child, #PF at address 0x60020000), the child's thread is dead afterwards
 * (thread_resume: ERR_DEAD), and the root prints
 * "pager_demand_zero: the pager and the root task run on after the child's stop"; exit 0.
 */
#define TEST_NAME "pager_demand_zero"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "thread_start.h"
#include "user_test.h"

#define REGION 0x60000000u
#define REGION_END 0x60010000u
#define OUTSIDE (REGION_END + 0x10000u)
#define PAGE 4096u
#define PAGER_BUFFER 0x50000000u
#define FAULT_BADGE 0xFA
#define DONE_BADGE 0xD0
#define CHILD_ENDPOINT 2
#define CHILD_QUOTA (128 * 1024)
#define LABEL_DONE 0x30
#define VECTOR_PAGE_FAULT 14
#define TEXT_START 0x00400000u
#define TEXT_END 0x00500000u
#define WAIT_TICKS 2000

static const unsigned child_pages[] = { 0, 1, 5, 15 };
#define CHILD_PAGES (sizeof child_pages / sizeof child_pages[0])

/* --- The child ---------------------------------------------------------------------------- */

static volatile unsigned *word_at(unsigned page, unsigned offset)
{
    return (volatile unsigned *)(REGION + page * PAGE + offset);
}

static unsigned value(unsigned page, unsigned offset) { return 0xD0000000u | page << 16 | offset; }

static int child(void)
{
    static const unsigned offsets[] = { 0, 0x800, PAGE - 4 };
    unsigned failed = 0, checked = 0;
    if (*word_at(0, 0x100) != 0) /* the first touch of the region: a read fault */
        failed++;
    for (unsigned p = 0; p < CHILD_PAGES; p++)
        for (unsigned o = 0; o < 3; o++)
            *word_at(child_pages[p], offsets[o]) = value(child_pages[p], offsets[o]);
    for (unsigned p = 0; p < CHILD_PAGES; p++) {
        for (unsigned o = 0; o < 3; o++, checked++)
            if (*word_at(child_pages[p], offsets[o]) != value(child_pages[p], offsets[o]))
                failed++;
        if (*word_at(child_pages[p], 0x400) != 0) /* never written: still zero */
            failed++;
    }
    struct ipc_message reply;
    sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_DONE, 2, 0), failed, checked, 0, &reply);
    *(volatile unsigned *)OUTSIDE = 1; /* the pager stops us here */
    test_print("FAIL: child: the write outside the region returned");
    sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_DONE, 2, 0), 1000, 0, 0, &reply);
    return 1;
}

/* --- The pager (a thread of the root task) ------------------------------------------------ */

static int endpoint, child_task;
static volatile bool child_reported, child_stopped;
static unsigned pages_served;

/* Serve one fault message. @return the reply label: 0 to resume, or IPC_LABEL_FAULT_STOP. */
static unsigned serve_fault(const struct ipc_message *m)
{
    const struct ipc_buffer *buffer = (const struct ipc_buffer *)PAGER_BUFFER;
    unsigned address = m->words[0], eip = m->words[1], access = m->words[2];
    if (m->tag != IPC_TAG(IPC_LABEL_FAULT, 4, 0))
        test_fail("a fault message's tag, expected 0x%x, seen 0x%x", IPC_TAG(IPC_LABEL_FAULT, 4, 0),
                  m->tag);
    expect_result("a fault message's vector (word 3)", VECTOR_PAGE_FAULT, (int)buffer->words[3]);
    if (eip < TEXT_START || eip >= TEXT_END)
        test_fail("a fault's eip, expected in the program's text, seen 0x%x", eip);
    if (access & FAULT_ACCESS_PRESENT)
        test_fail("the access bits of a fault on an unmapped page, expected not present, seen 0x%x",
                  access);
    if (address < REGION || address >= REGION_END) {
        test_print("pager: write fault at 0x%x is outside the region: stopping the thread",
                   address);
        if (address != OUTSIDE || !(access & FAULT_ACCESS_WRITE))
            test_fail("the stray fault, expected a write at 0x%x, seen %s at 0x%x", OUTSIDE,
                      access & FAULT_ACCESS_WRITE ? "a write" : "a read", address);
        child_stopped = true;
        return IPC_LABEL_FAULT_STOP;
    }
    unsigned page = (address - REGION) / PAGE;
    bool write = access & FAULT_ACCESS_WRITE;
    if (pages_served >= CHILD_PAGES || page != child_pages[pages_served])
        test_fail("fault %u, expected on page %u, seen page %u", pages_served,
                  pages_served < CHILD_PAGES ? child_pages[pages_served] : 0, page);
    if (write != (pages_served != 0))
        test_fail("fault %u (page %u), expected a %s, seen a %s", pages_served, page,
                  pages_served ? "write" : "read", write ? "write" : "read");
    int frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map into the child", 0,
                  sys_frame_map(frame, child_task, REGION + page * PAGE, FRAME_MAP_WRITABLE));
    test_print("pager: %s fault at 0x%x (eip 0x%x): mapped a zeroed page", write ? "write" : "read",
               address, eip);
    pages_served++;
    return 0;
}

static void pager(void *unused)
{
    (void)unused;
    struct ipc_message m;
    int result = sys_recv(endpoint, &m);
    for (;;) {
        expect_result("the pager's receive", 0, result);
        unsigned label = 0;
        if (m.badge == FAULT_BADGE) {
            label = serve_fault(&m);
        } else if (m.badge == DONE_BADGE && m.tag == IPC_TAG(LABEL_DONE, 2, 0)) {
            if (m.words[0] != 0)
                test_fail("the child's checks, expected none failed, seen %u failed", m.words[0]);
            test_print("child: %u words read back right, fresh words read zero", m.words[1]);
            child_reported = true;
        } else {
            test_fail("a message to the pager, expected badge 0x%x or 0x%x, seen badge 0x%x tag 0x%x",
                      FAULT_BADGE, DONE_BADGE, m.badge, m.tag);
        }
        result = sys_reply_recv(endpoint, IPC_TAG(label, 0, 0), 0, 0, 0, &m);
    }
}

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return child();

    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int fault_cap = free_slot();
    expect_result("cap_mint of the fault handler's cap", 0,
                  sys_cap_mint(endpoint, CAP_SELF_TASK, fault_cap, RIGHT_WRITE, FAULT_BADGE));

    int pager_thread = expect_success("thread_new of the pager",
                                      thread_new(pager, NULL, PRIORITY_DEFAULT));
    expect_result("task_map_anon of the pager's IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, PAGER_BUFFER, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer of the pager", 0,
                  sys_thread_set_ipc_buffer(pager_thread, PAGER_BUFFER));
    expect_result("thread_resume of the pager", 0, sys_thread_resume(pager_thread));

    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int child_thread;
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "pager_child",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &child_task, &child_thread));
    expect_result("cap_mint of the child's report cap", 0,
                  sys_cap_mint(endpoint, child_task, CHILD_ENDPOINT, RIGHT_WRITE, DONE_BADGE));
    expect_result("thread_set_fault_handler of the child's thread", 0,
                  sys_thread_set_fault_handler(child_thread, fault_cap));
    expect_result("thread_resume of the child", 0, sys_thread_resume(child_thread));

    for (unsigned waited = 0; !child_stopped || !child_reported; waited++) {
        if (waited >= WAIT_TICKS)
            test_fail("the child, expected to report and be stopped, seen reported %d stopped %d",
                      child_reported, child_stopped);
        sys_sleep(1);
    }
    sys_sleep(5);
    expect_result("pages the pager served", CHILD_PAGES, (int)pages_served);
    expect_result("thread_resume of the stopped child thread", ERR_DEAD,
                  sys_thread_resume(child_thread));
    test_print("the pager and the root task run on after the child's stop");
    return 0;
}
