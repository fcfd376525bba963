/**
 * @file abi/syscalls.h
 * @brief The system-call ABI: call numbers, register convention, objects and rights.
 *
 * The one header shared by the kernel and user programs (servers/lib/syscall_stubs.h wraps it).
 * docs/syscalls.md describes every call in a table; a test checks that the table and the
 * SYSCALL_LIST below agree.
 *
 * Convention: `int $0x80` with the call number in EAX and up to five arguments in EBX, ECX,
 * EDX, ESI, EDI. The result comes back in EAX: a value >= 0, or a negative ERR_* code
 * (abi/errors.h). Every other register is preserved, except by the calls that receive a
 * message (recv, nb_recv, call, reply_recv): they also return the badge in EBX, the tag in
 * ECX and message words 0..2 in EDX, ESI, EDI (abi/message.h; docs/syscalls.md).
 *
 * Capabilities are named by slot numbers in the calling task's capability space. Slot 0
 * always holds the task's own task capability (CAP_SELF_TASK) and slot 1 the capability of
 * the task's first thread (CAP_SELF_THREAD).
 */
#ifndef ORRERY_ABI_SYSCALLS_H
#define ORRERY_ABI_SYSCALLS_H

#define SYSCALL_VECTOR 0x80

/*
 * SYSCALL(name, number, argument count, argument names...): argument i is in register
 * i of EBX, ECX, EDX, ESI, EDI. Keep one per line: tests read this list (the table in
 * docs/syscalls.md must give these names in this order, kernel/tests/test_syscall_docs.py;
 * and so must the kernel's handlers and the user stubs in servers/lib/syscall_stubs.h,
 * kernel/tests/test_syscall_handlers.py), the kernel builds its dispatch table and its
 * handlers' prototypes from it (kernel/syscall.h), and the user library checks it has a
 * stub for every call.
 */
