/*
 * test_runqueue.c - host unit tests of Lab 2's run queue and time slice (kernel/runqueue.c),
 * one case per rule of the contract in kernel/sched.h.
 *
 * Case names start with the function they check, so the grader (labs/lab2/grade.py) can run
 * one function's cases at a time: enqueue_*, remove_*, pick_*, tick_slice_*. The remove_ and
 * pick_ cases build their queues by hand (set_up_level below) rather than with
 * runqueue_enqueue, so a case checks one function, not the others. The last case,
 * tick_slice_sequence_round_robin, plays the scheduler (as schedule() in kernel/sched.c
 * does) and so needs all four functions.
 *
 * The threads are static, zero-initialised struct thread objects named A, B, C, ...; only
 * their priority, time slice and run-queue links matter here. Messages name them by letter.
 * The checks only ever follow pointers into the test's own threads, so a wrong link is
 * reported, not followed into the weeds.
 *
 * Run one group by hand with: build/host/test_runqueue 'remove_*'
 */
#include <stdio.h>

#include "host_test.h"
#include "sched.h"
#include "thread.h"

#define MAX_NAMED 40
#define MAX_LIST 8

static struct thread A, B, C, D, E, F;
static struct thread level_thread[PRIORITY_LEVELS]; /* one per priority: "T0" .. "T31" */

/* ------------------------------------------------------------------------------------- */
/* Naming threads, and remembering what the case did, for the messages. */

static struct {
    const struct thread *thread;
    char name[8];
} named[MAX_NAMED];
static int named_count;

/* What happened so far in this case: set-up, then the calls of the functions under test. */
static char setup_text[512];
static char calls_text[512];
static const struct thread *enqueued[MAX_NAMED]; /* for the priorities in "after ..." */
static int enqueued_count;

/* Make @p thread a fresh (zeroed) thread called @p name at @p priority. */
static void make_thread(struct thread *thread, const char *name, uint32_t priority)
{
    *thread = (struct thread){ 0 };
    thread->priority = priority;
    thread->time_slice = thread->time_slice_left = TIME_SLICE_TICKS;
    for (int i = 0; i < named_count; i++) {
        if (named[i].thread == thread) {
            snprintf(named[i].name, sizeof named[i].name, "%s", name);
            return;
        }
    }
    if (named_count < MAX_NAMED) {
        named[named_count].thread = thread;
        snprintf(named[named_count].name, sizeof named[named_count].name, "%s", name);
        named_count++;
    }
}

