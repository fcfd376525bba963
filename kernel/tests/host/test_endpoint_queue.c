/*
 * test_endpoint_queue.c - host unit tests of Lab 3's endpoint queues (kernel/endpoint_queue.c), one
 * case per rule of the contract in kernel/endpoint.h.
 *
 * Case names start with the function they check, so the grader (labs/lab3/grade.py) can run
 * one function's cases at a time: enqueue_*, dequeue_*, remove_*. The dequeue_ and remove_
 * cases build their queues by hand (set_up_queue below) rather than with endpoint_enqueue,
 * so a case checks one function, not the others. The last case,
 * interleaved_operations_match_a_model, plays an endpoint's two queues through thousands of
 * random operations, checked against a plain array after each one, and so needs all three
 * functions.
 *
 * The threads are static, zero-initialised struct thread objects named A, B, C, ...; only
 * their ipc_next link matters here. Messages name them by letter. The checks only ever
 * follow pointers into the test's own threads, and never more of them than there are, so a
 * wrong link or a cycle is reported, not followed into the weeds.
 *
 * Run one group by hand with: build/host/test_endpoint_queue 'remove_*'
 */
#include <stdio.h>

#include "endpoint.h"
#include "host_test.h"
#include "thread.h"

#define THREAD_COUNT 8
#define MODEL_OPERATIONS 3000
#define MODEL_SEED 0x4f525259u /* any fixed value: the same operations on every run */
#define MODEL_HISTORY 6        /* operations a model failure message recalls */

static struct thread A, B, C, D, E, F, G, H;
static struct thread *const all_threads[THREAD_COUNT] = { &A, &B, &C, &D, &E, &F, &G, &H };
static const char *const thread_names[THREAD_COUNT] = { "A", "B", "C", "D", "E", "F", "G", "H" };

/* The queues the cases use. Most use `queue`; a second one shows that queues are kept apart. */
static struct thread_queue queue, other_queue;
static struct endpoint endpoint; /* the model's two queues: endpoint.senders, endpoint.receivers */

/* ------------------------------------------------------------------------------------- */
/* Naming threads and queues, and remembering what the case did, for the messages. */

/* What happened so far in this case: set-up, then the calls of the functions under test. */
static char setup_text[512];
static char calls_text[1024];
/* In the model case: which operation was just done and what came before it (replaces both). */
static char model_text[1024];