/* clang-format off */
#define SYSCALL_LIST(SYSCALL) \
    SYSCALL(null, 0, 0)                                                                         \
    SYSCALL(debug_write, 1, 2, buffer, length)                                                  \
    SYSCALL(debug_halt, 2, 1, status)                                                           \
    SYSCALL(debug_info, 3, 1, key)                                                              \
    SYSCALL(yield, 4, 0)                                                                        \
    SYSCALL(sleep, 5, 1, ticks)                                                                 \
    SYSCALL(task_create, 6, 2, quota, name)                                                     \
    SYSCALL(task_map_anon, 7, 4, task, vaddr, pages, flags)                                     \
    SYSCALL(task_write, 8, 4, task, destination, source, length)                                \
    SYSCALL(thread_create, 9, 4, task, entry, stack_top, priority)                              \
    SYSCALL(thread_resume, 10, 1, thread)                                                       \
    SYSCALL(thread_suspend, 11, 1, thread)                                                      \
    SYSCALL(thread_set_priority, 12, 2, thread, priority)                                       \
    SYSCALL(thread_exit, 13, 0)                                                                 \
    SYSCALL(cap_copy, 14, 3, source, task, destination)                                         \
    SYSCALL(cap_mint, 15, 5, source, task, destination, rights, badge)                          \
    SYSCALL(cap_delete, 16, 1, slot)                                                            \
    SYSCALL(cap_revoke, 17, 1, slot)                                                            \
    SYSCALL(cap_identify, 18, 1, slot)                                                          \
    SYSCALL(endpoint_create, 19, 0)                                                             \
    SYSCALL(send, 20, 5, endpoint, tag, word0, word1, word2)                                    \
    SYSCALL(recv, 21, 1, endpoint)                                                              \
    SYSCALL(call, 22, 5, endpoint, tag, word0, word1, word2)                                    \
    SYSCALL(reply_recv, 23, 5, endpoint, tag, word0, word1, word2)                              \
    SYSCALL(nb_send, 24, 5, endpoint, tag, word0, word1, word2)                                 \
    SYSCALL(nb_recv, 25, 1, endpoint)                                                           \
    SYSCALL(notification_create, 26, 0)                                                         \
    SYSCALL(signal, 27, 1, notification)                                                        \
    SYSCALL(wait, 28, 1, notification)                                                          \
    SYSCALL(thread_set_ipc_buffer, 29, 2, thread, vaddr)                                        \
    SYSCALL(thread_set_fault_handler, 30, 2, thread, endpoint)                                  \
    SYSCALL(frame_create, 31, 0)                                                                \
    SYSCALL(frame_map, 32, 4, frame, task, vaddr, flags)                                        \
    SYSCALL(frame_unmap, 33, 1, frame)                                                          \
    SYSCALL(irq_handler_create, 34, 3, irq_control, irq, notification)                          \
    SYSCALL(irq_ack, 35, 1, irq_handler)                                                        \
    SYSCALL(ioport_create, 36, 3, io_control, first_port, count)                                \
    SYSCALL(ioport_enable, 37, 1, io_ports)                                                     \
    SYSCALL(reply_save, 38, 0)                                                                  \
    SYSCALL(reply, 39, 5, reply, tag, word0, word1, word2)                                      \
    SYSCALL(thread_bind_notification, 40, 2, thread, notification)                              \
    SYSCALL(thread_unbind_notification, 41, 1, thread)                                          \
    SYSCALL(thread_set_time_slice, 42, 2, thread, ticks)                                        \
    SYSCALL(task_quota_give, 43, 2, task, bytes)                                                \
    SYSCALL(task_quota_take, 44, 2, task, bytes)                                                \
    SYSCALL(device_frame_create, 45, 2, io_control, paddr)                                      \
    SYSCALL(task_info, 46, 2, task, key)                                                        \
    SYSCALL(thread_info, 47, 2, thread, key)                                                    \
    SYSCALL(task_cap_info, 48, 3, task, slot, key)                                              \
    SYSCALL(trace_control, 49, 2, operation, value)                                             \
    SYSCALL(frame_mapping_bits, 50, 2, frame, clear)                                            \
    SYSCALL(frame_protect, 51, 2, frame, flags)                                                 \
    SYSCALL(frame_copy, 52, 2, destination, source)                                             \
    SYSCALL(frame_read, 53, 4, frame, offset, buffer, length)                                   \
    SYSCALL(frame_write, 54, 4, frame, offset, buffer, length)
/* clang-format on */

/** System call numbers: SYS_null, SYS_debug_write, ... */
enum syscall_number {
#define SYSCALL_ENUM(name, number, ...) SYS_##name = number,
    SYSCALL_LIST(SYSCALL_ENUM)
#undef SYSCALL_ENUM
    SYSCALL_COUNT
};

/** Well-known slots in every task's capability space. */
#define CAP_SELF_TASK 0
#define CAP_SELF_THREAD 1
/** Slots a capability space starts with (one page of them; it grows a page at a time). */
#define CSPACE_SLOTS 64
/** The most slots a capability space can grow to: slot numbers are below this. */
#define CSPACE_MAX_SLOTS 65536

/** Kernel object types, as cap_identify() reports them. */
enum object_type {
    OBJECT_NONE = 0, /**< an empty slot */
    OBJECT_TASK = 1,
    OBJECT_THREAD = 2,
    OBJECT_ENDPOINT = 3,
    OBJECT_NOTIFICATION = 4,
    OBJECT_FRAME = 5,
    OBJECT_IRQ_HANDLER = 6,
    OBJECT_IO_PORTS = 7,
    OBJECT_IRQ_CONTROL = 8,    /**< the right to create IRQ handlers (root task, slot 2) */
    OBJECT_IO_CONTROL = 9,     /**< the right to create I/O port ranges (root task, slot 3) */
    OBJECT_REPLY = 10,         /**< a saved one-shot reply to a caller (reply_save) */
};

