/**
 * @file syscall.h
 * @brief System-call dispatch: from `int $0x80` to the handler for the call number.
 *
 * Each call's handler is an ordinary C function, syscall_<name>(), whose parameters are the
 * call's arguments as SYSCALL_LIST (abi/syscalls.h) names them, in its order: argument i
 * arrives in register i of EBX, ECX, EDX, ESI, EDI, as a raw 32-bit word the handler
 * validates before it trusts it (a slot number, an address in user space, a count). The
 * prototypes below are generated from the list, so a handler defined with another number of
 * arguments does not compile, and kernel/tests/test_syscall_handlers.py checks that each
 * definition gives its parameters the list's names.
 *
 * The handlers live in one sys_*.c file per group of calls: sys_debug.c, sys_task.c,
 * sys_quota.c, sys_thread.c, sys_cap.c, sys_ipc.c (endpoints, notifications, fault
 * handlers), sys_reply.c (saved replies), sys_device.c (frames, IRQs, I/O ports) and
 * sys_frame.c (what pagers do with frames: mapping bits, protect, copy, read, write), with
 * call and reply_recv's fast path in solutions/lab3/ipc_fastpath.c. The calls are described
 * in docs/syscalls.md.
 */
#ifndef ORRERY_SYSCALL_H
#define ORRERY_SYSCALL_H

#include "abi/syscalls.h"
#include "thread.h"
#include "trap_frame.h"
#include "types.h"

/** Returned by handlers that wrote every result register into the frame themselves. */
#define SYSCALL_RESULT_IN_FRAME INT32_MIN

/* SYSCALL_PARAMETERS_<n>(names...): the parameter list of a handler of n arguments. */
#define SYSCALL_PARAMETERS_0() void
#define SYSCALL_PARAMETERS_1(a) uint32_t a
#define SYSCALL_PARAMETERS_2(a, b) uint32_t a, uint32_t b
#define SYSCALL_PARAMETERS_3(a, b, c) uint32_t a, uint32_t b, uint32_t c
#define SYSCALL_PARAMETERS_4(a, b, c, d) uint32_t a, uint32_t b, uint32_t c, uint32_t d
#define SYSCALL_PARAMETERS_5(a, b, c, d, e) uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e

/*
 * The handler of every call, with the list's argument count and names: SYSCALL(debug_write,
 * 1, 2, buffer, length) declares int32_t syscall_debug_write(uint32_t buffer, uint32_t length).
 * The kernel's handler of `name` is syscall_<name>, never sys_<name>, which is the user
 * library's stub (servers/lib/syscall_stubs.h).
 */
#define SYSCALL_DECLARE(name, number, count, ...) \
    int32_t syscall_##name(SYSCALL_PARAMETERS_##count(__VA_ARGS__));
SYSCALL_LIST(SYSCALL_DECLARE)
#undef SYSCALL_DECLARE

/**
 * An entry of syscall_table: the address of a handler, which takes zero to five uint32_t
 * arguments. Handlers differ in their number of parameters, so C cannot call them through
 * one pointer type, and nothing in C does: only trap_stub_128 calls them, with all five
 * argument registers pushed. Under the i386 C calling convention the caller pushes and pops
 * the arguments, so a handler simply reads the first ones it declares.
 */
typedef void (*syscall_handler)(void);

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
 * Answer a call number past the table (>= SYSCALL_COUNT) with ERR_NO_SYSCALL, traced as
 * every call is; trap_stub_128 sends such numbers here instead of to syscall_table.
 */
void syscall_unknown(struct trap_frame *frame);

/** The task of the calling thread. */
static inline struct task *current_task(void) { return current_thread->task; }

#endif
