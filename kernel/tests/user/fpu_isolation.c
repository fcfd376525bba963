/*
 * fpu_isolation - every thread has FPU registers of its own (x87, MMX, SSE), and starts
 * with clean ones: control word 0x037F, status 0, every tag empty, MXCSR 0x1F80, every
 * data register zero.
 *
 * The root task starts a copy of this program as a child task (info == NULL), which dirties
 * its x87 state: control word 0x0F7F (round toward zero), 1111, 2222, 3333 on the x87
 * stack; calls the root; then (with SSE) dirties MXCSR (0x7F80) and XMM0..7 (a pattern)
 * and calls again; then waits for the root's last reply.
 *   1. After each of the child's calls, the root's main thread (which never used the FPU
 *      before the first) reads its view: it must be clean (none of the child's values may
 *      show, in the words, the MMX registers or the XMM ones).
 *   2. The root dirties its own FPU differently (0x077F; 4444, 5555, 6666; MXCSR 0x3F80;
 *      another pattern) and starts a new thread in its own task: that one must see a clean
 *      FPU too.
 *   3. The root's main thread then finds its own state as it left it.
 *   4. The root replies; the child finds its state as it left it before the call (it was
 *      saved when the root first used the FPU, and loaded again now), and reports.
 * SSE is tested when CPUID says the CPU has it (it does in QEMU and Bochs; the program says).
 *
 * Expected: "fpu_isolation: sse: yes", one line per step, then
 * "fpu_isolation: every thread had its own FPU registers"; exit 0. On a kernel that shares
 * the FPU between tasks, step 1 fails: "FAIL: a thread of another task: control word,
 * expected 0x37f, seen 0xf7f".
 */
#define TEST_NAME "fpu_isolation"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "fpu_state.h"
#include "thread_start.h"
#include "user_test.h"

#define CHILD_ENDPOINT 2
#define CHILD_QUOTA (128 * 1024)
#define LABEL_DIRTY 0x51
#define LABEL_REPORT 0x52
#define WAIT_TICKS 1000

#define CHILD_CONTROL 0x0F7F
#define CHILD_MXCSR 0x7F80
#define CHILD_PATTERN 0xC0DE0000u
#define ROOT_CONTROL 0x077F
#define ROOT_MXCSR 0x3F80
#define ROOT_PATTERN 0x600D0000u

static const int child_values[3] = { 1111, 2222, 3333 };
static const int root_values[3] = { 4444, 5555, 6666 };

/* The first way @p view differs from a clean FPU, or NULL. */
static const char *unclean(const struct fpu_view *view, bool sse, unsigned *seen, unsigned *expected)
{
    *expected = FPU_CLEAN_CONTROL_WORD, *seen = view->control;
    if (view->control != FPU_CLEAN_CONTROL_WORD)
        return "control word";
    *expected = 0, *seen = view->status;
    if (view->status != 0)
        return "status word";
    *expected = FPU_TAGS_ALL_EMPTY, *seen = view->tags;
    if (view->tags != FPU_TAGS_ALL_EMPTY)
        return "tag word";
    *expected = 0;
    for (int r = 0; r < 8; r++)
        for (int w = 0; w < 2; w++)
            if ((*seen = view->mmx[r][w]) != 0)
                return "an MMX register (an x87 data register)";
    if (!sse)
        return NULL;
    *expected = FPU_CLEAN_MXCSR, *seen = view->mxcsr;
    if (view->mxcsr != FPU_CLEAN_MXCSR)
        return "MXCSR";
    *expected = 0;
    for (int r = 0; r < 8; r++)
        for (int w = 0; w < 4; w++)
            if ((*seen = view->xmm[r][w]) != 0)
                return "an XMM register";
    return NULL;
}

/* The first way the FPU differs from what fpu_dirty_x87(control, values) and (with SSE)
 * fpu_dirty_sse(mxcsr, pattern) left, or NULL. Pops the x87 stack. */
static const char *changed(unsigned control, const int values[3], unsigned mxcsr, unsigned pattern,
                           bool sse, unsigned *seen, unsigned *expected)
{
    unsigned short word;
    __asm__ volatile("fnstcw %0" : "=m"(word));
    *expected = control, *seen = word;
    if (word != control)
        return "control word";
    __asm__ volatile("fnstsw %0" : "=m"(word));
    *expected = 5, *seen = FPU_STATUS_TOP(word); /* three pushes from 0: TOP = 5 */
    if (FPU_STATUS_TOP(word) != 5)
        return "x87 stack top";
    int popped[3];
    fpu_pop_three(popped);
    for (int i = 0; i < 3; i++) {
        *expected = (unsigned)values[2 - i], *seen = (unsigned)popped[i];
        if (popped[i] != values[2 - i])
            return "a value on the x87 stack";
    }
    if (!sse)
        return NULL;
    struct fpu_view view;
    fpu_read_view(&view, sse);
    *expected = mxcsr, *seen = view.mxcsr;
    if (view.mxcsr != mxcsr)
        return "MXCSR";
    for (int i = 0; i < 32; i++) {
        *expected = pattern + i, *seen = view.xmm[i / 4][i % 4];
        if (*seen != *expected)
            return "an XMM register";
    }
    return NULL;
}

