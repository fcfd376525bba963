/*
 * syscall_fuzz - a deterministic system-call fuzzer for the promise "every system-call
 * argument is validated; a user task can never panic the kernel; nothing is lost".
 *
 * The root task runs ROUNDS rounds; round R uses seed R. Each round it starts a copy of this
 * program as a child task (quota CHILD_QUOTA, priority CHILD_PRIORITY, below the root's),
 * maps into it the report page (a frame the root maps too), SCRATCH_PAGES writable pages, a
 * read-only page and a page of carriage returns, and gives it capabilities in known slots
 * (enum child_slot): an endpoint, a notification, a frame, a badged send-only mint of the
 * endpoint, a badged signal-only mint of the notification, a task capability to an empty
 * sibling task, the IRQ control capability, the I/O port 0x80 (a harmless one), the I/O
 * control capability with RIGHT_CONTROL only (for device_frame_create; ioport_create with it
 * may name any port, the machine's exit port too, but workers only make system calls and
 * never execute in or out) and its first WORKER_CAPS worker threads (the root keeps
 * capabilities to all of them). It makes WORKERS threads in the child,
 * suspended, each with a seed of its own, and resumes CONCURRENT_WORKERS of them; the
 * child's first thread is worker 0.
 *
 * A worker makes system calls until the round ends: numbers from all of SYSCALL_LIST and
 * past its end (the calls that may stop it for good, blocking IPC, sleep, thread_suspend,
 * thread_exit, with half the weight), arguments drawn by what they are (a slot, an
 * address, a length, a tag, ...; enum argument_kind) from values that may work and values
 * that must not: small slots, CSPACE_SLOTS, -1, 0x7FFFFFFF, 0x80000000, kernel addresses,
 * mapped, read-only and unmapped pages at aligned and unaligned offsets, huge lengths, tags
 * of up to 127 words, results of its earlier calls, random words. Before some IPC calls it
 * points its IPC buffer's capability slots somewhere; after a reply_save that worked, its
 * next call is, one time in two, a reply through the saved capability (the workers call
 * and receive on the same endpoints, so saved replies, bound notifications, time slices and
 * quota moved to the tasks they create all occur). debug_halt is called too: the child is
 * not the root task, so it must get ERR_NO_RIGHTS. Text for debug_write and task names only
 * comes from the page of carriage returns or from bad pointers, so the console stays
 * readable. Every result is checked against docs/syscalls.md (judge()): an error code that
 * exists, ERR_NO_SYSCALL exactly for numbers past the list, EBX..EDI kept by every call
 * that receives no message, 0 from null, yield and sleep, new slots from 4 up, and an
 * error for every call with an argument the contract rejects whatever the state (a slot at
 * or above CSPACE_MAX_SLOTS, a kernel address, a length, page count, priority, right, flag,
 * tag length, IRQ, port range, time slice, device address, frame offset and length past the
 * page, mapping bits to clear, or debug_info, task_info, thread_info or task_cap_info key
 * out of range). Each worker also keeps a mark of
 * its own in its FPU registers (a control word, a value on the x87 stack, MXCSR and XMM7,
 * all from its seed), loaded before its first call and checked after every call: with many
 * threads switching, dying and being killed while they own the FPU, no worker may find
 * another's registers or lose its own (fpu.c switches them lazily).
 *
 * The root waits on a notification that a ticker thread signals every tick and an idler
 * thread (PRIORITY_MIN) signals whenever nothing else can run, which means that every
 * running worker is blocked, asleep, finished or dead: then the root resumes the next
 * worker. A round ends after ROUND_CALLS calls, when all WORKERS have stopped, or after
 * ROUND_TICKS ticks. The root revokes and deletes its capability to the child, which must
 * destroy it and kill every thread in it, deletes everything else it made for the round,
 * and checks that every worker is dead and that DEBUG_INFO_FRAMES_IN_USE and
 * DEBUG_INFO_QUOTA_USED are back to their values before the first round.
 *
 * The run is deterministic (under the test harness's -icount the timer ticks after the
 * same instruction every time), so a failing run fails the same way again, and its message
 * names the round, the seed and the call. Kernel command-line words for runs by hand:
 * fuzz_seed=S runs round S only (every worker makes the same calls, but the threads may
 * interleave differently, so a failure that depends on the interleaving may need the
 * whole run), fuzz_rounds=N runs N rounds (from S), fuzz_calls=N ends a round after N calls
 * instead of ROUND_CALLS, fuzz_verbose prints each round's successful calls and each
 * worker's last call. `make run` does not use -icount, so it replays the calls but not the
 * interleaving:
 *     make run ROOT=syscall_fuzz CMDLINE="fuzz_seed=7 fuzz_verbose"
 * Under the harness a command line always runs the same way (PYTHONPATH=. python3, then):
 *     from grading.harness.qemu import run_qemu
 *     print(run_qemu("build/kernel.elf", ["build/user-tests/syscall_fuzz.elf"],
 *                    cmdline="root=syscall_fuzz fuzz_seed=7 fuzz_verbose").serial)
 * kernel/tests/test_user_programs.py runs the 24 rounds on the normal build, and 300 rounds
 * (fuzz_rounds=300) on build/bench, where tracing is compiled out and a round is much
 * cheaper.
 *
 * Expected: "syscall_fuzz: round R: seed R, N calls by W workers (why it ended)" for R = 0
 * to 23, no "FAIL" line and no panic, then "syscall_fuzz: 24 rounds, M calls, the kernel
 * survived and every frame came back"; exit 0. A failure says which round (and seed), the
 * call and what it returned, or, for a leak, the frames and bytes missing and the calls that
 * made or copied task and thread capabilities in that round.
 */