/* A thread pointer as a person reads it: "A", "NULL", or an address that is no test thread. */
static const char *name_of(const struct thread *thread)
{
    static char buffers[4][64];
    static int next;
    if (!thread)
        return "NULL";
    for (int i = 0; i < named_count; i++)
        if (named[i].thread == thread)
            return named[i].name;
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%p (not one of the test's threads)", (const void *)thread);
    return buffer;
}

static void append(char *text, size_t size, const char *separator, const char *what)
{
    size_t used = 0;
    while (used < size && text[used])
        used++;
    if (used + 1 < size)
        snprintf(text + used, size - used, "%s%s", used ? separator : "", what);
}

/* Start a case over: an empty queue, nothing done yet. */
static void fresh_queue(struct run_queue *queue)
{
    *queue = (struct run_queue){ 0 };
    setup_text[0] = calls_text[0] = '\0';
    enqueued_count = 0;
}

/*
 * Test set-up, not the code under test: link @p count threads into a circular list at
 * @p priority by hand, oldest first, and set the bitmap bit.
 */
static void set_up_level(struct run_queue *queue, uint32_t priority, struct thread *const *threads, int count)
{
    char what[160] = "";
    for (int i = 0; i < count; i++) {
        struct thread *thread = threads[i];
        thread->priority = priority;
        thread->run_next = threads[(i + 1) % count];
        thread->run_prev = threads[(i + count - 1) % count];
        append(what, sizeof what, ", ", name_of(thread));
    }
    queue->heads[priority] = threads[0];
    queue->ready_bitmap |= 1u << priority;
    char line[200];
    snprintf(line, sizeof line, "priority %u holding %s", priority, what);
    append(setup_text, sizeof setup_text, "; ", line);
}
#define SET_UP_LEVEL(queue, priority, ...)                                                     \
    set_up_level((queue), (priority), (struct thread *const[]){ __VA_ARGS__ },               \
                 (int)(sizeof((struct thread *const[]){ __VA_ARGS__ }) / sizeof(struct thread *)))

static void call_enqueue(struct run_queue *queue, struct thread *thread)
{
    char what[64];
    snprintf(what, sizeof what, "enqueue(%s)", name_of(thread));
    append(calls_text, sizeof calls_text, ", ", what);
    if (enqueued_count < MAX_NAMED)
        enqueued[enqueued_count++] = thread;
    runqueue_enqueue(queue, thread);
}

static void call_remove(struct run_queue *queue, struct thread *thread)
{
    char what[64];
    snprintf(what, sizeof what, "remove(%s)", name_of(thread));
    append(calls_text, sizeof calls_text, ", ", what);
    runqueue_remove(queue, thread);
}

/* "after enqueue(A), enqueue(B) at priority 7", or "with priority 4 holding ..., after remove(B)". */
static const char *after(void)
{
    static char text[2048];
    char priorities[400] = "";
    bool same = true;
    for (int i = 1; i < enqueued_count; i++)
        same &= enqueued[i]->priority == enqueued[0]->priority;
    if (enqueued_count && same) {
        snprintf(priorities, sizeof priorities, " at priority %u", enqueued[0]->priority);
    } else if (enqueued_count) {
        char list[360] = "";
        for (int i = 0; i < enqueued_count; i++) {
            bool seen_before = false;
            for (int j = 0; j < i; j++)
                seen_before |= enqueued[j] == enqueued[i];
            if (seen_before)
                continue;
            char one[48];
            snprintf(one, sizeof one, "%s at %u", name_of(enqueued[i]), enqueued[i]->priority);
            append(list, sizeof list, ", ", one);
        }
        snprintf(priorities, sizeof priorities, " (priorities: %s)", list);
    }
    if (setup_text[0] && calls_text[0])
        snprintf(text, sizeof text, "with %s (set up by the test), after %s%s", setup_text, calls_text,
                 priorities);
    else if (setup_text[0])
        snprintf(text, sizeof text, "with %s (set up by the test)", setup_text);
    else
        snprintf(text, sizeof text, "after %s%s", calls_text[0] ? calls_text : "nothing", priorities);
    return text;
}

/* ------------------------------------------------------------------------------------- */
/* Checks that explain what is wrong. */

/* One priority's expected list, oldest first, ended by NULL. */
struct level {
    uint32_t priority;
    struct thread *threads[MAX_LIST + 1];
};

static void list_text(char *text, size_t size, const struct level *level)
{
    text[0] = '\0';
    for (int i = 0; level->threads[i]; i++)
        append(text, size, ", ", name_of(level->threads[i]));
}

/* Expect priority level->priority to hold exactly level->threads, circular and doubly linked. */
static bool expect_level(const char *file, int line, const struct run_queue *queue, const struct level *level)
{
    uint32_t p = level->priority;
    int count = 0;
    while (level->threads[count])
        count++;
    char order[160];
    list_text(order, sizeof order, level);

    if (count == 0) {
        bool ok = true;
        if (queue->heads[p])
            ok = host_test_fail(file, line, "%s: heads[%u] should be NULL (nothing is ready at priority %u), "
                                "but it is %s", after(), p, p, name_of(queue->heads[p]));
        if (queue->ready_bitmap & (1u << p))
            ok = host_test_fail(file, line, "%s: bit %u of ready_bitmap should be clear (nothing is ready at "
                                "priority %u), but ready_bitmap is 0x%08x", after(), p, p, queue->ready_bitmap);
        return ok;
    }

    bool ok = true;
    if (!(queue->ready_bitmap & (1u << p)))
        ok = host_test_fail(file, line, "%s: bit %u of ready_bitmap should be set (%s %s ready at priority %u), "
                            "but ready_bitmap is 0x%08x", after(), p, order, count > 1 ? "are" : "is", p,
                            queue->ready_bitmap);
    if (queue->heads[p] != level->threads[0])
        return host_test_fail(file, line, "%s: heads[%u] should be %s (the oldest thread at priority %u; the "
                              "list should be %s, oldest first), but it is %s", after(), p,
                              name_of(level->threads[0]), p, order, name_of(queue->heads[p]));

    /* Forward: each thread's run_next is the next one, and the newest leads back to the head. */
    for (int i = 0; i < count; i++) {
        const struct thread *thread = level->threads[i];
        const struct thread *want = level->threads[(i + 1) % count];
        if (thread->run_next == want)
            continue;
        char who[32];
        if (i == 0)
            snprintf(who, sizeof who, "heads[%u]", p);
        else
            snprintf(who, sizeof who, "%s", name_of(thread));
        const char *why = count == 1 ? "a thread alone in its list is linked to itself"
                          : i == count - 1 ? "the list is circular: the newest thread's run_next is the head"
                                           : "append at the tail";
        return host_test_fail(file, line, "%s: %s->run_next should be %s (%s; priority %u should hold %s, "
                              "oldest first), but it is %s", after(), who, name_of(want), why, p, order,
                              name_of(thread->run_next));
    }
    /* Backward: run_prev mirrors run_next; the head's run_prev is the tail. */
    for (int i = 0; i < count; i++) {
        const struct thread *thread = level->threads[i];
        const struct thread *want = level->threads[(i + count - 1) % count];
        if (thread->run_prev == want)
            continue;
        char who[32];
        if (i == 0)
            snprintf(who, sizeof who, "heads[%u]", p);
        else
            snprintf(who, sizeof who, "%s", name_of(thread));
        const char *why = count == 1 ? "a thread alone in its list is linked to itself"
                          : i == 0 ? "the head's run_prev is the tail, the newest thread"
                                   : "run_prev is the thread before it";
        return host_test_fail(file, line, "%s: %s->run_prev should be %s (%s; priority %u should hold %s, "
                              "oldest first), but it is %s", after(), who, name_of(want), why, p, order,
                              name_of(thread->run_prev));
    }
    return ok;
}

/* Expect the whole queue to be exactly @p levels: every other priority empty, the bitmap exact. */
static bool expect_queue(const char *file, int line, const struct run_queue *queue, const struct level *levels,
                         int level_count)
{
    host_test_checked(file, line);
    bool ok = true;
    uint32_t mask = 0;
    for (int i = 0; i < level_count; i++)
        if (levels[i].threads[0])
            mask |= 1u << levels[i].priority;
    if (queue->ready_bitmap != mask) {
        char bits[200] = "";
        for (uint32_t p = 0; p < PRIORITY_LEVELS; p++) {
            if (mask & (1u << p)) {
                char one[8];
                snprintf(one, sizeof one, "%u", p);
                append(bits, sizeof bits, ", ", one);
            }
        }
        ok = host_test_fail(file, line, "%s: ready_bitmap should be 0x%08x (%s%s), but it is 0x%08x", after(),
                            mask, mask ? "bits set for priorities " : "nothing is ready", bits,
                            queue->ready_bitmap);
    }
    for (int i = 0; i < level_count; i++)
        ok &= expect_level(file, line, queue, &levels[i]);
    for (uint32_t p = 0; p < PRIORITY_LEVELS; p++) {
        if (!(mask & (1u << p)) && queue->heads[p]) {
            ok = host_test_fail(file, line, "%s: heads[%u] should be NULL (nothing is ready at priority %u), "
                                "but it is %s", after(), p, p, name_of(queue->heads[p]));
        }
    }
    return ok;
}

#define LEVEL(priority, ...) { (priority), { __VA_ARGS__, NULL } }
#define EXPECT_QUEUE(queue, ...)                                                                 \
    expect_queue(__FILE__, __LINE__, (queue), (const struct level[]){ __VA_ARGS__ },            \
                 (int)(sizeof((const struct level[]){ __VA_ARGS__ }) / sizeof(struct level)))
#define EXPECT_QUEUE_EMPTY(queue) expect_queue(__FILE__, __LINE__, (queue), NULL, 0)

/* ------------------------------------------------------------------------------------- */
/* runqueue_enqueue */

HOST_TEST(enqueue_sets_bitmap_and_head)
{
    static struct run_queue queue;
    fresh_queue(&queue);
    make_thread(&A, "A", 7);
    call_enqueue(&queue, &A);
    EXPECT_QUEUE(&queue, LEVEL(7, &A));

    /* The lowest and highest priorities: bit 0 and bit 31 (1u << 31, not 1 << 31). */
    fresh_queue(&queue);
    make_thread(&A, "A", PRIORITY_MIN);
    call_enqueue(&queue, &A);
    EXPECT_QUEUE(&queue, LEVEL(PRIORITY_MIN, &A));
    fresh_queue(&queue);
    make_thread(&A, "A", PRIORITY_MAX);
    call_enqueue(&queue, &A);
    EXPECT_QUEUE(&queue, LEVEL(PRIORITY_MAX, &A));
}

HOST_TEST(enqueue_appends_at_tail_fifo)
{
    static struct run_queue queue;
    fresh_queue(&queue);
    make_thread(&A, "A", 7);
    make_thread(&B, "B", 7);
    make_thread(&C, "C", 7);
    make_thread(&D, "D", 7);
    call_enqueue(&queue, &A);
    call_enqueue(&queue, &B);
    if (!EXPECT_QUEUE(&queue, LEVEL(7, &A, &B)))
        return;
    call_enqueue(&queue, &C);
    if (!EXPECT_QUEUE(&queue, LEVEL(7, &A, &B, &C)))
        return;
    call_enqueue(&queue, &D);
    if (!EXPECT_QUEUE(&queue, LEVEL(7, &A, &B, &C, &D)))
        return;

    /* A thread's links may still point where they pointed when it was last in a queue:
     * enqueue must set them, not trust them. */
    fresh_queue(&queue);
    make_thread(&A, "A", 7);
    make_thread(&B, "B", 7);
    make_thread(&C, "C", 7);
    A.run_next = A.run_prev = &C; /* stale links */
    B.run_next = B.run_prev = &A;
    C.run_next = C.run_prev = &B;
    append(setup_text, sizeof setup_text, "; ", "A, B and C have stale run_next/run_prev links left over "
           "from an earlier time in a queue");
    call_enqueue(&queue, &C);
    call_enqueue(&queue, &A);
    call_enqueue(&queue, &B);
    EXPECT_QUEUE(&queue, LEVEL(7, &C, &A, &B));
}

HOST_TEST(enqueue_keeps_priorities_apart)
{
    static struct run_queue queue;
    fresh_queue(&queue);
    make_thread(&A, "A", 3);
    make_thread(&B, "B", 20);
    make_thread(&C, "C", 3);
    make_thread(&D, "D", 0);
    make_thread(&E, "E", 31);
    make_thread(&F, "F", 20);
    call_enqueue(&queue, &A);
    call_enqueue(&queue, &B);
    if (!EXPECT_QUEUE(&queue, LEVEL(3, &A), LEVEL(20, &B)))
        return;
    call_enqueue(&queue, &C);
    call_enqueue(&queue, &D);
    call_enqueue(&queue, &E);
    call_enqueue(&queue, &F);
    EXPECT_QUEUE(&queue, LEVEL(0, &D), LEVEL(3, &A, &C), LEVEL(20, &B, &F), LEVEL(31, &E));
}

/* ------------------------------------------------------------------------------------- */
/* runqueue_remove */

HOST_TEST(remove_middle_head_tail)
{
    static struct run_queue queue;
    make_thread(&A, "A", 4);
    make_thread(&B, "B", 4);
    make_thread(&C, "C", 4);
    make_thread(&D, "D", 4);

    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 4, &A, &B, &C);
    call_remove(&queue, &B); /* the middle */
    EXPECT_QUEUE(&queue, LEVEL(4, &A, &C));

    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 4, &A, &B, &C);
    call_remove(&queue, &A); /* the head: the next oldest becomes the head */
    EXPECT_QUEUE(&queue, LEVEL(4, &B, &C));

    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 4, &A, &B, &C);
    call_remove(&queue, &C); /* the tail */
    EXPECT_QUEUE(&queue, LEVEL(4, &A, &B));

    /* Several in a row, down to one thread. */
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 4, &A, &B, &C, &D);
    call_remove(&queue, &C);
    if (!EXPECT_QUEUE(&queue, LEVEL(4, &A, &B, &D)))
        return;
    call_remove(&queue, &A);
    if (!EXPECT_QUEUE(&queue, LEVEL(4, &B, &D)))
        return;
    call_remove(&queue, &B);
    EXPECT_QUEUE(&queue, LEVEL(4, &D));
}