/** Slots of the root task's initial capabilities (besides 0 and 1). */
#define CAP_ROOT_IRQ_CONTROL 2
#define CAP_ROOT_IO_CONTROL 3

/** Rights a capability can carry. Minting can only take rights away. */
#define RIGHT_READ 0x1    /**< look at the object (cap_identify needs no right) */
#define RIGHT_WRITE 0x2   /**< change the object: map memory, write memory, set priority */
#define RIGHT_CONTROL 0x4 /**< create things in it, start and stop it */
#define RIGHT_GRANT 0x8   /**< copy or mint this capability into another task */
#define RIGHTS_ALL 0xF
/** The rights of a capability reply_save makes: never RIGHT_GRANT (it stays in its task). */
#define REPLY_RIGHTS (RIGHT_READ | RIGHT_WRITE | RIGHT_CONTROL)

/** Thread priorities: 0 (lowest) .. 31 (highest). */
#define PRIORITY_MIN 0
#define PRIORITY_MAX 31
#define PRIORITY_DEFAULT 10
/** The root task's first thread: the top, so that it can give every priority (no thread may
 *  give one above its own). servers/lib/crt0.S lowers a root task to root_task_priority
 *  (PRIORITY_DEFAULT unless the program says otherwise, servers/lib/runtime.h) before main. */
#define ROOT_TASK_PRIORITY PRIORITY_MAX

/** Time slices (thread_set_time_slice), in timer ticks: 1 .. TIME_SLICE_MAX_TICKS. */
#define TIME_SLICE_MIN_TICKS 1
#define TIME_SLICE_MAX_TICKS 1000

/** Flags for task_map_anon. */
#define MAP_WRITABLE 0x1

/** What debug_info() can report. */
enum debug_info_key {
    DEBUG_INFO_FRAMES_IN_USE = 0, /**< physical frames allocated by the kernel */
    DEBUG_INFO_TICKS = 1,         /**< timer ticks since boot */
    DEBUG_INFO_QUOTA_USED = 2,    /**< bytes of kernel memory charged to the calling task */
    DEBUG_INFO_QUOTA_LIMIT = 3,   /**< the calling task's quota */
    DEBUG_INFO_KERNEL_STACK_PEAK = 4, /**< most bytes of its kernel stack the calling thread used */
    DEBUG_INFO_BOOT_TSC = 5,      /**< TSC ticks from kernel entry to the root task (at most INT32_MAX) */
    DEBUG_INFO_LAST = DEBUG_INFO_BOOT_TSC, /**< the highest key */
};

/** What task_info() can report about a task (RIGHT_READ on its capability). */
enum task_info_key {
    TASK_INFO_ID = 0,           /**< the task's number (task_name trace records use it) */
    TASK_INFO_QUOTA_USED = 1,   /**< bytes of kernel memory charged to the task */
    TASK_INFO_QUOTA_LIMIT = 2,  /**< the task's quota, in bytes */
    TASK_INFO_USER_PAGES = 3,   /**< pages mapped in its user half, its own and shared ones */
    TASK_INFO_THREADS = 4,      /**< threads of the task that have not ended */
    TASK_INFO_CSPACE_SLOTS = 5, /**< slots its capability space has grown to (slots beyond are empty) */
    TASK_INFO_LAST = TASK_INFO_CSPACE_SLOTS, /**< the highest key */
};

/** What thread_info() can report about a thread (RIGHT_READ on its capability). */
enum thread_info_key {
    THREAD_INFO_STATE = 0,    /**< an enum thread_state_public */
    THREAD_INFO_PRIORITY = 1, /**< PRIORITY_MIN .. PRIORITY_MAX */
    THREAD_INFO_TASK_ID = 2,  /**< TASK_INFO_ID of its task (ERR_DEAD once the thread ended) */
    THREAD_INFO_LAST = THREAD_INFO_TASK_ID, /**< the highest key */
};