#define TEST_NAME "syscall_fuzz"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "string.h"
#include "thread_start.h"
#include "syscall_fuzz.h"
#include "fpu_state.h"
#include "user_test.h"
#include "tsc.h"

/* --- The worker (in the child) ------------------------------------------------------------ */

/* One system call, with all five argument registers going in and coming back out. */
static int fuzz_syscall(const unsigned c[6], bool *registers_kept)
{
    unsigned b = c[1], cx = c[2], d = c[3], s = c[4], di = c[5];
    int result;
    __asm__ volatile("int %[vector]"
                     : "=a"(result), "+b"(b), "+c"(cx), "+d"(d), "+S"(s), "+D"(di)
                     : [vector] "i"(SYSCALL_VECTOR), "0"(c[0])
                     : "memory", "cc");
    *registers_kept = b == c[1] && cx == c[2] && d == c[3] && s == c[4] && di == c[5];
    return result;
}

/* Point the capability slots of this worker's IPC buffer somewhere, and change a word. */
static void scribble_ipc_buffer(unsigned index, unsigned *state, const unsigned recent[RECENT])
{
    struct ipc_buffer *buffer = (struct ipc_buffer *)(SCRATCH + index % SCRATCH_PAGES * PAGE);
    buffer->send_cap_slot = pick_argument(SLOT, state, recent);
    buffer->receive_cap_slot = pick_argument(SLOT, state, recent);
    buffer->words[IPC_REGISTER_WORDS + next_random(state) % (IPC_MAX_WORDS - IPC_REGISTER_WORDS)] =
        pick_any(state, recent);
}

/* The calls that can make or copy a task or thread capability: where to look for a leak. */
static bool worth_logging(unsigned number)
{
    return number == SYS_task_create || number == SYS_thread_create ||
           number == SYS_cap_copy || number == SYS_cap_mint;
}

static void log_call(unsigned worker, const unsigned c[6], int result)
{
    unsigned n = __sync_fetch_and_add(&report->logged, 1);
    if (n >= LOGGED_CALLS)
        return;
    report->log[n].worker = worker;
    memcpy(report->log[n].call, c, sizeof report->log[n].call);
    report->log[n].result = result;
}

static void record_anomaly(struct worker_report *me, enum anomaly_kind kind, unsigned index,
                           const unsigned c[6], int result)
{
    if (me->anomalies++ == 0) {
        me->anomaly[0] = kind;
        me->anomaly[1] = index;
        memcpy(&me->anomaly[2], c, 6 * sizeof c[0]);
        me->anomaly_result = result;
    }
}