HOST_TEST(remove_last_clears_bitmap_bit)
{
    static struct run_queue queue;
    static const uint32_t priorities[] = { 9, PRIORITY_MIN, PRIORITY_MAX };
    for (size_t i = 0; i < ARRAY_SIZE(priorities); i++) {
        uint32_t p = priorities[i];
        make_thread(&A, "A", p);
        fresh_queue(&queue);
        SET_UP_LEVEL(&queue, p, &A);
        call_remove(&queue, &A);
        EXPECT_QUEUE_EMPTY(&queue);
    }

    /* Two threads: the bit stays set after the first goes, and is cleared after the second. */
    make_thread(&A, "A", 9);
    make_thread(&B, "B", 9);
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 9, &A, &B);
    call_remove(&queue, &B);
    if (!EXPECT_QUEUE(&queue, LEVEL(9, &A)))
        return;
    call_remove(&queue, &A);
    EXPECT_QUEUE_EMPTY(&queue);
}

HOST_TEST(remove_keeps_other_priorities)
{
    static struct run_queue queue;
    make_thread(&A, "A", 2);
    make_thread(&B, "B", 9);
    make_thread(&C, "C", 9);
    make_thread(&D, "D", 31);
    make_thread(&E, "E", 0);
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 0, &E);
    SET_UP_LEVEL(&queue, 2, &A);
    SET_UP_LEVEL(&queue, 9, &B, &C);
    SET_UP_LEVEL(&queue, 31, &D);
    call_remove(&queue, &C);
    if (!EXPECT_QUEUE(&queue, LEVEL(0, &E), LEVEL(2, &A), LEVEL(9, &B), LEVEL(31, &D)))
        return;
    call_remove(&queue, &A); /* only bit 2 goes */
    if (!EXPECT_QUEUE(&queue, LEVEL(0, &E), LEVEL(9, &B), LEVEL(31, &D)))
        return;
    call_remove(&queue, &D); /* only bit 31 goes */
    if (!EXPECT_QUEUE(&queue, LEVEL(0, &E), LEVEL(9, &B)))
        return;
    call_remove(&queue, &E); /* only bit 0 goes */
    EXPECT_QUEUE(&queue, LEVEL(9, &B));
}

