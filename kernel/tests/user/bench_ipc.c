/*
 * bench_ipc - the cost of IPC between two tasks, and of a page fault served by a user-level
 * pager, in guest instructions.
 *
 * Under QEMU's -icount shift=0 the TSC counts instructions (see bench_null_syscall). The
 * root task starts copies of this program as child tasks (their main gets info == NULL;
 * the root writes their role into `role` with task_write before they run):
 *
 *   ipc_roundtrip      The echo child receives once, then answers in reply_recv forever.
 *                      The root makes ITERATIONS calls with a 3-word register message and
 *                      no IPC buffer on either side (the kernel's fast path may apply), and
 *                      subtracts an empty loop of as many turns. The figure is one call
 *                      plus one reply_recv, user loops included.
 *   ipc_roundtrip_cap  The same with one capability each way: each call carries a
 *                      notification capability, the echo child sends the copy it received
 *                      back with the reply. Both sides have IPC buffers and move their
 *                      receive slot on by one per message; after each batch of CAP_BATCH
 *                      round trips (a slot each) both delete what they received, outside
 *                      the timed part.
 *   fault_roundtrip    A faulter child whose fault handler is the root: for each of
 *                      FAULT_PAGES fresh pages it reads the TSC around a write to the
 *                      unmapped page (the root, as pager, creates a frame, maps it into the
 *                      child and replies 0), and around a write to the same, now mapped,
 *                      page; the difference is one fault round trip. The child reports the
 *                      median of the differences.
 *
 * Expected: prints
 *   bench: ipc_roundtrip <instructions> instructions
 *   bench: ipc_roundtrip_cap <instructions> instructions
 *   bench: fault_roundtrip <instructions> instructions
 * and exits 0. Every reply is checked once the timing is over (the echo must have echoed,
 * the capabilities must have arrived).
 */
#define TEST_NAME "bench_ipc"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "user_test.h"
#include "tsc.h"

#define ITERATIONS 10000u
#define WARMUP 100u
#define CAP_BATCH 24u
#define CAP_BATCHES 20u
#define FAULT_PAGES 32u
#define CHILD_QUOTA (256 * 1024)
#define CHILD_ENDPOINT 2      /* the endpoint capability, in each child's space */
#define CHILD_RECEIVE_FIRST 8 /* the echo child's first receive slot */
#define BUFFER_VADDR 0x50000000u
#define FAULT_REGION 0x60000000u
#define PAGE 4096u
#define FAULT_BADGE 0xFA
#define REPORT_BADGE 0x7E

enum role { ROLE_ECHO = 1, ROLE_FAULTER = 2 };
enum label { LABEL_PLAIN = 0, LABEL_CAP_MODE = 1, LABEL_CLEANUP = 2, LABEL_REPORT = 3 };

/* Written by the root into each child before it runs (same image, same address). */
static volatile unsigned role;

static struct ipc_buffer *const buffer = (struct ipc_buffer *)BUFFER_VADDR;

/* --- The echo child ----------------------------------------------------------------------- */

/* Register-only echo until the root asks for capability mode. */
static void echo_plain(struct ipc_message *m)
{
    sys_recv(CHILD_ENDPOINT, m);
    while (IPC_TAG_LABEL(m->tag) == LABEL_PLAIN)
        sys_reply_recv(CHILD_ENDPOINT, m->tag, m->words[0], m->words[1], m->words[2], m);
}

/* Echo each capability back; CLEANUP deletes the received ones. Never returns. */
static void echo_caps(struct ipc_message *m)
{
    unsigned slot = CHILD_RECEIVE_FIRST;
    buffer->receive_cap_slot = slot;
    sys_reply_recv(CHILD_ENDPOINT, 0, 0, 0, 0, m); /* answers the LABEL_CAP_MODE request */
    for (;;) {
        if (IPC_TAG_LABEL(m->tag) == LABEL_CLEANUP) {
            unsigned deleted = 0;
            for (unsigned s = CHILD_RECEIVE_FIRST; s < slot; s++)
                deleted += sys_cap_delete((int)s) == 0;
            slot = CHILD_RECEIVE_FIRST;
            buffer->receive_cap_slot = slot;
            sys_reply_recv(CHILD_ENDPOINT, IPC_TAG(LABEL_CLEANUP, 1, 0), deleted, 0, 0, m);
            continue;
        }
        buffer->send_cap_slot = slot;
        buffer->receive_cap_slot = ++slot;
        sys_reply_recv(CHILD_ENDPOINT, IPC_TAG(0, 0, 1), m->words[0], 0, 0, m);
    }
}