/* The FPU mark a worker with @p seed keeps in its registers. */
struct fpu_mark {
    unsigned control, mxcsr;
    int value;
    unsigned xmm7[4];
};

static struct fpu_mark fpu_mark_for(unsigned seed)
{
    return (struct fpu_mark){
        .control = FPU_CLEAN_CONTROL_WORD | (seed & 3) << 10,  /* rounding control */
        .mxcsr = FPU_CLEAN_MXCSR | (seed >> 2 & 3) << 13,     /* SSE rounding control */
        .value = (int)(seed & 0xFFFFFF),
        .xmm7 = { seed, ~seed, 0x5EED0000u, seed * 3 },
    };
}

static void fpu_mark_load(const struct fpu_mark *mark, bool sse)
{
    __asm__ volatile("fninit\n fldcw %0\n fildl %1" : : "m"(mark->control), "m"(mark->value));
    if (sse)
        __asm__ volatile("ldmxcsr %0\n movups %1, %%xmm7" : : "m"(mark->mxcsr), "m"(mark->xmm7));
}

static bool fpu_mark_intact(const struct fpu_mark *mark, bool sse)
{
    unsigned short control;
    int value;
    __asm__ volatile("fnstcw %0\n fistl %1" : "=m"(control), "=m"(value));
    if (control != mark->control || value != mark->value)
        return false;
    if (!sse)
        return true;
    unsigned mxcsr, xmm7[4];
    __asm__ volatile("stmxcsr %0\n movups %%xmm7, %1" : "=m"(mxcsr), "=m"(xmm7));
    return mxcsr == mark->mxcsr && memcmp(xmm7, mark->xmm7, sizeof xmm7) == 0;
}

static __attribute__((noreturn)) void worker(unsigned index)
{
    struct worker_report *me = &report->workers[index];
    unsigned state = me->seed, recent[RECENT] = { 0, 1, 2, 3 }, c[6];
    int saved_reply = -1; /* the slot the last successful reply_save returned */
    bool sse = cpu_has_sse();
    struct fpu_mark mark = fpu_mark_for(me->seed);
    fpu_mark_load(&mark, sse);
    for (unsigned i = 0; i < CALLS_PER_WORKER; i++) {
        pick_call(&state, recent, c);
        if (saved_reply >= 0 && next_random(&state) % 2) { /* answer it, or try to */
            c[0] = SYS_reply, c[1] = (unsigned)saved_reply;
            saved_reply = -1;
        }
        if (c[0] >= SYS_send && c[0] <= SYS_nb_recv && next_random(&state) % 4 == 0)
            scribble_ipc_buffer(index, &state, recent);
        memcpy(me->current, c, sizeof me->current);
        me->calls = i + 1;
        bool registers_kept;
        int result = fuzz_syscall(c, &registers_kept);
        enum anomaly_kind kind = judge(c, result, registers_kept);
        if (kind == ANOMALY_NONE && !fpu_mark_intact(&mark, sse))
            kind = ANOMALY_FPU_STATE;
        if (kind != ANOMALY_NONE)
            record_anomaly(me, kind, i, c, result);
        if (result >= 0 && c[0] < SYSCALL_COUNT) {
            report->successes[c[0]]++;
            recent[i % RECENT] = (unsigned)result;
            if (c[0] == SYS_reply_save)
                saved_reply = result;
            if (worth_logging(c[0]))
                log_call(index, c, result);
        }
    }
    me->finished = 1;
    sys_thread_exit();
}

/* Where the workers the root makes start: their index is on their stack, as an argument. */
static void worker_entry(unsigned index) { worker(index); }

/* The return address under worker_entry's argument (never used: workers end themselves). */
static void worker_returned(void) { sys_thread_exit(); }

/* --- The root's helper threads ------------------------------------------------------------ */

static void ticker(void *signal_cap)
{
    for (;;) {
        sys_sleep(1);
        sys_signal((int)signal_cap);
    }
}