/* ------------------------------------------------------------------------------------- */
/* runqueue_pick */

/* Pick from @p queue and expect @p want; the queue must not change. */
static bool expect_pick(const char *file, int line, const struct run_queue *queue, const struct thread *want,
                        const char *why)
{
    host_test_checked(file, line);
    const struct run_queue before = *queue;
    const struct thread *picked = runqueue_pick(queue);
    bool ok = true;
    if (picked != want)
        ok = host_test_fail(file, line, "%s: runqueue_pick should return %s (%s), but it returned %s "
                            "(ready_bitmap is 0x%08x)", after(), name_of(want), why, name_of(picked),
                            queue->ready_bitmap);
    /* The queue is const; a cast could still change it. */
    if (queue->ready_bitmap != before.ready_bitmap)
        ok = host_test_fail(file, line, "%s: runqueue_pick changed ready_bitmap from 0x%08x to 0x%08x (pick "
                            "only looks; schedule() removes the thread)", after(), before.ready_bitmap,
                            queue->ready_bitmap);
    for (uint32_t p = 0; p < PRIORITY_LEVELS; p++)
        if (queue->heads[p] != before.heads[p])
            ok = host_test_fail(file, line, "%s: runqueue_pick changed heads[%u] from %s to %s (pick only "
                                "looks; schedule() removes the thread)", after(), p, name_of(before.heads[p]),
                                name_of(queue->heads[p]));
    return ok;
}
#define EXPECT_PICK(queue, want, why) expect_pick(__FILE__, __LINE__, (queue), (want), (why))

