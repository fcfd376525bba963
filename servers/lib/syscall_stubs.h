/**
 * @file syscall_stubs.h
 * @brief One typed wrapper per system call, all built on syscall5().
 *
 * The numbers and the register convention come from abi/syscalls.h, the one header the
 * kernel and user programs share: `int $0x80`, EAX = number, arguments in EBX, ECX, EDX,
 * ESI, EDI, result in EAX (>= 0, or a negative ERR_* from abi/errors.h). Addresses in
 * another task's address space (entry points, stack tops, map and write targets) are plain
 * unsigned numbers: they mean nothing in the caller.
 *
 * The IPC calls that receive (recv, nb_recv, call, reply_recv) return more than EAX: the
 * sender's badge in EBX, the tag in ECX and message words 0..2 in EDX, ESI, EDI
 * (abi/message.h). Their wrappers store those five registers in a struct ipc_message.
 */
#ifndef ORRERY_USER_SYSCALL_STUBS_H
#define ORRERY_USER_SYSCALL_STUBS_H

#include "abi/errors.h"
#include "abi/message.h"
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
static inline int sys_debug_write(const void *buffer, unsigned length)
{
    return SYSCALL2(SYS_debug_write, buffer, length);
}
/** Stop the machine (root task only; others get ERR_NO_RIGHTS): 0 = success. */
static inline int sys_debug_halt(int status) { return SYSCALL1(SYS_debug_halt, status); }
static inline int sys_debug_info(int key) { return SYSCALL1(SYS_debug_info, key); }
static inline int sys_yield(void) { return SYSCALL0(SYS_yield); }
static inline int sys_sleep(unsigned ticks) { return SYSCALL1(SYS_sleep, ticks); }

