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
 */
#ifndef ORRERY_TRACE_EVENTS_H
#define ORRERY_TRACE_EVENTS_H

/* clang-format off */
#define TRACE_EVENT_LIST(TRACE_EVENT) \
    TRACE_EVENT(lost,          1, "count", "", "", "") \
    TRACE_EVENT(boot_phase,    2, "phase_name", "", "", "") \
    TRACE_EVENT(mmap_entry,    3, "base", "length", "mem_type", "") \
    TRACE_EVENT(module,        4, "start", "end", "index", "") \
    TRACE_EVENT(frame_alloc,   5, "paddr", "frames_in_use", "", "") \
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
    TRACE_EVENT(trace_resumed, 37, "thread", "skipped", "", "")

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
/* clang-format on */

#endif