HOST_TEST(pick_highest_priority_oldest)
{
    static struct run_queue queue;
    make_thread(&A, "A", 3);
    make_thread(&B, "B", 3);
    make_thread(&C, "C", 12);
    make_thread(&D, "D", 12);
    make_thread(&E, "E", 12);
    make_thread(&F, "F", 7);
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 3, &A, &B);
    SET_UP_LEVEL(&queue, 12, &C, &D, &E);
    SET_UP_LEVEL(&queue, 7, &F);
    EXPECT_PICK(&queue, &C, "the oldest thread of the highest ready priority, 12");

    /* The oldest is heads[p], whichever thread that is. */
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 12, &E, &C, &D);
    SET_UP_LEVEL(&queue, 3, &B, &A);
    EXPECT_PICK(&queue, &E, "heads[12], the oldest thread at the highest ready priority");

    /* Priority 0 is the lowest, not the highest. */
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 0, &A);
    SET_UP_LEVEL(&queue, 1, &B);
    EXPECT_PICK(&queue, &B, "priority 1 beats priority 0: a higher number is a higher priority");
}

HOST_TEST(pick_empty_is_null)
{
    static struct run_queue queue;
    fresh_queue(&queue);
    EXPECT_PICK(&queue, NULL, "nothing is ready: ready_bitmap is 0");
}

