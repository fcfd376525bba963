/**
 * @file syscall.h
 * @brief System-call dispatch: from `int $0x80` to the handler for the call number.
 *
 * Every handler has the same shape, declared with SYSCALL_HANDLER(name): five 32-bit
 * arguments (EBX, ECX, EDX, ESI, EDI; unused ones are ignored) and a result for EAX.
 * The handlers live in one sys_*.c file per group of calls: sys_debug.c, sys_task.c,
 * sys_quota.c, sys_thread.c, sys_cap.c, sys_ipc.c (endpoints, notifications, fault
 * handlers), sys_reply.c (saved replies) and sys_device.c (frames, IRQs, I/O ports), with
 * call and reply_recv's fast path in solutions/lab3/ipc_fastpath.c. The calls are listed
 * in abi/syscalls.h and described in docs/syscalls.md.
 */
#ifndef ORRERY_SYSCALL_H
#define ORRERY_SYSCALL_H

#include "abi/syscalls.h"
#include "thread.h"
#include "trap_frame.h"
#include "types.h"

/** Returned by handlers that wrote every result register into the frame themselves. */
#define SYSCALL_RESULT_IN_FRAME INT32_MIN

#define SYSCALL_ARG __attribute__((unused)) uint32_t
/**
 * Define the kernel's handler of system call @p name: syscall_<name>, never sys_<name>,
 * which is the user library's stub (servers/lib/syscall_stubs.h). Argument i (a0..a4) is
 * the one SYSCALL_LIST names i-th.
 */
#define SYSCALL_HANDLER(name)                                                                 \
    int32_t syscall_##name(SYSCALL_ARG a0, SYSCALL_ARG a1, SYSCALL_ARG a2, SYSCALL_ARG a3, SYSCALL_ARG a4)

#define SYSCALL_DECLARE(name, number, ...) SYSCALL_HANDLER(name);
SYSCALL_LIST(SYSCALL_DECLARE)
#undef SYSCALL_DECLARE

/** A system-call handler: the five argument registers in, the result for EAX out. */
typedef int32_t (*syscall_handler)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

/** The handler of every call number below SYSCALL_COUNT; trap_stub_128 calls them. */
extern const syscall_handler syscall_table[SYSCALL_COUNT];

/** SYSCALL_COUNT, for trap_stub_128's bounds check (an assembler file sees no C enum). */
extern const uint32_t syscall_count;

/** The syscall_entry trace record of the call in @p frame (trap_stub_128, TRACE builds). */
void syscall_trace_entry(const struct trap_frame *frame);

/**
 * After a handler: store @p result in frame->eax (unless it is SYSCALL_RESULT_IN_FRAME),
 * trace syscall_exit (the call number is in frame->error_code), and give way if a better
 * thread became ready. Called from trap_stub_128.
 */
void syscall_finish(struct trap_frame *frame, int32_t result);

/**
 * Run the system call the user thread asked for in @p frame (the result goes to
 * frame->eax), then give way if a better thread became ready: the whole of a system call in
 * C. trap_stub_128 sends it the numbers out of range (ERR_NO_SYSCALL).
 */
void syscall_entry(struct trap_frame *frame);

/** The task of the calling thread. */
static inline struct task *current_task(void) { return current_thread->task; }

#endif
