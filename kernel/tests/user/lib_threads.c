/*
 * lib_threads - the runtime's threads (servers/lib/thread_start.c), their IPC buffers
 * (ipc_buffer.c) and its mutex (mutex.c), under real contention.
 *
 *   1. Each of THREADS threads made by thread_start finds its own IPC buffer through
 *      ipc_buffer_self() (THREAD_IPC_BUFFER of its index, not the first thread's) and
 *      makes CALLS long calls (rpc_call_long, 10 words: 7 through the IPC buffer) to an
 *      rpc_serve thread that answers with the words' sum and the words themselves, reversed.
 *      Every reply must be the caller's own: with one IPC buffer shared by all threads,
 *      their words would mix.
 *   2. THREADS threads add 1 to a counter ROUNDS times each, each time with a yield between
 *      reading and writing it, inside mutex_lock/unlock: the total must be exact, the
 *      mutex must have been contended (its notification made: waiters slept in wait(), not
 *      in a yield loop), and trylock fails while it is held.
 *   3. The same threads malloc, fill, check and free blocks at once (malloc's lock), and the
 *      heap checks out sound afterwards (malloc_check).
 *
 * Expected: "lib_threads: ..." per step, then "lib_threads: all thread checks passed"; exit 0.
 */
#define TEST_NAME "lib_threads"
#include "ipc_buffer.h"
#include "mutex.h"
#include "rpc.h"
#include "start_info.h"
#include "stdlib.h"
#include "thread_start.h"
#include "user_test.h"

#define THREADS 4
#define CALLS 50
#define ROUNDS 200
#define ALLOCATIONS 300
#define WAIT_TICKS 20000
#define LABEL_ECHO 0x4001
#define CALL_WORDS 10

static int endpoint;
static volatile int finished;
static volatile unsigned failures;
static volatile const char *failure_what;

static void fail_in_thread(const char *what)
{
    failure_what = what;
    __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
}

/* ---- 1. IPC buffers ------------------------------------------------------------------ */

static int echo(struct rpc_request *request, struct rpc_response *response)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < request->length; i++)
        sum += request->words[i];
    response->length = request->length;
    for (unsigned i = 0; i < request->length; i++)
        response->words[i] = request->words[request->length - 1 - i];
    return (int)(sum & 0x7FFFFFFF);
}

static const struct rpc_op echo_ops[] = {
    { LABEL_ECHO, 1, CALL_WORDS, false, echo, "echo" },
};

static void serve(void *unused)
{
    (void)unused;
    struct rpc_server server = { "echo", endpoint, echo_ops, 1, NULL, 0 };
    rpc_serve(&server);
}

