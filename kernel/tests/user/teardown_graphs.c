/*
 * teardown_graphs - hostile object graphs: destroying them must finish, in bounded kernel
 * stack, and give back every frame and quota byte, whoever does the destroying.
 *
 * Bounded stack (the kernel destroys objects from a work list, not by recursion). A fresh
 * thread deletes the first object of each graph and reads DEBUG_INFO_KERNEL_STACK_PEAK; the
 * peak must not grow with the size of the graph:
 *   - chain:       tasks T1..TN, each holding the only capability to the next;
 *   - tower:       tasks L1..LN, each created from its parent's quota (L1 from ours);
 *   - fault chain: threads T1..TN, each blocked on its fault message to an endpoint E_i
 *                  whose only reference is T(i+1)'s fault handler.
 * (Before the work list, a chain of about 26 tasks or 16 fault threads overflowed the
 * 4 KiB kernel stack; the tower's stack grew by a frame per level.)
 *
 * A teardown run by a thread that is itself destroyed (it used to stop halfway, leaking
 * frames and quota, and could leave a thread running with no capability left):
 *   - self:   a task holds the only capability to itself and its thread deletes it;
 *   - mutual: tasks A and B hold the only capabilities to each other; A's thread deletes
 *             its capability to B;
 *   - parent: task P creates C from its quota, gives C the only capability to P, then
 *             deletes its capability to C.
 * Each runs ROUNDS times; after every round the frames and quota in use must be what they
 * were before, and the thread that did the deleting must never run again.
 *
 * Expected: each graph's teardown peak within STACK_SLACK bytes of the small graph's, and
 * after every round the frames and quota in use back where they were.
 */
#define TEST_NAME "teardown_graphs"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "format.h"
#include "user_test.h"

#define ROUNDS 20
/* A child's kernel memory: its copy of this program's pages (about 10), its page tables,
 * thread and capability space, and the 16 KiB task a ROLE_PARENT child makes, with room
 * to spare: at 96 KiB, 4 KiB more of the runtime's read-only data (the error sentences of
 * servers/lib/error_text.c) left the ROLE_PARENT child unable to make its task. */
#define CHILD_QUOTA (128 * 1024)
#define SHARED_VA 0x20000000u     /* the page a child shares with us */
#define DELETER_STACK 0x30000000u /* the fresh threads' user stack */
#define TOWER_STACK 0x31000000u   /* a tower level's user stack */
#define PROGRAM_START 0x00400000u /* servers/user.ld */
#define SLOT_GIVEN 4              /* where a child gets its capability */
#define SHARED_FRAME_SLOT 4       /* ours: the first slot we fill */
#define SLOT_CHILD_MAPPING 60     /* ours: the copy that maps the shared page into a child */
#define WAIT_TICKS 200

extern char _end[];

/* The page a child shares with us: what it is to do, and how far it got. */
enum role { ROLE_NONE, ROLE_SELF, ROLE_MUTUAL, ROLE_PARENT };
struct shared {
    volatile unsigned role;
    volatile unsigned ready;   /* the child set up its part */
    volatile unsigned go;      /* we removed ours: now delete */
    volatile unsigned counter; /* counts up if the child runs on after its deletion */
};
#define SHARED ((struct shared *)SHARED_VA)

/* ---- The children's side (main(NULL)). ---- */

static void child_main(void)
{
    struct shared *shared = SHARED;
    int other = 0;
    switch (shared->role) {
    case ROLE_SELF: /* the only capability to ourselves, besides the weak slot 0 */
        sys_cap_copy(CAP_SELF_TASK, CAP_SELF_TASK, SLOT_GIVEN);
        other = SLOT_GIVEN;
        break;
    case ROLE_MUTUAL: /* B's only capability is in our SLOT_GIVEN */
        other = SLOT_GIVEN;
        break;
    case ROLE_PARENT: /* a child of ours holds the only capability to us */
        other = sys_task_create(16 * 1024, "child");
        if (other < 0 || sys_cap_copy(CAP_SELF_TASK, other, SLOT_GIVEN) < 0)
            for (;;)
                sys_sleep(1000); /* the root sees "ready" never come */
        break;
    default:
        for (;;)
            sys_sleep(1000);
    }
    shared->ready = 1;
    while (!shared->go)
        sys_sleep(1);
    sys_cap_delete(other); /* destroys this thread too */
    for (;;)
        shared->counter++; /* must never run */
}

