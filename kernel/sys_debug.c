/*
 * sys_debug.c - the system calls for debugging and testing: null, debug_write,
 * debug_halt, debug_info, trace_control.
 */
#include "abi/errors.h"
#include "console.h"
#include "machine.h"
#include "pit.h"
#include "pmem.h"
#include "roottask.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "trace.h"
#include "usercopy.h"

int32_t syscall_null(void) { return ERR_OK; }

/* debug_write(buffer, length): print user text on the kernel console. */
int32_t syscall_debug_write(uint32_t buffer, uint32_t length)
{
    char text[DEBUG_WRITE_MAX];
    if (length > DEBUG_WRITE_MAX)
        return ERR_INVALID;
    if (copy_from_user(text, buffer, length))
        return ERR_FAULT;
    console_write(text, length);
    return (int32_t)length;
}

/* debug_halt(status): the root task ends the run (tests). 0 = success. */
int32_t syscall_debug_halt(uint32_t status)
{
    if (current_task() != root_task)
        return ERR_NO_RIGHTS;
    machine_halt(status == 0 ? HALT_SUCCESS : HALT_TEST_FAILURE);
}

/* How deep @thread's kernel stack has ever been: stacks start zeroed (kstack_alloc), and
 * what was once pushed stays non-zero below the stack pointer, as a rule. */
static uint32_t kernel_stack_peak(const struct thread *thread)
{
    const uint32_t *word = thread->kernel_stack;
    uint32_t unused = 0;
    while (unused < KSTACK_SIZE / sizeof *word && word[unused] == 0)
        unused++;
    return KSTACK_SIZE - unused * sizeof *word;
}

/* debug_info(key): a kernel counter, for tests and benchmarks. */
int32_t syscall_debug_info(uint32_t key)
{
    switch (key) {
    case DEBUG_INFO_FRAMES_IN_USE: return (int32_t)pmem_frames_in_use();
    case DEBUG_INFO_TICKS: return (int32_t)pit_ticks();
    case DEBUG_INFO_QUOTA_USED: return (int32_t)current_task()->quota_used;
    case DEBUG_INFO_QUOTA_LIMIT: return (int32_t)current_task()->quota_limit;
    case DEBUG_INFO_KERNEL_STACK_PEAK: return (int32_t)kernel_stack_peak(current_thread);
    case DEBUG_INFO_BOOT_TSC: {
        uint64_t ticks = machine_boot_tsc();
        return ticks > INT32_MAX ? INT32_MAX : (int32_t)ticks;
    }
    default: return ERR_INVALID;
    }
}

/* trace_control(operation, value): mark the trace, or pause and resume it (the `trace`
 * utility, for the visualizer). A kernel built with tracing compiled out has no trace. */
int32_t syscall_trace_control(uint32_t operation, uint32_t value)
{
    if (operation > TRACE_CONTROL_RESUME)
        return ERR_INVALID;
    if (!ORRERY_TRACE)
        return ERR_NOT_FOUND;
    uint32_t thread = current_thread->object.id;
    switch (operation) {
    case TRACE_CONTROL_MARK: TRACE(trace_mark, thread, value, 0, 0); break;
    case TRACE_CONTROL_PAUSE:
        TRACE(trace_paused, thread, 0, 0, 0);
        trace_pause();
        break;
    default: {
        uint32_t count = trace_resume();
        TRACE(trace_resumed, thread, count, 0, 0);
        (void)count;
        break;
    }
    }
    return ERR_OK;
}