/* A thread pointer as a person reads it: "A", "NULL", or an address that is no test thread. */
static const char *name_of(const struct thread *thread)
{
    static char buffers[4][64];
    static int next;
    if (!thread)
        return "NULL";
    for (int i = 0; i < THREAD_COUNT; i++)
        if (all_threads[i] == thread)
            return thread_names[i];
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%p (not one of the test's threads)", (const void *)thread);
    return buffer;
}

static bool is_test_thread(const struct thread *thread)
{
    for (int i = 0; i < THREAD_COUNT; i++)
        if (all_threads[i] == thread)
            return true;
    return false;
}

static const char *queue_name(const struct thread_queue *q)
{
    if (q == &queue)
        return "queue";
    if (q == &other_queue)
        return "other_queue";
    if (q == &endpoint.senders)
        return "senders";
    if (q == &endpoint.receivers)
        return "receivers";
    return "(a queue that is not the test's)";
}

static void append(char *text, size_t size, const char *separator, const char *what)
{
    size_t used = 0;
    while (used < size && text[used])
        used++;
    if (used + 1 < size)
        snprintf(text + used, size - used, "%s%s", used ? separator : "", what);
}

/* "A, B, C" for @p count threads, or "nothing". */
static void list_text(char *text, size_t size, struct thread *const *threads, int count)
{
    text[0] = '\0';
    for (int i = 0; i < count; i++)
        append(text, size, ", ", name_of(threads[i]));
    if (count == 0)
        snprintf(text, size, "nothing");
}

/* Start a case over: every thread zeroed (in no queue, ipc_next NULL), both queues empty. */
static void fresh_start(void)
{
    for (int i = 0; i < THREAD_COUNT; i++)
        *all_threads[i] = (struct thread){ 0 };
    queue = other_queue = (struct thread_queue){ 0 };
    endpoint = (struct endpoint){ 0 };
    setup_text[0] = calls_text[0] = model_text[0] = '\0';
}

/*
 * Test set-up, not the code under test: link @p count threads into @p q by hand, oldest
 * first, as a correct endpoint_enqueue would have left them.
 */
static void set_up_queue(struct thread_queue *q, struct thread *const *threads, int count)
{
    for (int i = 0; i < count; i++)
        threads[i]->ipc_next = i + 1 < count ? threads[i + 1] : NULL;
    q->head = count ? threads[0] : NULL;
    q->tail = count ? threads[count - 1] : NULL;
    char what[160], line[200];
    list_text(what, sizeof what, threads, count);
    snprintf(line, sizeof line, "%s holding %s", queue_name(q), what);
    append(setup_text, sizeof setup_text, "; ", line);
}
#define THREADS(...) ((struct thread *const[]){ __VA_ARGS__ })
#define COUNT(...) ((int)(sizeof(THREADS(__VA_ARGS__)) / sizeof(struct thread *)))
#define SET_UP_QUEUE(q, ...) set_up_queue((q), THREADS(__VA_ARGS__), COUNT(__VA_ARGS__))

/* "enqueue(A)" for the main queue, "enqueue(other_queue, A)" for any other. */
static void call_text(char *text, size_t size, const char *function, const struct thread_queue *q,
                      const struct thread *thread)
{
    const char *separator = q != &queue && thread ? ", " : "";
    snprintf(text, size, "%s(%s%s%s)", function, q == &queue ? "" : queue_name(q), separator,
             thread ? name_of(thread) : "");
}

/* "with queue holding A, B (set up by the test), after dequeue() returned A, enqueue(C)". */
static const char *after(void)
{
    static char text[2048];
    if (model_text[0])
        return model_text;
    if (setup_text[0] && calls_text[0])
        snprintf(text, sizeof text, "with %s (set up by the test), after %s", setup_text, calls_text);
    else if (setup_text[0])
        snprintf(text, sizeof text, "with %s (set up by the test)", setup_text);
    else if (calls_text[0])
        snprintf(text, sizeof text, "after %s", calls_text);
    else
        snprintf(text, sizeof text, "with queue empty");
    return text;
}

/* How @p q is linked now, for a failure message: "head -> A -> B -> NULL, tail B". Follows
 * only the test's own threads, and stops at a cycle. */
static const char *links_now(const struct thread_queue *q)
{
    static char text[400];
    bool seen[THREAD_COUNT] = { false };
    snprintf(text, sizeof text, "as linked now: head");
    const struct thread *thread = q->head;
    for (;;) {
        append(text, sizeof text, " -> ", name_of(thread));
        if (!thread || !is_test_thread(thread))
            break;
        int index = 0;
        while (all_threads[index] != thread)
            index++;
        if (seen[index]) {
            append(text, sizeof text, " ", "again (the links form a cycle)");
            break;
        }
        seen[index] = true;
        thread = thread->ipc_next;
    }
    append(text, sizeof text, ", ", "tail ");
    append(text, sizeof text, "", name_of(q->tail));
    return text;
}

/* ------------------------------------------------------------------------------------- */
/* Checks that explain what is wrong. */

/* Expect @p q to hold exactly @p want, oldest first: head, tail and every ipc_next link. */
static bool expect_queue(const char *file, int line, const struct thread_queue *q, struct thread *const *want,
                         int count)
{
    host_test_checked(file, line);
    const char *name = queue_name(q);
    char order[160];
    list_text(order, sizeof order, want, count);

    if (count == 0) {
        bool ok = true;
        if (q->head)
            ok = host_test_fail(file, line, "%s: %s.head should be NULL (%s should be empty), but it is %s (%s)",
                                after(), name, name, name_of(q->head), links_now(q));
        if (q->tail)
            ok = host_test_fail(file, line, "%s: %s.tail should be NULL (%s should be empty: an empty queue has "
                                "neither head nor tail), but it is %s (%s)", after(), name, name,
                                name_of(q->tail), links_now(q));
        return ok;
    }

    bool ok = true;
    if (q->head != want[0])
        ok = host_test_fail(file, line, "%s: %s.head should be %s (the thread that has waited longest; %s "
                            "should hold %s, oldest first), but it is %s (%s)", after(), name, name_of(want[0]),
                            name, order, name_of(q->head), links_now(q));
    if (q->tail != want[count - 1])
        ok = host_test_fail(file, line, "%s: %s.tail should be %s (the newest thread; %s should hold %s, oldest "
                            "first), but it is %s (%s)", after(), name, name_of(want[count - 1]), name, order,
                            name_of(q->tail), links_now(q));
    if (!ok)
        return false;
    /* Each thread's ipc_next is the one that came after it; the tail's is NULL. */
    for (int i = 0; i < count; i++) {
        const struct thread *next = i + 1 < count ? want[i + 1] : NULL;
        if (want[i]->ipc_next == next)
            continue;
        const char *why = i + 1 < count ? "each thread's ipc_next is the thread that joined after it"
                                        : "the tail's ipc_next is NULL: it ends the queue";
        return host_test_fail(file, line, "%s: %s->ipc_next should be %s (%s; %s should hold %s, oldest first), "
                              "but it is %s (%s)", after(), name_of(want[i]), name_of(next), why, name, order,
                              name_of(want[i]->ipc_next), links_now(q));
    }
    return true;
}
#define EXPECT_QUEUE(q, ...) expect_queue(__FILE__, __LINE__, (q), THREADS(__VA_ARGS__), COUNT(__VA_ARGS__))
#define EXPECT_QUEUE_EMPTY(q) expect_queue(__FILE__, __LINE__, (q), NULL, 0)

static void call_enqueue(struct thread_queue *q, struct thread *thread)
{
    char what[64];
    call_text(what, sizeof what, "enqueue", q, thread);
    append(calls_text, sizeof calls_text, ", ", what);
    endpoint_enqueue(q, thread);
}

/* Dequeue from @p q and expect @p want back. */
static bool expect_dequeue(const char *file, int line, struct thread_queue *q, const struct thread *want,
                           const char *why)
{
    host_test_checked(file, line);
    char what[64], done[96];
    call_text(what, sizeof what, "dequeue", q, NULL);
    char context[2048];
    snprintf(context, sizeof context, "%s", after());
    struct thread *seen = endpoint_dequeue(q);
    snprintf(done, sizeof done, "%s returned %s", what, name_of(seen));
    append(calls_text, sizeof calls_text, ", ", done);
    if (seen == want)
        return true;
    return host_test_fail(file, line, "%s: %s should return %s (%s), but it returned %s", context, what,
                          name_of(want), why, name_of(seen));
}
#define EXPECT_DEQUEUE(q, want, why) expect_dequeue(__FILE__, __LINE__, (q), (want), (why))

/* Remove @p thread from @p q and expect @p want back (true: it was there). */
static bool expect_remove(const char *file, int line, struct thread_queue *q, struct thread *thread, bool want,
                          const char *why)
{
    host_test_checked(file, line);
    char what[64], done[96];
    call_text(what, sizeof what, "remove", q, thread);
    char context[2048];
    snprintf(context, sizeof context, "%s", after());
    bool seen = endpoint_remove(q, thread);
    snprintf(done, sizeof done, "%s returned %s", what, seen ? "true" : "false");
    append(calls_text, sizeof calls_text, ", ", done);
    if (seen == want)
        return true;
    return host_test_fail(file, line, "%s: %s should return %s (%s), but it returned %s", context, what,
                          want ? "true" : "false", why, seen ? "true" : "false");
}
#define EXPECT_REMOVE(q, thread, want, why) expect_remove(__FILE__, __LINE__, (q), (thread), (want), (why))

/* ------------------------------------------------------------------------------------- */
/* endpoint_enqueue */

HOST_TEST(enqueue_into_empty)
{
    fresh_start();
    call_enqueue(&queue, &A);
    EXPECT_QUEUE(&queue, &A);

    /* A thread's ipc_next may still point where it pointed in an earlier queue: enqueue must
     * set it, not trust it. */
    fresh_start();
    A.ipc_next = &B;
    append(setup_text, sizeof setup_text, "; ", "queue empty, and A's ipc_next still pointing to B from an "
           "earlier queue");
    call_enqueue(&queue, &A);
    EXPECT_QUEUE(&queue, &A);
}

HOST_TEST(enqueue_appends_fifo)
{
    fresh_start();
    call_enqueue(&queue, &A);
    call_enqueue(&queue, &B);
    if (!EXPECT_QUEUE(&queue, &A, &B))
        return;
    call_enqueue(&queue, &C);
    if (!EXPECT_QUEUE(&queue, &A, &B, &C))
        return;
    call_enqueue(&queue, &D);
    if (!EXPECT_QUEUE(&queue, &A, &B, &C, &D))
        return;

    /* Stale links again: the new tail ends the queue whatever its ipc_next held before. */
    fresh_start();
    A.ipc_next = &C;
    B.ipc_next = &A;
    C.ipc_next = &B;
    append(setup_text, sizeof setup_text, "; ", "queue empty, and A, B and C with stale ipc_next links left over "
           "from an earlier queue");
    call_enqueue(&queue, &C);
    call_enqueue(&queue, &A);
    call_enqueue(&queue, &B);
    if (!EXPECT_QUEUE(&queue, &C, &A, &B))
        return;

    /* Two queues side by side, as an endpoint's senders and receivers are. */
    fresh_start();
    call_enqueue(&queue, &A);
    call_enqueue(&other_queue, &B);
    call_enqueue(&queue, &C);
    call_enqueue(&other_queue, &D);
    call_enqueue(&other_queue, &E);
    EXPECT_QUEUE(&queue, &A, &C);
    EXPECT_QUEUE(&other_queue, &B, &D, &E);
}

/* ------------------------------------------------------------------------------------- */
/* endpoint_dequeue */

HOST_TEST(dequeue_returns_oldest)
{
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C, &D);
    if (!EXPECT_DEQUEUE(&queue, &A, "the head, the thread that has waited longest"))
        return;
    if (!EXPECT_QUEUE(&queue, &B, &C, &D))
        return;
    if (!EXPECT_DEQUEUE(&queue, &B, "the next oldest is the new head"))
        return;
    if (!EXPECT_QUEUE(&queue, &C, &D))
        return;

    /* The oldest is whichever thread is at the head, not the first letter. */
    fresh_start();
    SET_UP_QUEUE(&queue, &D, &A, &C);
    SET_UP_QUEUE(&other_queue, &B, &E);
    if (!EXPECT_DEQUEUE(&queue, &D, "the head of queue"))
        return;
    EXPECT_QUEUE(&queue, &A, &C);
    EXPECT_QUEUE(&other_queue, &B, &E); /* untouched */
}