/** A thread's state as thread_info(THREAD_INFO_STATE) reports it. */
enum thread_state_public {
    THREAD_STATE_RUNNING = 0,              /**< on the CPU: only ever the caller itself */
    THREAD_STATE_READY = 1,                /**< runnable, waiting for the CPU */
    THREAD_STATE_BLOCKED_SEND = 2,         /**< in send or call, waiting for a receiver */
    THREAD_STATE_BLOCKED_RECV = 3,         /**< in recv or reply_recv, waiting for a sender */
    THREAD_STATE_BLOCKED_REPLY = 4,        /**< its call (or fault) was taken, waiting for the reply */
    THREAD_STATE_BLOCKED_NOTIFICATION = 5, /**< in wait on a notification */
    THREAD_STATE_SLEEPING = 6,             /**< in sleep */
    THREAD_STATE_SUSPENDED = 7,            /**< not yet resumed, or stopped by thread_suspend */
    THREAD_STATE_DEAD = 8,                 /**< exited, faulted or killed */
};

/** What task_cap_info() can report about a slot of another task's capability space. */
enum task_cap_info_key {
    TASK_CAP_INFO_IDENTITY = 0, /**< object type | rights << 8, as cap_identify; 0: empty */
    TASK_CAP_INFO_BADGE = 1,    /**< the badge (0: none, or empty); ERR_INVALID if >= 2^31 */
    TASK_CAP_INFO_LAST = TASK_CAP_INFO_BADGE, /**< the highest key */
};

/** The physical pages device_frame_create() may name: the legacy VGA window, page-aligned
 *  addresses from DEVICE_FRAME_FIRST up to (not including) DEVICE_FRAME_END. */
#define DEVICE_FRAME_FIRST 0xA0000u
#define DEVICE_FRAME_END 0xC0000u
/** The VGA text screen: 80 x 25 cells of (character, attribute) bytes, in that window. */
#define VGA_TEXT_PADDR 0xB8000u

/** What trace_control() does (docs/syscalls.md): mark the trace, or pause and resume it. */
enum trace_control_operation {
    TRACE_CONTROL_MARK = 0,   /**< a trace_mark record with the caller's thread and value */
    TRACE_CONTROL_PAUSE = 1,  /**< a trace_paused record, then no records until a resume */
    TRACE_CONTROL_RESUME = 2, /**< records again, first a trace_resumed with how many were skipped */
};

/** Upper bounds that keep every call's work bounded. */
#define DEBUG_WRITE_MAX 256        /**< bytes per debug_write */
#define TASK_WRITE_MAX 65536       /**< bytes per task_write */
#define TASK_MAP_MAX_PAGES 1024    /**< pages per task_map_anon */
#define USER_SPACE_END 0xC0000000u /**< user addresses are below this */
#define USER_SPACE_START 0x1000u   /**< and from here up: page 0 is never mapped, so NULL faults */
#define SLEEP_MAX_TICKS 60000      /**< longest sleep() */

/** Frame mapping rights for frame_map and frame_protect. */
#define FRAME_MAP_WRITABLE 0x1

/** The bits frame_mapping_bits() reports of a frame capability's mapping (its page-table
 *  entry); it clears those of FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY its second argument names. */
#define FRAME_BIT_ACCESSED 0x1 /**< read or written since the bit was last cleared */
#define FRAME_BIT_DIRTY 0x2    /**< written since the bit was last cleared */
#define FRAME_BIT_WRITABLE 0x4 /**< the mapping is writable (frame_map, frame_protect) */

/** IRQ lines user drivers may claim (0 is the kernel's timer, 2 the PIC cascade). */
#define IRQ_USER_FIRST 1
#define IRQ_USER_LAST 15
/** Not claimable either: the FPU's error line (FERR#), which Orrery never uses (CR0.NE is set,
 *  FPU errors are \#MF faults of the thread that caused them). */
#define IRQ_FPU_ERROR 13

/** Ticks per second of the kernel's timer (for sleep()). */
#define TIMER_HZ 1000

#endif
