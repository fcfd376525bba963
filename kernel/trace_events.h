/**
 * @file trace_events.h
 * @brief The list of Orrery trace events and boot phases: the one place that defines them.
 *
 * Both the kernel and the host tools read this file. The kernel expands the X-macros below
 * into enums; the host decoder (viz/orrery_trace) parses the same lines with a regular
 * expression, so the two can never disagree. Keep each entry on one line, in the form
 *
 *     TRACE_EVENT(name, id, "field0", "field1", "field2", "field3")
 *
 * where the four strings name the record's four 32-bit arguments ("" for an unused one).
 * A field name ending in "_name" marks an argument that is an index into a names table
 * defined below (for example BOOT_PHASE); the decoder turns it into the name. Fields
 * named "name_text" hold four characters each (little-endian, NUL-padded); the decoder
 * joins consecutive ones into one string field "name".
 *
 * A names table entry is `ENTRY(name, id)` or `ENTRY(name, id, CONSTANT)`: with a third
 * argument, trace.c checks at compile time that the kernel's enum constant CONSTANT equals
 * id, so a table that mirrors an enum (OBJECT_TYPE, THREAD_STATE) cannot drift from it
 * (kernel/tests/test_trace_tables.py checks that every constant of the enum is listed).
 *
 * Every record's 16-bit flags field holds the source line of its TRACE call (__LINE__);
 * the decoders call it "line", and viz/orrery_trace/sites.py maps (event, line) to the
 * file and function of the trace point. So keep each TRACE call on one line, and at most
 * one TRACE call of an event per source line.
 *
 * Ids: threads, tasks, endpoints, notifications, replies and every other kernel object
 * are named in records by the one id struct kobject carries (object.h), from one counter.
 */
#ifndef ORRERY_TRACE_EVENTS_H
#define ORRERY_TRACE_EVENTS_H