/* --- The child ---------------------------------------------------------------------------- */

static int child(void)
{
    bool sse = cpu_has_sse();
    fpu_dirty_x87(CHILD_CONTROL, child_values);
    struct ipc_message reply;
    sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_DIRTY, 0, 0), 0, 0, 0, &reply);
    if (sse) {
        fpu_dirty_sse(CHILD_MXCSR, CHILD_PATTERN);
        sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_DIRTY, 0, 0), 0, 0, 0, &reply);
    }
    unsigned seen, expected;
    const char *what = changed(CHILD_CONTROL, child_values, CHILD_MXCSR, CHILD_PATTERN, sse, &seen, &expected);
    if (what)
        test_print("child: %s changed while it waited, expected 0x%x, seen 0x%x", what, expected, seen);
    sys_call(CHILD_ENDPOINT, IPC_TAG(LABEL_REPORT, 1, 0), what ? 1 : 0, 0, 0, &reply);
    return 0;
}

/* --- The root ----------------------------------------------------------------------------- */

static bool sse;
static volatile bool new_thread_checked;

static void expect_clean(const char *who)
{
    struct fpu_view view;
    unsigned seen, expected;
    /* The x87 part first, so that a kernel without SSE support (#UD) still says this. */
    for (int with_sse = 0; with_sse <= sse; with_sse++) {
        fpu_read_view(&view, with_sse);
        const char *what = unclean(&view, with_sse, &seen, &expected);
        if (what)
            test_fail("%s: %s, expected 0x%x, seen 0x%x", who, what, expected, seen);
    }
    test_print("%s sees a clean FPU", who);
}

static void new_thread(void *unused)
{
    (void)unused;
    expect_clean("a new thread of the same task");
    new_thread_checked = true;
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return child();
    sse = cpu_has_sse();
    test_print("sse: %s", sse ? "yes" : "no");

    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int child_task, child_thread;
    expect_result("elf_spawn_suspended of this program", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "fpu_child",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &child_task, &child_thread));
    expect_result("cap_mint of the child's endpoint cap", 0,
                  sys_cap_mint(endpoint, child_task, CHILD_ENDPOINT, RIGHT_WRITE, 0));
    expect_result("thread_resume of the child", 0, sys_thread_resume(child_thread));

    struct ipc_message m;
    expect_result("recv of the child's call", 0, sys_recv(endpoint, &m));
    expect_result("the child's message label", LABEL_DIRTY, (int)IPC_TAG_LABEL(m.tag));
    test_print("the child task dirtied its x87 state and waits");
    expect_clean("a thread of another task");
    if (sse) {
        expect_result("reply_recv to the child", 0, sys_reply_recv(endpoint, IPC_TAG(0, 0, 0), 0, 0, 0, &m));
        expect_result("the child's message label", LABEL_DIRTY, (int)IPC_TAG_LABEL(m.tag));
        test_print("the child task dirtied its SSE state and waits");
        expect_clean("a thread of another task, after the child's SSE work,");
    }

    fpu_dirty_x87(ROOT_CONTROL, root_values);
    if (sse)
        fpu_dirty_sse(ROOT_MXCSR, ROOT_PATTERN);
    expect_success("thread_start", thread_start(new_thread, NULL, PRIORITY_DEFAULT));
    test_wait_until(new_thread_checked, WAIT_TICKS, "the new thread's check");
    unsigned seen, expected;
    const char *what = changed(ROOT_CONTROL, root_values, ROOT_MXCSR, ROOT_PATTERN, sse, &seen, &expected);
    if (what)
        test_fail("the root's own FPU after another thread used one: %s, expected 0x%x, seen 0x%x",
                  what, expected, seen);
    test_print("the root's own FPU is as it left it");

    expect_result("reply_recv to the child", 0, sys_reply_recv(endpoint, IPC_TAG(0, 0, 0), 0, 0, 0, &m));
    expect_result("the child's report label", LABEL_REPORT, (int)IPC_TAG_LABEL(m.tag));
    if (m.words[0] != 0)
        test_fail("the child's FPU, expected as it left it, seen it changed (its line above says how)");
    test_print("the child's FPU is as it left it");
    test_print("every thread had its own FPU registers");
    return 0;
}