/* ---- A tower level runs this in its first thread (a copy of this program). ---- */

static volatile int tower_levels_left; /* copied with the program: each level's own */
#define SLOT_TOWER_DONE 5                /* a notification, signalled by the top level */

static void __attribute__((noreturn)) tower_level(void)
{
    if (tower_levels_left-- > 0) {
        unsigned quota = (unsigned)(sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) -
                                    sys_debug_info(DEBUG_INFO_QUOTA_USED)) - 4096;
        int child = sys_task_create(quota, "tower");
        unsigned bytes = (unsigned)_end - PROGRAM_START;
        unsigned pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
        int thread;
        if (child < 0 || sys_task_map_anon(child, PROGRAM_START, pages, MAP_WRITABLE) ||
            sys_task_write(child, PROGRAM_START, (const void *)PROGRAM_START, bytes) ||
            sys_task_map_anon(child, TOWER_STACK, 1, MAP_WRITABLE) ||
            sys_cap_copy(SLOT_TOWER_DONE, child, SLOT_TOWER_DONE) ||
            (thread = sys_thread_create(child, (unsigned)tower_level, TOWER_STACK + PAGE_SIZE,
                                        PRIORITY_DEFAULT)) < 0 ||
            sys_thread_resume(thread))
            sys_thread_exit(); /* the root's wait for the top level fails */
    } else {
        sys_signal(SLOT_TOWER_DONE);
    }
    sys_thread_exit();
}

/* ---- The root's side. ---- */

static int frames_before, quota_before;

static void expect_all_back(const char *what)
{
    int frames = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    if (frames != frames_before || quota != quota_before)
        test_fail("%s: frames and quota in use afterwards, expected %d and %d as before, "
                  "seen %d and %d", what, frames_before, quota_before, frames, quota);
}

/* A fresh thread (a fresh kernel stack) deletes @victim; the peak of its kernel stack. */
static volatile int deleter_victim, deleter_peak, deleter_done;

static void __attribute__((noreturn)) deleter(void)
{
    expect_result("cap_delete by the fresh thread", 0, sys_cap_delete(deleter_victim));
    deleter_peak = expect_success("debug_info(DEBUG_INFO_KERNEL_STACK_PEAK)",
                                  sys_debug_info(DEBUG_INFO_KERNEL_STACK_PEAK));
    deleter_done = 1;
    sys_thread_exit();
}

static int delete_in_fresh_thread(int victim)
{
    deleter_victim = victim;
    deleter_done = 0;
    int thread = expect_success("thread_create of the deleter",
                                sys_thread_create(CAP_SELF_TASK, (unsigned)deleter,
                                                  DELETER_STACK + PAGE_SIZE, PRIORITY_DEFAULT));
    expect_success("thread_resume of the deleter", sys_thread_resume(thread));
    test_wait_until(deleter_done, WAIT_TICKS, "the deleter's cap_delete returning");
    sys_sleep(1); /* let it exit */
    expect_result("cap_delete of the deleter", 0, sys_cap_delete(thread));
    return deleter_peak;
}

/* Tasks T1..Tn, each holding the only capability to the next; we hold T1's. */
static int build_chain(int n)
{
    int head = expect_success("task_create of T1", sys_task_create(12 * 1024, "chain"));
    int tail = head;
    for (int i = 2; i <= n; i++) {
        int next = expect_success("task_create of the next", sys_task_create(12 * 1024, "chain"));
        expect_success("cap_copy of the next into the tail", sys_cap_copy(next, tail, SLOT_GIVEN));
        if (tail != head)
            expect_result("cap_delete of our tail", 0, sys_cap_delete(tail));
        tail = next;
    }
    if (tail != head)
        expect_result("cap_delete of our tail", 0, sys_cap_delete(tail));
    return head;
}

