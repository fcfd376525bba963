/**
 * @file syscall_stubs.h
 * @brief One typed wrapper per system call, all built on syscall5().
 *
 * The numbers and the register convention come from abi/syscalls.h, the one header the
 * kernel and user programs share: `int $0x80`, EAX = number, arguments in EBX, ECX, EDX,
 * ESI, EDI, result in EAX (>= 0, or a negative ERR_* from abi/errors.h). Addresses in
 * another task's address space (entry points, stack tops, map and write targets) are plain
 * unsigned numbers: they mean nothing in the caller.
 */
#ifndef ORRERY_USER_SYSCALL_STUBS_H
#define ORRERY_USER_SYSCALL_STUBS_H

#include "abi/errors.h"
#include "abi/syscalls.h"

/** Make system call @p number with up to five arguments; unused ones may be anything. */
static inline int syscall5(unsigned number, unsigned a, unsigned b, unsigned c, unsigned d,
                           unsigned e)
{
    int result;
    __asm__ volatile("int %[vector]"
                     : "=a"(result)
                     : [vector] "i"(SYSCALL_VECTOR), "a"(number), "b"(a), "c"(b), "d"(c),
                       "S"(d), "D"(e)
                     : "memory", "cc");
    return result;
}

/** Any call with any arguments, unchecked: for tests that pass bad ones on purpose. */
static inline int sys_raw(unsigned number, unsigned a, unsigned b, unsigned c, unsigned d,
                          unsigned e)
{
    return syscall5(number, a, b, c, d, e);
}

#define SYSCALL0(n) syscall5((n), 0, 0, 0, 0, 0)
#define SYSCALL1(n, a) syscall5((n), (unsigned)(a), 0, 0, 0, 0)
#define SYSCALL2(n, a, b) syscall5((n), (unsigned)(a), (unsigned)(b), 0, 0, 0)
#define SYSCALL3(n, a, b, c) syscall5((n), (unsigned)(a), (unsigned)(b), (unsigned)(c), 0, 0)
#define SYSCALL4(n, a, b, c, d) \
    syscall5((n), (unsigned)(a), (unsigned)(b), (unsigned)(c), (unsigned)(d), 0)
#define SYSCALL5(n, a, b, c, d, e) \
    syscall5((n), (unsigned)(a), (unsigned)(b), (unsigned)(c), (unsigned)(d), (unsigned)(e))

/* Debugging and time. */
static inline int sys_null(void) { return SYSCALL0(SYS_null); }
static inline int sys_debug_write(const void *buf, unsigned len)
{
    return SYSCALL2(SYS_debug_write, buf, len);
}
/** Stop the machine (root task only; others get ERR_NO_RIGHTS): 0 = success. */
static inline int sys_debug_halt(int status) { return SYSCALL1(SYS_debug_halt, status); }
static inline int sys_debug_info(int key) { return SYSCALL1(SYS_debug_info, key); }
static inline int sys_yield(void) { return SYSCALL0(SYS_yield); }
static inline int sys_sleep(unsigned ticks) { return SYSCALL1(SYS_sleep, ticks); }

/* Tasks: slots name task capabilities in the caller's capability space. */
static inline int sys_task_create(unsigned quota_bytes, const char *name)
{
    return SYSCALL2(SYS_task_create, quota_bytes, name);
}
static inline int sys_task_map_anon(int task, unsigned vaddr, unsigned pages, unsigned flags)
{
    return SYSCALL4(SYS_task_map_anon, task, vaddr, pages, flags);
}
static inline int sys_task_write(int task, unsigned dst_vaddr, const void *src, unsigned len)
{
    return SYSCALL4(SYS_task_write, task, dst_vaddr, src, len);
}

/* Threads. */
static inline int sys_thread_create(int task, unsigned entry, unsigned stack_top, int priority)
{
    return SYSCALL4(SYS_thread_create, task, entry, stack_top, priority);
}
static inline int sys_thread_resume(int thread) { return SYSCALL1(SYS_thread_resume, thread); }
static inline int sys_thread_suspend(int thread) { return SYSCALL1(SYS_thread_suspend, thread); }
static inline int sys_thread_set_priority(int thread, int priority)
{
    return SYSCALL2(SYS_thread_set_priority, thread, priority);
}
static inline __attribute__((noreturn)) void sys_thread_exit(void)
{
    SYSCALL0(SYS_thread_exit);
    __builtin_unreachable();
}

/* Capabilities. */
static inline int sys_cap_copy(int src, int task, int dest)
{
    return SYSCALL3(SYS_cap_copy, src, task, dest);
}
static inline int sys_cap_mint(int src, int task, int dest, unsigned rights, unsigned badge)
{
    return SYSCALL5(SYS_cap_mint, src, task, dest, rights, badge);
}
static inline int sys_cap_delete(int slot) { return SYSCALL1(SYS_cap_delete, slot); }
static inline int sys_cap_revoke(int slot) { return SYSCALL1(SYS_cap_revoke, slot); }
/** The object type in the slot | (its rights << 8); 0 for an empty slot. */
static inline int sys_cap_identify(int slot) { return SYSCALL1(SYS_cap_identify, slot); }

/* Every call in SYSCALL_LIST has a wrapper above: a new call without one fails to compile. */
static inline void syscall_every_call_has_a_wrapper(void)
{
#define SYSCALL_HAS_WRAPPER(name, number, args) (void)sys_##name;
    SYSCALL_LIST(SYSCALL_HAS_WRAPPER)
#undef SYSCALL_HAS_WRAPPER
}

#endif
