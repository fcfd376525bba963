/*
 * ipcbench.c - what an IPC round trip costs, measured with the CPU's time-stamp counter
 * (rdtsc; under QEMU's -icount it counts guest instructions): a call answered by a second
 * thread of this process (call + reply_recv, the kernel's path alone), then an RPC to the
 * timer service (TIMER_UPTIME: the runtime's stub, the server's dispatch loop, and the
 * scheduling between two processes).
 */
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "rpc.h"
#include "slot.h"
#include "stdio.h"
#include "syscall_stubs.h"
#include "thread_start.h"
#include "tsc.h"

#define IPCBENCH_WARMUP 16
#define IPCBENCH_CALLS 1000
#define IPCBENCH_LABEL 1

/* The answering thread: every call gets its word 0 back, plus one. */
static void answer_calls(void *endpoint_slot)
{
    int endpoint = (int)(unsigned long)endpoint_slot;
    struct ipc_message m;
    int status = sys_recv(endpoint, &m);
    while (status >= 0)
        status = sys_reply_recv(endpoint, IPC_TAG(RPC_REPLY, 1, 0), m.words[0] + 1, 0, 0, &m);
}

static int bench_threads(void)
{
    int endpoint = sys_endpoint_create();
    if (endpoint < 0)
        return endpoint;
    int thread = thread_start(answer_calls, (void *)(unsigned long)endpoint, (int)start_info()->priority);
    if (thread < 0)
        return thread;
    struct ipc_message m;
    unsigned long long start = 0;
    for (unsigned i = 0; i < IPCBENCH_WARMUP + IPCBENCH_CALLS; i++) {
        if (i == IPCBENCH_WARMUP)
            start = tsc_read();
        int error = sys_call(endpoint, IPC_TAG(IPCBENCH_LABEL, 1, 0), i, 0, 0, &m);
        if (error < 0 || m.words[0] != i + 1)
            return error < 0 ? error : ERR_INVALID;
    }
    unsigned long long cycles = tsc_read() - start;
    printf("ipcbench: ipc round trip (call + reply_recv, two threads of this process): %llu cycles"
           " (mean of %u)\n", cycles / IPCBENCH_CALLS, IPCBENCH_CALLS);
    sys_cap_delete(thread);
    sys_cap_delete(endpoint);
    return 0;
}

static int bench_timer(void)
{
    int timer = slot_alloc();
    int error = timer < 0 ? timer : ns_lookup(START_SLOT_NS, "timer", timer);
    if (error < 0)
        return error;
    unsigned long long start = 0;
    for (unsigned i = 0; i < IPCBENCH_WARMUP + IPCBENCH_CALLS; i++) {
        if (i == IPCBENCH_WARMUP)
            start = tsc_read();
        error = rpc_call(timer, TIMER_UPTIME, 0, 0, 0, 0, NULL);
        if (error < 0)
            return error;
    }
    unsigned long long cycles = tsc_read() - start;
    printf("ipcbench: rpc to the timer service (TIMER_UPTIME, another process): %llu cycles"
           " (mean of %u)\n", cycles / IPCBENCH_CALLS, IPCBENCH_CALLS);
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int error = bench_threads();
    if (error < 0)
        printf("ipcbench: the two-thread round trip failed: %s\n", error_name(error));
    int timer_error = bench_timer();
    if (timer_error < 0)
        printf("ipcbench: the timer round trip failed: %s\n", error_name(timer_error));
    return error < 0 || timer_error < 0;
}