/* Runs only when no other thread is ready: every worker is blocked, asleep, done or dead. */
static void idler(void *signal_cap)
{
    for (;;) {
        sys_signal((int)signal_cap);
        sys_yield();
    }
}

/* --- The root: one round ------------------------------------------------------------------ */

struct round {
    unsigned seed;
    int task, sibling, endpoint, notification, frame, ports, report_copy;
    int threads[WORKERS]; /* the root's capabilities to the workers' threads */
    unsigned started;     /* workers resumed */
    unsigned calls;
    const char *ended;    /* why */
};

static int report_frame, alarm;
static unsigned round_calls = ROUND_CALLS;
static bool verbose;
static int frames_before, quota_before;

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot in the root task, expected one, seen none");
}

/* Fail unless a call that prepares the child worked. @return its result. */
static int prepare(const char *what, int result)
{
    if (result < 0)
        test_fail("%s for the child, expected success, seen %s (%d)", what, error_name(result),
                  result);
    return result;
}

static unsigned worker_seed(unsigned seed, unsigned index)
{
    unsigned state = (seed + 1) * 0x9E3779B9u ^ (index + 1) * 0x85EBCA6Bu;
    for (int i = 0; i < 4; i++)
        next_random(&state);
    return state ? state : 1;
}

/* The report page, the scratch pages, the read-only page and the text page. Whatever part
 * of the text page debug_write prints, the log stays clean: it is all carriage returns
 * (written from the report page, which is cleared again before the workers get seeds). */
static void map_child_memory(struct round *r)
{
    r->report_copy = free_slot();
    prepare("cap_copy of the report frame",
            sys_cap_copy(report_frame, CAP_SELF_TASK, r->report_copy));
    prepare("frame_map of the report page",
            sys_frame_map(r->report_copy, r->task, REPORT_VADDR, FRAME_MAP_WRITABLE));
    prepare("task_map_anon of the scratch pages",
            sys_task_map_anon(r->task, SCRATCH, SCRATCH_PAGES, MAP_WRITABLE));
    prepare("task_map_anon of the read-only page",
            sys_task_map_anon(r->task, READ_ONLY_PAGE, 1, 0));
    prepare("task_map_anon of the text page", sys_task_map_anon(r->task, TEXT_PAGE, 1, 0));
    memset(report, '\r', PAGE);
    prepare("task_write of the text page", sys_task_write(r->task, TEXT_PAGE, report, PAGE));
    memset(report, 0, PAGE);
}

/* Worker i > 0: a suspended thread in the child at worker_entry(i), on a stack of its own.
 * Its first frame is what thread_new() in servers/lib/thread_start.c builds. */
static int make_worker(int task, unsigned index)
{
    unsigned bottom = STACKS + 2 * index * PAGE, frame_address = bottom + PAGE - 20;
    unsigned frame[2] = { (unsigned)worker_returned, index };
    prepare("task_map_anon of a worker stack", sys_task_map_anon(task, bottom, 1, MAP_WRITABLE));
    prepare("task_write of a worker's first frame",
            sys_task_write(task, frame_address, frame, sizeof frame));
    return prepare("thread_create of a worker",
                   sys_thread_create(task, (unsigned)worker_entry, frame_address, CHILD_PRIORITY));
}