HOST_TEST(pick_does_not_remove)
{
    static struct run_queue queue;
    make_thread(&A, "A", 5);
    make_thread(&B, "B", 5);
    make_thread(&C, "C", 2);
    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 5, &A, &B);
    SET_UP_LEVEL(&queue, 2, &C);
    for (int i = 1; i <= 3; i++)
        if (!EXPECT_PICK(&queue, &A, "picking does not remove, so the same thread comes back every time"))
            return;
    EXPECT_QUEUE(&queue, LEVEL(2, &C), LEVEL(5, &A, &B));

    fresh_queue(&queue);
    SET_UP_LEVEL(&queue, 5, &A);
    EXPECT_PICK(&queue, &A, "the only ready thread");
    EXPECT_PICK(&queue, &A, "the only ready thread, still there after the first pick");
    EXPECT_QUEUE(&queue, LEVEL(5, &A));
}

HOST_TEST(pick_uses_bitmap_all_32_levels)
{
    static struct run_queue queue;
    static const char *const names[PRIORITY_LEVELS] = {
        "T0", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "T13", "T14", "T15",
        "T16", "T17", "T18", "T19", "T20", "T21", "T22", "T23", "T24", "T25", "T26", "T27", "T28", "T29", "T30",
        "T31",
    };
    for (uint32_t p = 0; p < PRIORITY_LEVELS; p++)
        make_thread(&level_thread[p], names[p], p);

    /* Each priority alone. */
    for (uint32_t p = 0; p < PRIORITY_LEVELS; p++) {
        fresh_queue(&queue);
        SET_UP_LEVEL(&queue, p, &level_thread[p]);
        char why[96];
        snprintf(why, sizeof why, "the only ready thread, at priority %u (bit %u of ready_bitmap)", p, p);
        EXPECT_PICK(&queue, &level_thread[p], why);
    }

    /* All 32 at once, then the highest taken away one by one: each bit in turn is the top. */
    fresh_queue(&queue);
    for (uint32_t p = 0; p < PRIORITY_LEVELS; p++)
        SET_UP_LEVEL(&queue, p, &level_thread[p]);
    for (int top = PRIORITY_MAX; top >= 0; top--) {
        if (top == 0)
            snprintf(setup_text, sizeof setup_text, "only priority 0 holding a thread (T0)");
        else
            snprintf(setup_text, sizeof setup_text, "each of priorities 0..%d holding one thread (T0..T%d)", top, top);
        char why[96];
        snprintf(why, sizeof why, "%d is the highest ready priority", top);
        if (!EXPECT_PICK(&queue, &level_thread[top], why))
            return;
        queue.heads[top] = NULL; /* test set-up: empty the top level by hand */
        queue.ready_bitmap &= ~(1u << top);
    }

    /* Pairs far apart and close together. */
    static const uint32_t pairs[][2] = { { 0, 31 }, { 30, 31 }, { 0, 1 }, { 15, 16 }, { 5, 27 } };
    for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
        fresh_queue(&queue);
        SET_UP_LEVEL(&queue, pairs[i][0], &level_thread[pairs[i][0]]);
        SET_UP_LEVEL(&queue, pairs[i][1], &level_thread[pairs[i][1]]);
        char why[96];
        snprintf(why, sizeof why, "priority %u beats priority %u", pairs[i][1], pairs[i][0]);
        EXPECT_PICK(&queue, &level_thread[pairs[i][1]], why);
    }
}