/* clang-format off */
#define TRACE_EVENT_LIST(TRACE_EVENT) \
    TRACE_EVENT(lost,          1, "count", "", "", "") \
    TRACE_EVENT(boot_phase,    2, "phase_name", "", "", "") \
    TRACE_EVENT(mmap_entry,    3, "base", "length", "mem_type", "") \
    TRACE_EVENT(module,        4, "start", "end", "index", "") \
    TRACE_EVENT(frame_alloc,   5, "paddr", "frames_in_use", "use_name", "task") \
    TRACE_EVENT(frame_free,    6, "paddr", "frames_in_use", "", "") \
    TRACE_EVENT(exception,     7, "vector", "error_code", "eip", "cr2") \
    TRACE_EVENT(kernel_image,  8, "start", "end", "", "") \
    TRACE_EVENT(ktest_begin,   9, "nonce", "", "", "") \
    TRACE_EVENT(ktest_check,  10, "check", "expected", "seen", "passed") \
    TRACE_EVENT(ktest_end,    11, "nonce", "failures", "", "") \
    TRACE_EVENT(pmem_ready,   12, "usable_frames", "free_frames", "frames_in_use", "") \
    TRACE_EVENT(syscall_entry, 13, "thread", "number", "arg0", "arg1") \
    TRACE_EVENT(syscall_exit,  14, "thread", "number", "result", "") \
    TRACE_EVENT(context_switch, 15, "from_thread", "to_thread", "reason", "") \
    TRACE_EVENT(sched_pick,   16, "thread", "priority", "", "") \
    TRACE_EVENT(thread_create, 17, "thread", "task", "priority", "") \
    TRACE_EVENT(thread_exit,  18, "thread", "reason", "", "") \
    TRACE_EVENT(thread_name,  19, "thread", "name_text", "name_text", "name_text") \
    TRACE_EVENT(task_name,    20, "task", "name_text", "name_text", "name_text") \
    TRACE_EVENT(user_fault,   21, "thread", "vector", "eip", "address") \
    TRACE_EVENT(ipc_send,     22, "thread", "endpoint", "msg", "tag") \
    TRACE_EVENT(ipc_recv,     23, "thread", "from_thread", "msg", "badge") \
    TRACE_EVENT(ipc_reply,    24, "thread", "to_thread", "msg", "tag") \
    TRACE_EVENT(page_fault,   25, "thread", "address", "eip", "access") \
    TRACE_EVENT(fault_delivered, 26, "thread", "endpoint", "msg", "address") \
    TRACE_EVENT(irq_raised,   27, "irq", "", "", "") \
    TRACE_EVENT(irq_delivered, 28, "irq", "notification", "bits", "") \
    TRACE_EVENT(reply_saved,  29, "thread", "caller", "reply", "") \
    TRACE_EVENT(reply_stale,  30, "caller", "reply", "", "") \
    TRACE_EVENT(notification_bind, 31, "thread", "notification", "bound", "") \
    TRACE_EVENT(notification_recv, 32, "thread", "notification", "bits", "") \
    TRACE_EVENT(thread_time_slice, 33, "thread", "ticks", "", "") \
    TRACE_EVENT(quota_transfer, 34, "from_task", "to_task", "bytes", "child_limit") \
    TRACE_EVENT(trace_mark,   35, "thread", "value", "", "") \
    TRACE_EVENT(trace_paused, 36, "thread", "", "", "") \
    TRACE_EVENT(trace_resumed, 37, "thread", "skipped", "", "") \
    TRACE_EVENT(object_create, 38, "object", "type_name", "task", "") \
    TRACE_EVENT(object_destroy, 39, "object", "type_name", "", "") \
    TRACE_EVENT(task_create,  40, "task", "parent", "quota", "") \
    TRACE_EVENT(task_destroy, 41, "task", "", "", "") \
    TRACE_EVENT(cap_install,  42, "task", "slot", "object", "rights") \
    TRACE_EVENT(cap_source,   43, "op_name", "badge", "from_task", "from_slot") \
    TRACE_EVENT(cap_remove,   44, "task", "slot", "object", "remove_name") \
    TRACE_EVENT(cap_revoke,   45, "task", "slot", "removed", "") \
    TRACE_EVENT(page_map,     46, "task", "vaddr", "paddr", "writable") \
    TRACE_EVENT(page_unmap,   47, "task", "vaddr", "paddr", "") \
    TRACE_EVENT(thread_state, 48, "thread", "state_name", "object", "") \
    TRACE_EVENT(notification_signal, 49, "thread", "notification", "bits", "bits_now") \
    TRACE_EVENT(ipc_words,    50, "msg", "word0", "word1", "word2") \
    TRACE_EVENT(ipc_cap,      51, "msg", "task", "slot", "object") \
    TRACE_EVENT(page_protect, 52, "task", "vaddr", "paddr", "writable") \
    TRACE_EVENT(page_bits,    53, "task", "vaddr", "bits", "cleared") \
    TRACE_EVENT(frame_copy,   54, "to_paddr", "from_paddr", "to_frame", "from_frame") \
    TRACE_EVENT(frame_read,   55, "paddr", "offset", "length", "frame") \
    TRACE_EVENT(frame_write,  56, "paddr", "offset", "length", "frame")

/** Boot phases, in the order the kernel passes through them. */
#define BOOT_PHASE_LIST(BOOT_PHASE) \
    BOOT_PHASE(entered_kmain,   0) \
    BOOT_PHASE(console_ready,   1) \
    BOOT_PHASE(cpu_tables_ready, 2) \
    BOOT_PHASE(memory_map_read, 3) \
    BOOT_PHASE(frames_ready,    4) \
    BOOT_PHASE(paging_ready,    5) \
    BOOT_PHASE(kmem_ready,      6) \
    BOOT_PHASE(modules_checked, 7) \
    BOOT_PHASE(interrupts_on,   8) \
    BOOT_PHASE(boot_complete,   9)