/* The child's capabilities, in the slots enum child_slot names. */
static void give_capabilities(struct round *r)
{
    r->endpoint = expect_success("endpoint_create", sys_endpoint_create());
    r->notification = expect_success("notification_create", sys_notification_create());
    r->frame = expect_success("frame_create", sys_frame_create());
    r->sibling = expect_success("task_create of the sibling",
                                sys_task_create(SIBLING_QUOTA, "fuzz_sibling"));
    r->ports = expect_success("ioport_create",
                              sys_ioport_create(CAP_ROOT_IO_CONTROL, HARMLESS_PORT, 1));
    prepare("cap_copy of the endpoint", sys_cap_copy(r->endpoint, r->task, SLOT_ENDPOINT));
    prepare("cap_copy of the notification",
            sys_cap_copy(r->notification, r->task, SLOT_NOTIFICATION));
    prepare("cap_copy of the frame", sys_cap_copy(r->frame, r->task, SLOT_FRAME));
    prepare("cap_mint of the send-only endpoint",
            sys_cap_mint(r->endpoint, r->task, SLOT_ENDPOINT_SEND, RIGHT_WRITE | RIGHT_GRANT,
                         ENDPOINT_BADGE));
    prepare("cap_mint of the signal-only notification",
            sys_cap_mint(r->notification, r->task, SLOT_NOTIFICATION_SIGNAL, RIGHT_WRITE,
                         NOTIFICATION_BADGE));
    prepare("cap_copy of the sibling", sys_cap_copy(r->sibling, r->task, SLOT_SIBLING));
    prepare("cap_copy of the IRQ control",
            sys_cap_copy(CAP_ROOT_IRQ_CONTROL, r->task, SLOT_IRQ_CONTROL));
    prepare("cap_copy of the I/O port", sys_cap_copy(r->ports, r->task, SLOT_IO_PORTS));
    prepare("cap_mint of the I/O control",
            sys_cap_mint(CAP_ROOT_IO_CONTROL, r->task, SLOT_IO_CONTROL, RIGHT_CONTROL, 0));
    for (unsigned i = 0; i < WORKER_CAPS; i++)
        prepare("cap_copy of a worker's thread",
                sys_cap_copy(r->threads[i], r->task, SLOT_WORKERS + (int)i));
}

static void start_child(const struct user_boot_module *image, struct round *r)
{
    prepare("elf_spawn_suspended of this program",
            elf_spawn_suspended((const void *)image->address, image->size, "fuzz_child",
                                CHILD_QUOTA, CHILD_PRIORITY, &r->task, &r->threads[0]));
    map_child_memory(r);
    for (unsigned i = 1; i < WORKERS; i++)
        r->threads[i] = make_worker(r->task, i);
    for (unsigned i = 0; i < WORKERS; i++) {
        report->workers[i].seed = worker_seed(r->seed, i);
        prepare("thread_set_ipc_buffer of a worker",
                sys_thread_set_ipc_buffer(r->threads[i], SCRATCH + i % SCRATCH_PAGES * PAGE));
    }
    give_capabilities(r);
}

static unsigned calls_so_far(void)
{
    unsigned total = 0;
    for (unsigned i = 0; i < WORKERS; i++) /* bounded: the child can write the page */
        total += report->workers[i].calls < CALLS_PER_WORKER ? report->workers[i].calls
                                                             : CALLS_PER_WORKER;
    return total;
}

/* The child holds capabilities to its workers too: one may have started (and ended) early. */
static void resume_worker(const struct round *r, unsigned index)
{
    int result = sys_thread_resume(r->threads[index]);
    if (result != 0 && result != ERR_DEAD)
        test_fail("thread_resume of worker %u, expected 0 or ERR_DEAD, seen %s (%d)", index,
                  error_name(result), result);
}

/* Let the workers run until the round has its calls, all have stopped, or time is up. */
static void run_workers(struct round *r)
{
    unsigned start = (unsigned)sys_debug_info(DEBUG_INFO_TICKS), last = 0;
    for (r->started = 0; r->started < CONCURRENT_WORKERS; r->started++)
        resume_worker(r, r->started);
    for (;;) {
        int bits = expect_success("wait on the alarm", sys_wait(alarm));
        r->calls = calls_so_far();
        if (r->calls >= round_calls) {
            r->ended = "enough calls";
            return;
        }
        if ((unsigned)sys_debug_info(DEBUG_INFO_TICKS) - start >= ROUND_TICKS) {
            r->ended = "out of time";
            return;
        }
        if ((bits & ALARM_IDLE) && r->calls == last) { /* no worker can go on */
            if (r->started == WORKERS) {
                r->ended = "every worker stopped";
                return;
            }
            resume_worker(r, r->started++);
        }
        last = r->calls;
    }
}

static void print_call(const char *what, const unsigned c[6])
{
    if (c[0] < SYSCALL_COUNT)
        printf(TEST_NAME ":   %s: %s(0x%x, 0x%x, 0x%x, 0x%x, 0x%x)\n", what,
               syscall_names[c[0]], c[1], c[2], c[3], c[4], c[5]);
    else
        printf(TEST_NAME ":   %s: call number 0x%x (0x%x, 0x%x, 0x%x, 0x%x, 0x%x)\n", what, c[0],
               c[1], c[2], c[3], c[4], c[5]);
}