/* Tasks L1..Ln, each created from the previous one's quota by a copy of this program. */
static int build_tower(int n)
{
    int done = expect_success("notification_create", sys_notification_create());
    int l1 = expect_success("task_create of L1", sys_task_create(1536 * 1024, "tower"));
    unsigned bytes = (unsigned)_end - PROGRAM_START;
    tower_levels_left = n - 1;
    expect_result("task_map_anon of L1's program", 0,
                  sys_task_map_anon(l1, PROGRAM_START, (bytes + PAGE_SIZE - 1) / PAGE_SIZE, MAP_WRITABLE));
    expect_result("task_write of L1's program", 0,
                  sys_task_write(l1, PROGRAM_START, (const void *)PROGRAM_START, bytes));
    expect_result("task_map_anon of L1's stack", 0, sys_task_map_anon(l1, TOWER_STACK, 1, MAP_WRITABLE));
    expect_result("cap_copy of the notification", 0, sys_cap_copy(done, l1, SLOT_TOWER_DONE));
    int thread = expect_success("thread_create in L1",
                                sys_thread_create(l1, (unsigned)tower_level, TOWER_STACK + PAGE_SIZE,
                                                  PRIORITY_DEFAULT));
    expect_result("thread_resume in L1", 0, sys_thread_resume(thread));
    expect_result("cap_delete of L1's thread", 0, sys_cap_delete(thread));
    expect_success("wait for the top of the tower", sys_wait(done));
    expect_result("cap_delete of the notification", 0, sys_cap_delete(done));
    return l1;
}

/* Threads T1..Tn of a task F, T(i) blocked on its fault message to E(i), whose only
 * reference is T(i+1)'s fault handler. We keep F and E(n). */
static int fault_chain_task;

static int build_fault_chain(int n)
{
    fault_chain_task = expect_success("task_create of F", sys_task_create(256 * 1024, "faults"));
    int previous = expect_success("endpoint_create of E0", sys_endpoint_create());
    for (int i = 1; i <= n; i++) {
        int endpoint = expect_success("endpoint_create", sys_endpoint_create());
        /* Entry at an unmapped page: the first instruction fetch faults. */
        int thread = expect_success("thread_create in F",
                                    sys_thread_create(fault_chain_task, 0x1000, 0, PRIORITY_DEFAULT));
        expect_result("thread_set_fault_handler E(i)", 0, sys_thread_set_fault_handler(thread, endpoint));
        expect_result("thread_resume", 0, sys_thread_resume(thread));
        sys_sleep(1); /* it runs, faults, and waits on E(i) */
        expect_result("thread_set_fault_handler E(i-1)", 0, sys_thread_set_fault_handler(thread, previous));
        expect_result("cap_delete of E(i-1)", 0, sys_cap_delete(previous));
        expect_result("cap_copy of the thread into F", 0,
                      sys_cap_copy(thread, fault_chain_task, SLOT_GIVEN + i));
        expect_result("cap_delete of our thread capability", 0, sys_cap_delete(thread));
        previous = endpoint;
    }
    return previous;
}

static int peak_of(const char *graph, int n)
{
    int peak = 0;
    if (graph[0] == 'c') {
        peak = delete_in_fresh_thread(build_chain(n));
    } else if (graph[0] == 't') {
        peak = delete_in_fresh_thread(build_tower(n));
    } else {
        peak = delete_in_fresh_thread(build_fault_chain(n));
        expect_result("cap_delete of F", 0, sys_cap_delete(fault_chain_task));
    }
    expect_all_back(graph);
    return peak;
}

/* The kernel stack must not grow with the graph (a timer interrupt during the teardown
 * may add its frame: hence the slack). */
#define STACK_SLACK 256

static void check_bounded(const char *graph, int small, int large)
{
    int small_peak = peak_of(graph, small), large_peak = peak_of(graph, large);
    test_print("%s: kernel stack peak %d bytes for %d objects, %d bytes for %d", graph,
               small_peak, small, large_peak, large);
    if (large_peak > small_peak + STACK_SLACK)
        test_fail("%s of %d: kernel stack peak of its teardown, expected at most %d bytes "
                  "(as for %d, plus %d), seen %d", graph, large, small_peak + STACK_SLACK, small,
                  STACK_SLACK, large_peak);
}