/* ------------------------------------------------------------------------------------- */
/* runqueue_tick_slice */

HOST_TEST(tick_slice_counts_down_and_reloads)
{
    make_thread(&A, "A", 10);
    for (int slice = 1; slice <= 2; slice++) {
        for (uint32_t tick = 1; tick <= TIME_SLICE_TICKS; tick++) {
            bool used_up = runqueue_tick_slice(&A);
            if (tick < TIME_SLICE_TICKS) {
                if (!EXPECT_EQ(false, used_up, "runqueue_tick_slice(A) on tick %u of time slice %d: the slice "
                               "lasts TIME_SLICE_TICKS = %u ticks, so only tick %u uses it up", tick, slice,
                               TIME_SLICE_TICKS, TIME_SLICE_TICKS))
                    return;
                if (!EXPECT_EQ(TIME_SLICE_TICKS - tick, A.time_slice_left, "A.time_slice_left after %u ticks of "
                               "time slice %d (one tick used per call)", tick, slice))
                    return;
            } else {
                if (!EXPECT_EQ(true, used_up, "runqueue_tick_slice(A) on tick %u, the last tick of time slice %d: "
                               "the slice is used up", tick, slice))
                    return;
                if (!EXPECT_EQ(TIME_SLICE_TICKS, A.time_slice_left, "A.time_slice_left once time slice %d is "
                               "used up: reloaded with a fresh slice (TIME_SLICE_TICKS)", slice))
                    return;
            }
        }
    }
    EXPECT_EQ(10, A.priority, "A.priority after %u calls of runqueue_tick_slice (it must not change)",
              2 * TIME_SLICE_TICKS);

    /* A thread with one tick left uses it up at the next tick. */
    make_thread(&B, "B", 10);
    B.time_slice_left = 1;
    EXPECT_EQ(true, runqueue_tick_slice(&B), "runqueue_tick_slice(B) with B.time_slice_left = 1");
    EXPECT_EQ(TIME_SLICE_TICKS, B.time_slice_left, "B.time_slice_left after its last tick (a fresh slice)");

    /* A thread with a slice of its own (thread_set_time_slice) gets that many ticks. */
    make_thread(&C, "C", 10);
    C.time_slice = C.time_slice_left = 3;
    for (uint32_t tick = 1; tick <= 3; tick++) {
        bool used_up = runqueue_tick_slice(&C);
        if (!EXPECT_EQ(tick == 3, used_up, "runqueue_tick_slice(C) on tick %u: C.time_slice is 3, so only "
                       "tick 3 uses the slice up", tick))
            return;
    }
    EXPECT_EQ(3, C.time_slice_left, "C.time_slice_left after its slice of 3 ticks: a fresh slice is "
              "thread->time_slice ticks, not TIME_SLICE_TICKS");
}