static int echo(void)
{
    struct ipc_message m;
    echo_plain(&m);
    if (sys_task_map_anon(CAP_SELF_TASK, BUFFER_VADDR, 1, MAP_WRITABLE) != 0 ||
        sys_thread_set_ipc_buffer(CAP_SELF_THREAD, BUFFER_VADDR) != 0) {
        test_print("FAIL: echo: IPC buffer, expected set up, seen an error");
        return 1;
    }
    echo_caps(&m);
    return 0;
}

/* --- The faulter child -------------------------------------------------------------------- */

static unsigned median(unsigned *values, unsigned count)
{
    for (unsigned i = 1; i < count; i++) /* insertion sort: a few dozen values */
        for (unsigned j = i; j > 0 && values[j - 1] > values[j]; j--) {
            unsigned t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
    return values[count / 2];
}

static int faulter(void)
{
    static unsigned costs[FAULT_PAGES];
    *(volatile unsigned *)FAULT_REGION = 1; /* the first fault also makes the page table */
    for (unsigned i = 0; i < FAULT_PAGES; i++) {
        volatile unsigned *page = (volatile unsigned *)(FAULT_REGION + (i + 1) * PAGE);
        uint64_t t0 = tsc_read();
        page[0] = i;
        uint64_t t1 = tsc_read();
        page[1] = i;
        uint64_t t2 = tsc_read();
        uint64_t fault = t1 - t0, plain = t2 - t1;
        costs[i] = fault > plain ? (unsigned)(fault - plain) : 0;
    }
    unsigned bad = 0;
    for (unsigned i = 0; i < FAULT_PAGES; i++) {
        volatile unsigned *page = (volatile unsigned *)(FAULT_REGION + (i + 1) * PAGE);
        bad += page[0] != i || page[1] != i;
    }
    struct ipc_message reply;
    sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_REPORT, 2, 0), median(costs, FAULT_PAGES), bad, 0,
             &reply);
    return 0;
}

/* --- The root ----------------------------------------------------------------------------- */

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

/* Start a child with @p child_role; it gets a mint of @p endpoint in its slot 2. */
static void spawn(const struct user_boot_info *info, unsigned child_role, int endpoint,
                  unsigned rights, unsigned badge, int *task, int *thread)
{
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "bench_child",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, task, thread));
    expect_result("task_write of the child's role", 0,
                  sys_task_write(*task, (unsigned)&role, &child_role, sizeof child_role));
    expect_result("cap_mint of the endpoint into the child", 0,
                  sys_cap_mint(endpoint, *task, CHILD_ENDPOINT, rights, badge));
}

static unsigned bench_roundtrip(int endpoint)
{
    struct ipc_message reply;
    for (unsigned i = 0; i < WARMUP; i++)
        expect_result("warm-up call", 0, sys_call(endpoint, 0, i, 0, 0, &reply));
    uint64_t empty = tsc_empty_loop(ITERATIONS);
    uint64_t start = tsc_read();
    for (unsigned i = ITERATIONS; i != 0; i--)
        sys_call(endpoint, 0, i, 0, 0, &reply);
    uint64_t calls = tsc_read() - start;
    if (reply.tag != 0 || reply.words[0] != 1)
        test_fail("the last echo, expected tag 0 word 1, seen tag 0x%x word %u", reply.tag,
                  reply.words[0]);
    return tsc_per_round(calls, empty, ITERATIONS);
}