/* A child running this program in @role, sharing a page with us; its task slot. */
static int spawn_child(const struct user_boot_module *image, enum role role, int frame)
{
    int task, thread;
    expect_result("elf_spawn_suspended", 0,
                  elf_spawn_suspended((const void *)image->address, image->size, "victim",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    /* A mapping belongs to the capability that made it: this copy lives for the round. */
    expect_result("cap_copy of the shared frame", 0,
                  sys_cap_copy(frame, CAP_SELF_TASK, SLOT_CHILD_MAPPING));
    expect_result("frame_map into the child", 0,
                  sys_frame_map(SLOT_CHILD_MAPPING, task, SHARED_VA, FRAME_MAP_WRITABLE));
    SHARED->role = role;
    expect_result("thread_resume of the child", 0, sys_thread_resume(thread));
    expect_result("cap_delete of the child's thread", 0, sys_cap_delete(thread));
    return task;
}

static void self_destruction(const struct user_boot_module *image, enum role role, const char *what)
{
    for (int round = 0; round < ROUNDS; round++) {
        *SHARED = (struct shared){ 0 };
        int task = spawn_child(image, role, SHARED_FRAME_SLOT);
        int partner = 0;
        if (role == ROLE_MUTUAL) { /* B, holding the only capability to A; A holds B's */
            partner = expect_success("task_create of B", sys_task_create(16 * 1024, "partner"));
            expect_success("cap_copy of A into B", sys_cap_copy(task, partner, SLOT_GIVEN));
            expect_success("cap_copy of B into A", sys_cap_copy(partner, task, SLOT_GIVEN));
        }
        test_wait_until(SHARED->ready, WAIT_TICKS, "the child getting ready");
        expect_result("cap_delete of our capability to the child", 0, sys_cap_delete(task));
        if (partner)
            expect_result("cap_delete of our capability to B", 0, sys_cap_delete(partner));
        SHARED->go = 1;
        char waiting_for[160];
        ksnprintf(waiting_for, sizeof waiting_for, "%s: the frames in use back at %d after the "
                  "child's deletion", what, frames_before);
        test_wait_until(sys_debug_info(DEBUG_INFO_FRAMES_IN_USE) == frames_before, WAIT_TICKS,
                        waiting_for);
        unsigned counter = SHARED->counter;
        sys_sleep(10);
        if (SHARED->counter != counter || counter != 0)
            test_fail("%s: the deleting thread after its own task was destroyed, expected "
                      "never to run again, seen it count to %u", what, SHARED->counter);
        expect_result("cap_delete of the mapping copy", 0, sys_cap_delete(SLOT_CHILD_MAPPING));
        expect_all_back(what);
    }
    test_print("%s: %d rounds, everything came back", what, ROUNDS);
}

int main(const struct user_boot_info *info)
{
    if (!info)
        child_main();
    const struct user_boot_module *image = boot_module(info, TEST_NAME);
    if (!image)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    expect_result("task_map_anon of the deleters' stack", 0,
                  sys_task_map_anon(CAP_SELF_TASK, DELETER_STACK, 1, MAP_WRITABLE));
    expect_result("frame_create of the shared page", SHARED_FRAME_SLOT, sys_frame_create());
    expect_result("frame_map of the shared page", 0,
                  sys_frame_map(SHARED_FRAME_SLOT, CAP_SELF_TASK, SHARED_VA, FRAME_MAP_WRITABLE));
    frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);

    check_bounded("chain", 4, 100);
    check_bounded("tower", 2, 20);
    check_bounded("fault chain", 4, 40);

    self_destruction(image, ROLE_SELF, "self: the task holding the only capability to itself");
    self_destruction(image, ROLE_MUTUAL, "mutual: two tasks holding the only capabilities to each other");
    self_destruction(image, ROLE_PARENT, "parent: a child holding the only capability to its parent");
    test_print("every graph was destroyed completely");
    return 0;
}