/* What the round's workers did: successes by call, each one's last call (where it stopped,
 * if it stopped), and last, where a failure's tail shows them, the logged calls. */
static void print_round(const struct round *r)
{
    printf(TEST_NAME ":   calls that succeeded in round %u:", r->seed);
    for (unsigned n = 0; n < SYSCALL_COUNT; n++)
        if (report->successes[n])
            printf(" %s %u", syscall_names[n], report->successes[n]);
    printf("\n");
    for (unsigned i = 0; i < r->started; i++) {
        char what[48];
        snprintf(what, sizeof what, "worker %u %s", i,
                 report->workers[i].finished ? "finished, last call" : "last call");
        print_call(what, report->workers[i].current);
    }
    unsigned logged = report->logged < LOGGED_CALLS ? report->logged : LOGGED_CALLS;
    for (unsigned i = 0; i < logged; i++) {
        char what[48];
        snprintf(what, sizeof what, "worker %u made, result %d", report->log[i].worker,
                 report->log[i].result);
        print_call(what, report->log[i].call);
    }
}

/* Destroy the child and everything made for it; then nothing of the round may be left. */
static void end_round(const struct round *r)
{
    /* Revoke first, so that nothing derived from the root's capabilities keeps the child or
     * the sibling alive; then deleting the root's capabilities must destroy both. (A
     * capability to the child that the child made itself, in the sibling say, does not come
     * from the root's and keeps the child alive until the sibling goes.) */
    expect_success("cap_revoke of the child", sys_cap_revoke(r->task));
    expect_result("cap_delete of the child", 0, sys_cap_delete(r->task));
    expect_success("cap_revoke of the sibling", sys_cap_revoke(r->sibling));
    const int made[] = { r->sibling, r->endpoint, r->notification, r->frame, r->ports,
                         r->report_copy };
    for (unsigned i = 0; i < COUNT(made); i++)
        expect_result("cap_delete of what the root made for the round", 0,
                      sys_cap_delete(made[i]));
    bool alive = false;
    for (unsigned i = 0; i < WORKERS; i++) {
        int seen = sys_thread_resume(r->threads[i]);
        if (seen != ERR_DEAD) {
            printf(TEST_NAME ":   worker %u: thread_resume returned %s (%d), not ERR_DEAD\n", i,
                   error_name(seen), seen);
            alive = true;
        }
        expect_result("cap_delete of a worker thread", 0, sys_cap_delete(r->threads[i]));
    }

    int frames = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    int quota = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    if (alive || frames != frames_before || quota != quota_before) {
        print_round(r);
        test_fail("round %u (seed %u): after deleting the child and all the root made for it, "
                  "expected the child's threads dead and %d frames and %d quota bytes in use, "
                  "seen %s, %d frames and %d bytes", r->seed, r->seed, frames_before,
                  quota_before, alive ? "a thread alive" : "its threads dead", frames, quota);
    }
}

static void check_anomalies(const struct round *r)
{
    for (unsigned i = 0; i < WORKERS; i++) {
        const struct worker_report *w = &report->workers[i];
        if (!w->anomalies)
            continue;
        print_call("the call", &w->anomaly[2]);
        test_fail("round %u (seed %u) worker %u call %u: %s; it returned %s (%d) "
                  "(%u such results in the worker)", r->seed, r->seed, i, w->anomaly[1],
                  w->anomaly[0] < COUNT(anomaly_text) ? anomaly_text[w->anomaly[0]] : "?",
                  error_name(w->anomaly_result), w->anomaly_result, w->anomalies);
    }
}

static unsigned run_round(const struct user_boot_module *image, unsigned seed)
{
    struct round r = { .seed = seed };
    start_child(image, &r);
    run_workers(&r);
    r.calls = calls_so_far();
    if (verbose)
        print_round(&r);
    end_round(&r);
    check_anomalies(&r);
    test_print("round %u: seed %u, %u calls by %u workers (%s)", seed, seed, r.calls, r.started,
               r.ended);
    return r.calls;
}