static unsigned bench_roundtrip_cap(int endpoint)
{
    struct ipc_message reply;
    expect_result("task_map_anon of the IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, BUFFER_VADDR, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, BUFFER_VADDR));
    expect_result("call switching the echo to capabilities", 0,
                  sys_call(endpoint, IPC_TAG(LABEL_CAP_MODE, 0, 0), 0, 0, 0, &reply));
    int notification = expect_success("notification_create", sys_notification_create());
    int first = free_slot();
    for (int s = first; s < first + (int)CAP_BATCH; s++)
        if (sys_cap_identify(s) != 0)
            test_fail("slot %d, expected empty for the returned capabilities, seen in use", s);
    buffer->send_cap_slot = (unsigned)notification;

    uint64_t total = 0, empty = 0;
    for (unsigned batch = 0; batch < CAP_BATCHES; batch++) {
        buffer->receive_cap_slot = (unsigned)first;
        empty += tsc_empty_loop(CAP_BATCH);
        uint64_t start = tsc_read();
        for (unsigned i = CAP_BATCH; i != 0; i--) {
            sys_call(endpoint, IPC_TAG(0, 0, 1), i, 0, 0, &reply);
            buffer->receive_cap_slot++;
        }
        total += tsc_read() - start;
        if (!IPC_TAG_HAS_CAP(reply.tag) || buffer->received_cap != 1 || reply.words[0] != 1)
            test_fail("the last reply of a batch, expected a capability and word 1, seen tag 0x%x "
                      "received_cap %u word %u", reply.tag, buffer->received_cap, reply.words[0]);
        for (int s = first; s < first + (int)CAP_BATCH; s++) {
            if ((sys_cap_identify(s) & 0xFF) != OBJECT_NOTIFICATION)
                test_fail("slot %d after a batch, expected the returned notification cap", s);
            expect_result("cap_delete of a returned capability", 0, sys_cap_delete(s));
        }
        expect_result("cleanup call", 0,
                      sys_call(endpoint, IPC_TAG(LABEL_CLEANUP, 0, 0), 0, 0, 0, &reply));
        expect_result("capabilities the echo deleted", CAP_BATCH, (int)reply.words[0]);
    }
    return tsc_per_round(total, empty, CAP_BATCH * CAP_BATCHES);
}

static unsigned bench_fault(const struct user_boot_info *info)
{
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int fault_cap = free_slot();
    expect_result("cap_mint of the fault handler's cap", 0,
                  sys_cap_mint(endpoint, CAP_SELF_TASK, fault_cap, RIGHT_WRITE, FAULT_BADGE));
    int task, thread;
    spawn(info, ROLE_FAULTER, endpoint, RIGHT_WRITE, REPORT_BADGE, &task, &thread);
    expect_result("thread_set_fault_handler of the faulter", 0,
                  sys_thread_set_fault_handler(thread, fault_cap));
    expect_result("thread_resume of the faulter", 0, sys_thread_resume(thread));

    struct ipc_message m;
    unsigned faults = 0;
    int result = sys_recv(endpoint, &m);
    while (result == 0 && m.badge == FAULT_BADGE) {
        int frame = sys_frame_create();
        if (frame < 0 || sys_frame_map(frame, task, m.words[0] & ~(PAGE - 1), FRAME_MAP_WRITABLE))
            break;
        faults++;
        result = sys_reply_recv(endpoint, 0, 0, 0, 0, &m);
    }
    expect_result("the pager's receive", 0, result);
    if (m.badge != REPORT_BADGE || m.tag != IPC_TAG(LABEL_REPORT, 2, 0))
        test_fail("the faulter's report, expected badge 0x%x tag 0x%x, seen badge 0x%x tag 0x%x "
                  "after %u faults", REPORT_BADGE, IPC_TAG(LABEL_REPORT, 2, 0), m.badge, m.tag,
                  faults);
    expect_result("faults the pager served", FAULT_PAGES + 1, (int)faults);
    expect_result("words the faulter read back wrong", 0, (int)m.words[1]);
    return m.words[0];
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return role == ROLE_ECHO ? echo() : role == ROLE_FAULTER ? faulter() : 1;

    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int task, thread;
    spawn(info, ROLE_ECHO, endpoint, RIGHT_READ | RIGHT_WRITE, 0, &task, &thread);
    expect_result("thread_resume of the echo", 0, sys_thread_resume(thread));

    unsigned roundtrip = bench_roundtrip(endpoint);
    printf("bench: ipc_roundtrip %u instructions\n", roundtrip);
    unsigned roundtrip_cap = bench_roundtrip_cap(endpoint);
    printf("bench: ipc_roundtrip_cap %u instructions\n", roundtrip_cap);
    unsigned fault = bench_fault(info);
    printf("bench: fault_roundtrip %u instructions\n", fault);
    test_print("%u register round trips, %u with a capability each way, %u faults", ITERATIONS,
               CAP_BATCH * CAP_BATCHES, FAULT_PAGES);
    return 0;
}