static void caller(void *argument)
{
    unsigned index = (unsigned)argument;
    int self = thread_index_self();
    if (self < 0 || ipc_buffer_self() != (struct ipc_buffer *)THREAD_IPC_BUFFER(self))
        fail_in_thread("ipc_buffer_self() of a new thread is its own THREAD_IPC_BUFFER");
    for (unsigned call = 0; call < CALLS; call++) {
        unsigned words[CALL_WORDS], out[CALL_WORDS], sum = 0;
        for (unsigned i = 0; i < CALL_WORDS; i++)
            sum += words[i] = index * 0x1000000u + call * 0x100u + i;
        int result = rpc_call_long(endpoint, LABEL_ECHO, words, CALL_WORDS, -1, -1, out,
                                   CALL_WORDS, NULL);
        if (result != (int)(sum & 0x7FFFFFFF)) {
            fail_in_thread("the sum a long call returned is the sum of the caller's own words");
            break;
        }
        for (unsigned i = 0; i < CALL_WORDS; i++)
            if (out[i] != words[CALL_WORDS - 1 - i]) {
                fail_in_thread("the words of a long reply are the caller's own, reversed");
                break;
            }
        if (call % 8 == 0)
            sys_yield(); /* let the other callers in between */
    }
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

/* ---- 2. The mutex ---------------------------------------------------------------------- */

static struct mutex counter_lock = MUTEX_INITIALIZER;
static volatile unsigned counter;
static volatile int trylock_failed_while_held;

static void adder(void *unused)
{
    (void)unused;
    for (unsigned round = 0; round < ROUNDS; round++) {
        mutex_lock(&counter_lock);
        if (!mutex_held(&counter_lock))
            fail_in_thread("mutex_held() right after mutex_lock()");
        unsigned seen = counter;
        sys_yield(); /* the others run here, and find the mutex held */
        counter = seen + 1;
        mutex_unlock(&counter_lock);
    }
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

/* ---- 3. malloc from several threads ------------------------------------------------- */

static void allocator_user(void *argument)
{
    unsigned index = (unsigned)argument;
    unsigned char *blocks[8] = {0};
    unsigned sizes[8] = {0};
    for (unsigned i = 0; i < ALLOCATIONS; i++) {
        unsigned slot = i % 8;
        if (blocks[slot]) {
            for (unsigned j = 0; j < sizes[slot]; j++)
                if (blocks[slot][j] != (unsigned char)(index + slot)) {
                    fail_in_thread("a malloc'd block kept what its thread wrote");
                    break;
                }
            free(blocks[slot]);
        }
        sizes[slot] = 1 + (i * 97 + index * 31) % 900;
        blocks[slot] = malloc(sizes[slot]);
        if (!blocks[slot]) {
            fail_in_thread("malloc of under 1 KiB from a thread");
            break;
        }
        for (unsigned j = 0; j < sizes[slot]; j++)
            blocks[slot][j] = (unsigned char)(index + slot);
        if (i % 16 == 0)
            sys_yield();
    }
    for (unsigned slot = 0; slot < 8; slot++)
        free(blocks[slot]);
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

/* Start THREADS threads running @p fn(index) and wait until all have finished. */
static void run_threads(void (*fn)(void *), const char *what)
{
    finished = 0;
    for (unsigned i = 0; i < THREADS; i++)
        expect_success(what, thread_start(fn, (void *)i, PRIORITY_DEFAULT));
    test_wait_until(finished == THREADS, WAIT_TICKS, what);
    if (failures)
        test_fail("%s: %u failures, the last: %s", what, failures, failure_what);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_success("thread_start of the echo server", thread_start(serve, NULL, PRIORITY_DEFAULT));
    if (thread_index_self() != THREAD_INDEX_FIRST)
        test_fail("thread_index_self() of the first thread, expected %d, seen %d",
                  THREAD_INDEX_FIRST, thread_index_self());
    if (ipc_buffer_self() != (struct ipc_buffer *)START_IPC_BUFFER_ADDRESS)
        test_fail("ipc_buffer_self() of the first thread, expected START_IPC_BUFFER_ADDRESS");

    run_threads(caller, "long calls from 4 threads at once");
    test_print("%d threads made %d long calls each, every reply their own", THREADS, CALLS);

    run_threads(adder, "4 threads adding under a mutex");
    if (counter != THREADS * ROUNDS)
        test_fail("the counter after %d threads added %d times under the mutex, expected %d, seen %u",
                  THREADS, ROUNDS, THREADS * ROUNDS, counter);
    if (counter_lock.notification <= 0)
        test_fail("the contended mutex made no notification (waiters would only yield)");
    mutex_lock(&counter_lock);
    trylock_failed_while_held = !mutex_trylock(&counter_lock);
    mutex_unlock(&counter_lock);
    if (!trylock_failed_while_held)
        test_fail("mutex_trylock of a held mutex succeeded");
    if (!mutex_trylock(&counter_lock))
        test_fail("mutex_trylock of a free mutex failed");
    mutex_unlock(&counter_lock);
    test_print("the counter is %u: %d threads x %d rounds, waiters slept on a notification",
               counter, THREADS, ROUNDS);

    run_threads(allocator_user, "4 threads using malloc at once");
    const char *problem = malloc_check();
    if (problem)
        test_fail("malloc_check after the threads: %s", problem);
    test_print("%d threads malloc'd and freed %d blocks each; the heap is sound", THREADS, ALLOCATIONS);

    test_print("all thread checks passed");
    return 0;
}