HOST_TEST(dequeue_empty_is_null)
{
    fresh_start();
    if (!EXPECT_DEQUEUE(&queue, NULL, "the queue is empty"))
        return;
    if (!EXPECT_QUEUE_EMPTY(&queue))
        return;
    EXPECT_DEQUEUE(&queue, NULL, "the queue is still empty");
    EXPECT_QUEUE_EMPTY(&queue);

    /* Empty after its only thread went: still NULL, and the other queue is not looked at. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A);
    SET_UP_QUEUE(&other_queue, &B, &C);
    if (!EXPECT_DEQUEUE(&queue, &A, "the only thread"))
        return;
    EXPECT_DEQUEUE(&queue, NULL, "A was the only thread, so the queue is empty now");
    EXPECT_QUEUE_EMPTY(&queue);
    EXPECT_QUEUE(&other_queue, &B, &C);
}

HOST_TEST(dequeue_last_empties_queue)
{
    /* The classic bug: head becomes NULL but tail still names the thread that left, so the
     * next enqueue links the newcomer behind a thread that is in no queue. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A);
    if (!EXPECT_DEQUEUE(&queue, &A, "the only thread"))
        return;
    if (!EXPECT_QUEUE_EMPTY(&queue))
        return;

    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B);
    if (!EXPECT_DEQUEUE(&queue, &A, "the oldest"))
        return;
    if (!EXPECT_QUEUE(&queue, &B))
        return;
    if (!EXPECT_DEQUEUE(&queue, &B, "the only thread left"))
        return;
    EXPECT_QUEUE_EMPTY(&queue);
}

/* ------------------------------------------------------------------------------------- */
/* endpoint_remove */

HOST_TEST(remove_head_middle_tail)
{
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    if (EXPECT_REMOVE(&queue, &B, true, "B is in the queue, in the middle"))
        EXPECT_QUEUE(&queue, &A, &C);

    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    if (EXPECT_REMOVE(&queue, &A, true, "A is in the queue, at the head"))
        EXPECT_QUEUE(&queue, &B, &C); /* the next oldest becomes the head */

    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    if (EXPECT_REMOVE(&queue, &C, true, "C is in the queue, at the tail"))
        EXPECT_QUEUE(&queue, &A, &B); /* the one before it becomes the tail */

    fresh_start();
    SET_UP_QUEUE(&queue, &A);
    if (EXPECT_REMOVE(&queue, &A, true, "A is the only thread in the queue, both head and tail"))
        EXPECT_QUEUE_EMPTY(&queue);

    /* Several in a row, down to none. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C, &D);
    if (!EXPECT_REMOVE(&queue, &D, true, "D is the tail") || !EXPECT_QUEUE(&queue, &A, &B, &C))
        return;
    if (!EXPECT_REMOVE(&queue, &A, true, "A is the head") || !EXPECT_QUEUE(&queue, &B, &C))
        return;
    if (!EXPECT_REMOVE(&queue, &C, true, "C is the tail") || !EXPECT_QUEUE(&queue, &B))
        return;
    if (!EXPECT_REMOVE(&queue, &B, true, "B is the only thread left"))
        return;
    EXPECT_QUEUE_EMPTY(&queue);
}

HOST_TEST(remove_absent_returns_false)
{
    fresh_start();
    if (EXPECT_REMOVE(&queue, &A, false, "the queue is empty"))
        EXPECT_QUEUE_EMPTY(&queue);

    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    if (EXPECT_REMOVE(&queue, &D, false, "D is in no queue"))
        EXPECT_QUEUE(&queue, &A, &B, &C);

    /* In another queue: that queue is not this one's business. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B);
    SET_UP_QUEUE(&other_queue, &C, &D);
    if (EXPECT_REMOVE(&queue, &C, false, "C is in other_queue, not in queue")) {
        EXPECT_QUEUE(&queue, &A, &B);
        EXPECT_QUEUE(&other_queue, &C, &D);
    }

    /* A stale ipc_next does not make a thread a member: only the walk from the head can say. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    E.ipc_next = &B;
    append(setup_text, sizeof setup_text, "; ", "E in no queue, its ipc_next still pointing to B");
    if (EXPECT_REMOVE(&queue, &E, false, "E is in no queue, whatever its ipc_next says"))
        EXPECT_QUEUE(&queue, &A, &B, &C);

    /* Removed once, not there the second time. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C);
    if (!EXPECT_REMOVE(&queue, &B, true, "B is in the queue"))
        return;
    if (EXPECT_REMOVE(&queue, &B, false, "B was removed already"))
        EXPECT_QUEUE(&queue, &A, &C);
}

HOST_TEST(remove_keeps_order)
{
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C, &D, &E, &F);
    SET_UP_QUEUE(&other_queue, &G, &H);
    if (!EXPECT_REMOVE(&queue, &C, true, "C is in the queue") || !EXPECT_QUEUE(&queue, &A, &B, &D, &E, &F))
        return;
    if (!EXPECT_REMOVE(&queue, &E, true, "E is in the queue") || !EXPECT_QUEUE(&queue, &A, &B, &D, &F))
        return;
    if (!EXPECT_REMOVE(&queue, &A, true, "A is in the queue") || !EXPECT_QUEUE(&queue, &B, &D, &F))
        return;
    if (!EXPECT_REMOVE(&queue, &F, true, "F is in the queue") || !EXPECT_QUEUE(&queue, &B, &D))
        return;
    EXPECT_QUEUE(&other_queue, &G, &H); /* untouched */

    /* Taking out the thread just behind the head: A's link now skips to C. */
    fresh_start();
    SET_UP_QUEUE(&queue, &A, &B, &C, &D);
    if (EXPECT_REMOVE(&queue, &B, true, "B is in the queue"))
        EXPECT_QUEUE(&queue, &A, &C, &D);
}

/* ------------------------------------------------------------------------------------- */
/* All three together, against a model */

/* A small, fixed pseudo-random sequence (xorshift32): the same operations on every run. */
static uint32_t model_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/*
 * An endpoint's two queues, senders and receivers, and threads moving between them as in the
 * kernel: enqueue a thread that is in no queue, dequeue the oldest, remove a thread that may
 * or may not be there. A plain array per queue says what each should hold; after every
 * operation both queues must match their arrays exactly.
 */
HOST_TEST(interleaved_operations_match_a_model)
{
    fresh_start();
    struct thread_queue *const queues[2] = { &endpoint.senders, &endpoint.receivers };
    struct thread *model[2][THREAD_COUNT];
    int length[2] = { 0, 0 };
    int where[THREAD_COUNT]; /* the queue each thread is in, or -1 */
    for (int i = 0; i < THREAD_COUNT; i++)
        where[i] = -1;
    char history[MODEL_HISTORY][96] = { { 0 } };
    uint32_t state = MODEL_SEED;

    for (int operation = 1; operation <= MODEL_OPERATIONS; operation++) {
        int which = (int)(model_random(&state) % 2);
        struct thread_queue *q = queues[which];
        uint32_t kind = model_random(&state) % 10; /* 0-3 enqueue, 4-6 dequeue, 7-9 remove */
        int free_count = 0;
        for (int i = 0; i < THREAD_COUNT; i++)
            free_count += where[i] < 0;
        if (kind < 4 && free_count == 0)
            kind = 4; /* every thread is waiting somewhere: take one out instead */

        /* Describe this operation and the state before it, for any failure message. */
        char what[64], senders_text[160], receivers_text[160], recent[MODEL_HISTORY * 100] = "";
        int victim = -1;
        if (kind < 4) {
            int pick = (int)(model_random(&state) % (uint32_t)free_count);
            for (int i = 0; i < THREAD_COUNT; i++)
                if (where[i] < 0 && pick-- == 0)
                    victim = i;
            snprintf(what, sizeof what, "enqueue(%s, %s)", queue_name(q), thread_names[victim]);
        } else if (kind < 7) {
            snprintf(what, sizeof what, "dequeue(%s)", queue_name(q));
        } else {
            victim = (int)(model_random(&state) % THREAD_COUNT);
            snprintf(what, sizeof what, "remove(%s, %s)", queue_name(q), thread_names[victim]);
        }
        list_text(senders_text, sizeof senders_text, model[0], length[0]);
        list_text(receivers_text, sizeof receivers_text, model[1], length[1]);
        for (int i = 0; i < MODEL_HISTORY; i++)
            if (history[(operation + i) % MODEL_HISTORY][0])
                append(recent, sizeof recent, ", ", history[(operation + i) % MODEL_HISTORY]);

        /* Do it, to the queue and to the model. */
        char *done = history[operation % MODEL_HISTORY];
        if (kind < 4) {
            endpoint_enqueue(q, all_threads[victim]);
            model[which][length[which]++] = all_threads[victim];
            where[victim] = which;
            snprintf(done, sizeof history[0], "%s", what);
        } else if (kind < 7) {
            struct thread *want = length[which] ? model[which][0] : NULL;
            struct thread *seen = endpoint_dequeue(q);
            snprintf(done, sizeof history[0], "%s returned %s", what, name_of(seen));
            if (seen != want) {
                HOST_FAIL("operation %d of %d, %s: it should return %s (%s; before it, senders held %s and "
                          "receivers held %s; the operations before it: %s)", operation, MODEL_OPERATIONS, done,
                          name_of(want), want ? "the oldest thread in the queue" : "the queue is empty",
                          senders_text, receivers_text, recent[0] ? recent : "none");
                return;
            }
            if (want) {
                for (int i = 1; i < length[which]; i++)
                    model[which][i - 1] = model[which][i];
                length[which]--;
                for (int i = 0; i < THREAD_COUNT; i++)
                    if (all_threads[i] == want)
                        where[i] = -1;
            }
        } else {
            bool want = where[victim] == which;
            bool seen = endpoint_remove(q, all_threads[victim]);
            snprintf(done, sizeof history[0], "%s returned %s", what, seen ? "true" : "false");
            if (seen != want) {
                char why[80];
                if (want)
                    snprintf(why, sizeof why, "%s is in %s", thread_names[victim], queue_name(q));
                else if (where[victim] < 0)
                    snprintf(why, sizeof why, "%s is in no queue", thread_names[victim]);
                else
                    snprintf(why, sizeof why, "%s is in %s, not in %s", thread_names[victim],
                             queue_name(queues[where[victim]]), queue_name(q));
                HOST_FAIL("operation %d of %d, %s: it should return %s (%s; before it, senders held %s and "
                          "receivers held %s; the operations before it: %s)", operation, MODEL_OPERATIONS, done,
                          want ? "true" : "false", why, senders_text, receivers_text, recent[0] ? recent : "none");
                return;
            }
            if (want) {
                int at = 0;
                while (model[which][at] != all_threads[victim])
                    at++;
                for (int i = at + 1; i < length[which]; i++)
                    model[which][i - 1] = model[which][i];
                length[which]--;
                where[victim] = -1;
            }
        }

        /* Both queues, not only the one operated on, must match the model. */
        snprintf(model_text, sizeof model_text, "operation %d of %d, %s (before it, senders held %s and "
                 "receivers held %s; the operations before it: %s)", operation, MODEL_OPERATIONS, done,
                 senders_text, receivers_text, recent[0] ? recent : "none");
        for (int i = 0; i < 2; i++)
            if (!expect_queue(__FILE__, __LINE__, queues[i], model[i], length[i]))
                return;
    }
}