/*
 * Play the scheduler for three rounds, as schedule() in kernel/sched.c does on a timer tick:
 * the running thread is not in the queue; when its slice is used up it goes to the back of
 * its list (enqueue), and the thread pick returns is taken out (remove) and runs next.
 * A, B and C share priority 10 and must take turns, TIME_SLICE_TICKS ticks each; D, at
 * priority 3, never runs while they are ready.
 */
HOST_TEST(tick_slice_sequence_round_robin)
{
    static struct run_queue queue;
    fresh_queue(&queue);
    make_thread(&A, "A", 10);
    make_thread(&B, "B", 10);
    make_thread(&C, "C", 10);
    make_thread(&D, "D", 3);
    append(setup_text, sizeof setup_text, "; ", "A (priority 10) running; enqueue(B), enqueue(C) at 10 and "
           "enqueue(D) at 3; then timer ticks, each expiry doing enqueue(running), pick, remove(picked)");
    runqueue_enqueue(&queue, &B);
    runqueue_enqueue(&queue, &C);
    runqueue_enqueue(&queue, &D);

    static struct thread *const order[] = { &A, &B, &C };
    struct thread *running = &A;
    char history[600] = "A";
    uint32_t run_length = 0;
    const uint32_t ticks = 3 * 3 * TIME_SLICE_TICKS;
    for (uint32_t tick = 1; tick <= ticks; tick++) {
        struct thread *want = order[((tick - 1) / TIME_SLICE_TICKS) % 3];
        if (running != want) {
            char now[64] = " (picked when the last slice ran out)";
            if (run_length)
                snprintf(now, sizeof now, " for %u tick%s, still running", run_length, run_length == 1 ? "" : "s");
            host_test_fail(__FILE__, __LINE__, "at tick %u the running thread should be %s (A, B and C take "
                           "turns, TIME_SLICE_TICKS = %u ticks each, in the order they became ready), but it is "
                           "%s; the runs so far: %s%s", tick, name_of(want), TIME_SLICE_TICKS,
                           name_of(running), history, now);
            return;
        }
        run_length++;
        if (!runqueue_tick_slice(running))
            continue;
        runqueue_enqueue(&queue, running); /* to the back of its list */
        struct thread *next = runqueue_pick(&queue);
        if (!next) {
            host_test_fail(__FILE__, __LINE__, "after tick %u %s went to the back of the queue, but runqueue_pick "
                           "returned NULL; the runs so far: %s", tick, name_of(running), history);
            return;
        }
        if (next != &A && next != &B && next != &C && next != &D) {
            host_test_fail(__FILE__, __LINE__, "after tick %u runqueue_pick returned %s", tick, name_of(next));
            return;
        }
        runqueue_remove(&queue, next);
        char entry[48];
        snprintf(entry, sizeof entry, " for %u tick%s, then %s", run_length, run_length == 1 ? "" : "s",
                 name_of(next));
        append(history, sizeof history, "", entry);
        running = next;
        run_length = 0;
    }
    EXPECT_TRUE(running == &A, "after %u ticks (three full rounds) A runs again, but %s does", ticks,
                name_of(running));
    /* A runs; B, C and D wait, in this order. */
    if (EXPECT_TRUE(queue.heads[10] == &B && B.run_next == &C && C.run_next == &B,
                    "after three rounds, priority 10 holds B, C (A is running, so not in the queue)"))
        EXPECT_TRUE(queue.heads[3] == &D && queue.ready_bitmap == ((1u << 10) | (1u << 3)),
                    "after three rounds, D still waits at priority 3 and ready_bitmap is 0x%08x (it is 0x%08x)",
                    (1u << 10) | (1u << 3), queue.ready_bitmap);
}