/* Tasks: slots name task capabilities in the caller's capability space. */
static inline int sys_task_create(unsigned quota, const char *name)
{
    return SYSCALL2(SYS_task_create, quota, name);
}
static inline int sys_task_map_anon(int task, unsigned vaddr, unsigned pages, unsigned flags)
{
    return SYSCALL4(SYS_task_map_anon, task, vaddr, pages, flags);
}
static inline int sys_task_write(int task, unsigned destination, const void *source,
                                 unsigned length)
{
    return SYSCALL4(SYS_task_write, task, destination, source, length);
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
static inline int sys_cap_copy(int source, int task, int destination)
{
    return SYSCALL3(SYS_cap_copy, source, task, destination);
}
static inline int sys_cap_mint(int source, int task, int destination, unsigned rights,
                               unsigned badge)
{
    return SYSCALL5(SYS_cap_mint, source, task, destination, rights, badge);
}
static inline int sys_cap_delete(int slot) { return SYSCALL1(SYS_cap_delete, slot); }
static inline int sys_cap_revoke(int slot) { return SYSCALL1(SYS_cap_revoke, slot); }
/** The object type in the slot | (its rights << 8); 0 for an empty slot. */
static inline int sys_cap_identify(int slot) { return SYSCALL1(SYS_cap_identify, slot); }

/* IPC: endpoints (abi/message.h describes the message format). */

/** A received message: what the receiving calls return in EBX, ECX, EDX, ESI, EDI. */
struct ipc_message {
    unsigned badge;    /**< the badge of the capability the sender used (0 in a reply) */
    unsigned tag;      /**< IPC_TAG(label, length, cap) */
    unsigned words[3]; /**< message words 0..2; words 3 and up are in the IPC buffer */
};

/*
 * The one system call that sends and receives registers: EAX = @p number, EBX = @p endpoint,
 * ECX = @p tag, EDX/ESI/EDI = words 0..2 in; on return EAX = result, and the other five are
 * the message received, stored in @p m. Inlined, so the stores go straight into the
 * caller's struct.
 */
static inline int ipc_syscall(unsigned number, unsigned endpoint, unsigned tag, unsigned w0,
                              unsigned w1, unsigned w2, struct ipc_message *m)
{
    int result;
    __asm__ volatile("int %[vector]"
                     : "=a"(result), "+b"(endpoint), "+c"(tag), "+d"(w0), "+S"(w1), "+D"(w2)
                     : [vector] "i"(SYSCALL_VECTOR), "0"(number)
                     : "memory", "cc");
    m->badge = endpoint;
    m->tag = tag;
    m->words[0] = w0;
    m->words[1] = w1;
    m->words[2] = w2;
    return result;
}

/** Create an endpoint. @return the slot of its capability (RIGHTS_ALL), or an error. */
static inline int sys_endpoint_create(void) { return SYSCALL0(SYS_endpoint_create); }
/** Send a message (RIGHT_WRITE); blocks until a receiver takes it. @return 0 or an error. */
static inline int sys_send(int endpoint, unsigned tag, unsigned word0, unsigned word1,
                           unsigned word2)
{
    return SYSCALL5(SYS_send, endpoint, tag, word0, word1, word2);
}
/** Wait for a message (RIGHT_READ) and store it in @p message. @return 0 or an error. */
static inline int sys_recv(int endpoint, struct ipc_message *message)
{
    return ipc_syscall(SYS_recv, (unsigned)endpoint, 0, 0, 0, 0, message);
}
/** Send a message (RIGHT_WRITE) and wait for the reply, stored in @p reply (badge 0). */
static inline int sys_call(int endpoint, unsigned tag, unsigned word0, unsigned word1,
                           unsigned word2, struct ipc_message *reply)
{
    return ipc_syscall(SYS_call, (unsigned)endpoint, tag, word0, word1, word2, reply);
}
/** Reply to the thread's caller, if any, then wait for a message on @p endpoint (RIGHT_READ). */
static inline int sys_reply_recv(int endpoint, unsigned tag, unsigned word0, unsigned word1,
                                 unsigned word2, struct ipc_message *message)
{
    return ipc_syscall(SYS_reply_recv, (unsigned)endpoint, tag, word0, word1, word2, message);
}
/** Send only if a receiver is waiting: else ERR_WOULD_BLOCK. */
static inline int sys_nb_send(int endpoint, unsigned tag, unsigned word0, unsigned word1,
                              unsigned word2)
{
    return SYSCALL5(SYS_nb_send, endpoint, tag, word0, word1, word2);
}
/** Receive only if a sender is waiting: else ERR_WOULD_BLOCK. */
static inline int sys_nb_recv(int endpoint, struct ipc_message *message)
{
    return ipc_syscall(SYS_nb_recv, (unsigned)endpoint, 0, 0, 0, 0, message);
}

/* Notifications: a word of bits that signal() ORs into and wait() takes. */
static inline int sys_notification_create(void) { return SYSCALL0(SYS_notification_create); }
/** OR the capability's badge (1 if it has none) into the bits (RIGHT_WRITE). */
static inline int sys_signal(int notification) { return SYSCALL1(SYS_signal, notification); }
/**
 * Wait until some bit is set (RIGHT_READ), then take the bits. @return the bits (> 0), or an
 * error. Badges with bit 31 set would look like errors here: keep badges below 2^31.
 */
static inline int sys_wait(int notification) { return SYSCALL1(SYS_wait, notification); }

/* Threads: IPC buffer and fault handler. */
/** Register the page at @p vaddr (in the thread's task) as the thread's IPC buffer. */
static inline int sys_thread_set_ipc_buffer(int thread, unsigned vaddr)
{
    return SYSCALL2(SYS_thread_set_ipc_buffer, thread, vaddr);
}
/** Turn the thread's faults into calls on @p endpoint (abi/message.h: IPC_LABEL_FAULT). */
static inline int sys_thread_set_fault_handler(int thread, int endpoint)
{
    return SYSCALL2(SYS_thread_set_fault_handler, thread, endpoint);
}

/* Frames: one page of memory each, mapped through their capabilities. */
/** Allocate a zeroed frame. @return the slot of its capability (RIGHTS_ALL), or an error. */
static inline int sys_frame_create(void) { return SYSCALL0(SYS_frame_create); }
/** Map the frame at @p vaddr in @p task (FRAME_MAP_WRITABLE in @p flags: writable). */
static inline int sys_frame_map(int frame, int task, unsigned vaddr, unsigned flags)
{
    return SYSCALL4(SYS_frame_map, frame, task, vaddr, flags);
}
/** Remove the mapping this frame capability made. */
static inline int sys_frame_unmap(int frame) { return SYSCALL1(SYS_frame_unmap, frame); }

/* Frames for pagers: the mapping's hardware bits and rights, and the page's contents. */
/**
 * The FRAME_BIT_ACCESSED, FRAME_BIT_DIRTY and FRAME_BIT_WRITABLE bits of the mapping this
 * frame capability made, as they were; then clear the ACCESSED and DIRTY bits in @p clear
 * (0: clear nothing, RIGHT_READ; else RIGHT_WRITE too). @return the bits (>= 0), or an error
 * (ERR_NOT_FOUND: the capability maps nothing).
 */
static inline int sys_frame_mapping_bits(int frame, unsigned clear)
{
    return SYSCALL2(SYS_frame_mapping_bits, frame, clear);
}
/** Make this capability's mapping read-only (@p flags 0, RIGHT_READ) or writable
 *  (FRAME_MAP_WRITABLE, RIGHT_WRITE). @return 0 or an error (ERR_NOT_FOUND: no mapping). */
static inline int sys_frame_protect(int frame, unsigned flags)
{
    return SYSCALL2(SYS_frame_protect, frame, flags);
}
/** Copy the page of frame @p source (RIGHT_READ) into frame @p destination (RIGHT_WRITE). */
static inline int sys_frame_copy(int destination, int source)
{
    return SYSCALL2(SYS_frame_copy, destination, source);
}
/** Copy @p length bytes of the frame's page from @p offset to @p buffer (RIGHT_READ;
 *  @p offset + @p length <= 4096). @return 0 or an error. */
static inline int sys_frame_read(int frame, unsigned offset, void *buffer, unsigned length)
{
    return SYSCALL4(SYS_frame_read, frame, offset, buffer, length);
}
/** Copy @p length bytes from @p buffer into the frame's page at @p offset (RIGHT_WRITE;
 *  @p offset + @p length <= 4096). @return 0 or an error. */
static inline int sys_frame_write(int frame, unsigned offset, const void *buffer, unsigned length)
{
    return SYSCALL4(SYS_frame_write, frame, offset, buffer, length);
}

/* Devices: interrupts and I/O ports, from the root task's control capabilities. */
/** Have IRQ @p irq signal @p notification. @return the slot of the IRQ handler cap. */
static inline int sys_irq_handler_create(int irq_control, unsigned irq, int notification)
{
    return SYSCALL3(SYS_irq_handler_create, irq_control, irq, notification);
}
/** Unmask the handler's IRQ again after handling it. */
static inline int sys_irq_ack(int irq_handler) { return SYSCALL1(SYS_irq_ack, irq_handler); }
/** A capability to the ports first_port .. first_port + count - 1. @return its slot. */
static inline int sys_ioport_create(int io_control, unsigned first_port, unsigned count)
{
    return SYSCALL3(SYS_ioport_create, io_control, first_port, count);
}
/** Let the calling task use in/out on the capability's ports. */
static inline int sys_ioport_enable(int io_ports) { return SYSCALL1(SYS_ioport_enable, io_ports); }

/* Saved replies (docs/09-ipc.md): keep several callers waiting, answer them in any order. */
/** Move the reply this thread owes (after a recv of a call or fault) into a new reply
 *  capability. @return its slot, or ERR_NOT_FOUND (no reply owed) or another error. */
static inline int sys_reply_save(void) { return SYSCALL0(SYS_reply_save); }
/** Answer the caller saved in @p reply (RIGHT_WRITE); the capability is used up.
 *  @return 0, or ERR_DEAD if that caller stopped waiting (the capability then stays). */
static inline int sys_reply(int reply, unsigned tag, unsigned word0, unsigned word1,
                            unsigned word2)
{
    return SYSCALL5(SYS_reply, reply, tag, word0, word1, word2);
}

/* Bound notifications: one receive returns a message or the notification's bits. */
/** Bind @p notification (RIGHT_READ) to @p thread (RIGHT_CONTROL): its receives then return
 *  IPC_RECEIVED_NOTIFICATION with the bits in the badge when bits are pending. */
static inline int sys_thread_bind_notification(int thread, int notification)
{
    return SYSCALL2(SYS_thread_bind_notification, thread, notification);
}
/** Undo sys_thread_bind_notification (RIGHT_CONTROL on @p thread). */
static inline int sys_thread_unbind_notification(int thread)
{
    return SYSCALL1(SYS_thread_unbind_notification, thread);
}

/** Set the thread's time slice to @p ticks (TIME_SLICE_MIN_TICKS .. TIME_SLICE_MAX_TICKS). */
static inline int sys_thread_set_time_slice(int thread, unsigned ticks)
{
    return SYSCALL2(SYS_thread_set_time_slice, thread, ticks);
}

/* Quotas: a parent moves kernel-memory quota to and from the children it created. */
/** Raise child @p task's quota by @p bytes, taken from the caller's own. */
static inline int sys_task_quota_give(int task, unsigned bytes)
{
    return SYSCALL2(SYS_task_quota_give, task, bytes);
}
/** Lower child @p task's quota by @p bytes it does not use, back into the caller's. */
static inline int sys_task_quota_take(int task, unsigned bytes)
{
    return SYSCALL2(SYS_task_quota_take, task, bytes);
}

/* Device memory: a page of the VGA window as a frame, mapped with sys_frame_map. */
/** A frame capability (RIGHTS_ALL) for the device page at physical @p paddr (page-aligned,
 *  DEVICE_FRAME_FIRST .. DEVICE_FRAME_END - 1), RIGHT_CONTROL on @p io_control. Its memory is
 *  not zeroed; for VGA_TEXT_PADDR the kernel stops writing to the screen. @return its slot. */
static inline int sys_device_frame_create(int io_control, unsigned paddr)
{
    return SYSCALL2(SYS_device_frame_create, io_control, paddr);
}

/* Looking at tasks, threads and their capabilities (ps, mem, caps): RIGHT_READ, no change. */
/** The number enum task_info_key @p key names about @p task (>= 0), or an error. */
static inline int sys_task_info(int task, unsigned key) { return SYSCALL2(SYS_task_info, task, key); }
/** The number enum thread_info_key @p key names about @p thread (THREAD_INFO_STATE: an enum
 *  thread_state_public), or an error. */
static inline int sys_thread_info(int thread, unsigned key)
{
    return SYSCALL2(SYS_thread_info, thread, key);
}
/** What enum task_cap_info_key @p key names about slot @p slot of @p task's capability space:
 *  TASK_CAP_INFO_IDENTITY (as sys_cap_identify) or TASK_CAP_INFO_BADGE (ERR_INVALID for a
 *  badge >= 2^31). */
static inline int sys_task_cap_info(int task, unsigned slot, unsigned key)
{
    return SYSCALL3(SYS_task_cap_info, task, slot, key);
}

/* Every call in SYSCALL_LIST has a wrapper above: a new call without one fails to compile. */
/* Tracing (kernel/trace.c): mark a point, or pause and resume the trace. */
/** trace_control(TRACE_CONTROL_MARK | _PAUSE | _RESUME, value). @return 0 or an error. */
static inline int sys_trace_control(unsigned operation, unsigned value)
{
    return SYSCALL2(SYS_trace_control, operation, value);
}

static inline void syscall_every_call_has_a_wrapper(void)
{
#define SYSCALL_HAS_WRAPPER(name, number, ...) (void)sys_##name;
    SYSCALL_LIST(SYSCALL_HAS_WRAPPER)
#undef SYSCALL_HAS_WRAPPER
}

#endif