/** Object types (object_create's type), mirroring enum object_type of abi/syscalls.h. */
#define OBJECT_TYPE_LIST(OBJECT_TYPE) \
    OBJECT_TYPE(none,         0, OBJECT_NONE) \
    OBJECT_TYPE(task,         1, OBJECT_TASK) \
    OBJECT_TYPE(thread,       2, OBJECT_THREAD) \
    OBJECT_TYPE(endpoint,     3, OBJECT_ENDPOINT) \
    OBJECT_TYPE(notification, 4, OBJECT_NOTIFICATION) \
    OBJECT_TYPE(frame,        5, OBJECT_FRAME) \
    OBJECT_TYPE(irq_handler,  6, OBJECT_IRQ_HANDLER) \
    OBJECT_TYPE(io_ports,     7, OBJECT_IO_PORTS) \
    OBJECT_TYPE(irq_control,  8, OBJECT_IRQ_CONTROL) \
    OBJECT_TYPE(io_control,   9, OBJECT_IO_CONTROL) \
    OBJECT_TYPE(reply,       10, OBJECT_REPLY)

/**
 * Thread states (thread_state records), mirroring the kernel's enum thread_state
 * (thread.h). The record's object is what the thread waits on: the endpoint (blocked_send,
 * blocked_recv), the notification (blocked_notify), the thread that took its call
 * (blocked_reply); 0 otherwise. Every change is traced but one: a thread starts running
 * at the context_switch whose to_thread it is (a thread_state for it would double every
 * switch), and stops at the thread_state that follows (ready, blocked...).
 */
#define THREAD_STATE_LIST(THREAD_STATE) \
    THREAD_STATE(suspended,      0, THREAD_SUSPENDED) \
    THREAD_STATE(ready,          1, THREAD_READY) \
    THREAD_STATE(running,        2, THREAD_RUNNING) \
    THREAD_STATE(sleeping,       3, THREAD_SLEEPING) \
    THREAD_STATE(blocked_send,   4, THREAD_BLOCKED_SEND) \
    THREAD_STATE(blocked_recv,   5, THREAD_BLOCKED_RECV) \
    THREAD_STATE(blocked_reply,  6, THREAD_BLOCKED_REPLY) \
    THREAD_STATE(blocked_notify, 7, THREAD_BLOCKED_NOTIFY) \
    THREAD_STATE(dead,           8, THREAD_DEAD)

/**
 * How a capability came to be (cap_source, right after its cap_install): boot (the kernel
 * gave the root task its first capabilities), create (a system call made the object and
 * gave its creator the capability), self (a task's own slot 0, a task's first thread in
 * slot 1), copy, mint (cap_copy, cap_mint), transfer (travelled with a message),
 * reply_save (the saved reply of reply_save).
 */
#define CAP_OP_LIST(CAP_OP) \
    CAP_OP(boot,       0) \
    CAP_OP(create,     1) \
    CAP_OP(self,       2) \
    CAP_OP(copy,       3) \
    CAP_OP(mint,       4) \
    CAP_OP(transfer,   5) \
    CAP_OP(reply_save, 6)

/**
 * Why a capability left its slot (cap_remove): delete (cap_delete), revoke (a revoke of an
 * ancestor, after its cap_revoke record), task_destroyed (its task was torn down), used
 * (a saved reply, consumed by reply).
 */
#define CAP_REMOVE_LIST(CAP_REMOVE) \
    CAP_REMOVE(delete,         0) \
    CAP_REMOVE(revoke,         1) \
    CAP_REMOVE(task_destroyed, 2) \
    CAP_REMOVE(used,           3)

/**
 * What a physical frame is for (frame_alloc's use; its task is who it serves, 0 for the
 * kernel itself): kernel (the kernel's own tables), page_directory, page_table, cspace (a
 * page of capability slots), slab (kmem's object memory), kernel_stack, user_page (a page
 * of a task's own memory, task_map_anon and boot images), frame_object (frame_create's
 * frame, owned by its creator), io_bitmap (a task's I/O permission bitmap).
 */
#define FRAME_USE_LIST(FRAME_USE) \
    FRAME_USE(kernel,         0) \
    FRAME_USE(page_directory, 1) \
    FRAME_USE(page_table,     2) \
    FRAME_USE(cspace,         3) \
    FRAME_USE(slab,           4) \
    FRAME_USE(kernel_stack,   5) \
    FRAME_USE(user_page,      6) \
    FRAME_USE(frame_object,   7) \
    FRAME_USE(io_bitmap,      8)
/* clang-format on */

#endif