/* --- The root ----------------------------------------------------------------------------- */

/* What the root keeps for the whole run: the report frame, mapped at REPORT_VADDR, and the
 * alarm with its ticker and idler threads. */
static void setup_root(void)
{
    report_frame = expect_success("frame_create of the report", sys_frame_create());
    expect_result("frame_map of the report", 0,
                  sys_frame_map(report_frame, CAP_SELF_TASK, REPORT_VADDR, FRAME_MAP_WRITABLE));
    alarm = expect_success("notification_create of the alarm", sys_notification_create());
    int tick = free_slot();
    expect_result("cap_mint of the ticker's capability", 0,
                  sys_cap_mint(alarm, CAP_SELF_TASK, tick, RIGHT_WRITE, ALARM_TICK));
    int idle = free_slot();
    expect_result("cap_mint of the idler's capability", 0,
                  sys_cap_mint(alarm, CAP_SELF_TASK, idle, RIGHT_WRITE, ALARM_IDLE));
    expect_success("thread_start of the ticker",
                   thread_start(ticker, (void *)tick, PRIORITY_DEFAULT));
    expect_success("thread_start of the idler", thread_start(idler, (void *)idle, PRIORITY_MIN));
}

/* Where @p word starts on @p cmdline as a word of its own (or its prefix, if it ends in
 * '='), or NULL. */
static const char *cmdline_word(const char *cmdline, const char *word)
{
    size_t length = strlen(word);
    for (const char *p = cmdline; *p; p++)
        if ((p == cmdline || p[-1] == ' ') && strncmp(p, word, length) == 0 &&
            (word[length - 1] == '=' || p[length] == ' ' || p[length] == '\0'))
            return p;
    return NULL;
}

/* The number after @p key= on the command line, or @p otherwise. */
static unsigned cmdline_number(const char *cmdline, const char *key, unsigned otherwise)
{
    const char *p = cmdline_word(cmdline, key);
    if (!p)
        return otherwise;
    unsigned value = 0;
    for (p += strlen(key); *p >= '0' && *p <= '9'; p++)
        value = value * 10 + (unsigned)(*p - '0');
    return value;
}

int main(const struct user_boot_info *info)
{
    static volatile unsigned child_started;
    if (!info) { /* the child's first thread is worker 0 (another thread jumping here ends) */
        if (__sync_lock_test_and_set(&child_started, 1))
            sys_thread_exit();
        worker(0);
    }

    uint64_t start = tsc_read();
    const struct user_boot_module *image = boot_module(info, TEST_NAME);
    if (!image)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    setup_root();
    /* From here on the root holds, for the whole run: the report frame and the page table
     * its mapping needed, the alarm, and the ticker's and idler's stacks, kernel stacks and
     * structures. Everything a round makes (the child with its memory and quota
     * reservation, the sibling, the objects and capabilities the child got and whatever the
     * child made) must be gone when the round ends, so after each round these two counts
     * must be exactly what they are now. */
    frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    test_print("%d frames and %d quota bytes in use before the first round", frames_before,
               quota_before);

    unsigned first = cmdline_number(info->cmdline, "fuzz_seed=", 0);
    unsigned rounds = cmdline_word(info->cmdline, "fuzz_seed=") ? 1 : ROUNDS;
    rounds = cmdline_number(info->cmdline, "fuzz_rounds=", rounds);
    round_calls = cmdline_number(info->cmdline, "fuzz_calls=", ROUND_CALLS);
    verbose = cmdline_word(info->cmdline, "fuzz_verbose") != NULL;
    unsigned calls = 0;
    for (unsigned seed = first; seed < first + rounds; seed++)
        calls += run_round(image, seed);

    expect_result("null() after the last round", 0, sys_null());
    test_print("the run took %u million guest instructions",
               (unsigned)((tsc_read() - start) / 1000000));
    test_print("%u rounds, %u calls, the kernel survived and every frame came back", rounds, calls);
    return 0;
}
