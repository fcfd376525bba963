/**
 * @file trace.h
 * @brief Kernel trace points: fixed-size binary records, drained through port 0xE9.
 *
 * A trace point is one line: `TRACE(frame_alloc, paddr, in_use, use, task);`. The event
 * names and their fields are listed in trace_events.h. Each record carries the source line
 * of its TRACE call, so a TRACE call must stay on one line. Records go into a ring buffer and leave
 * the machine through the debug port in frames the host decoder (viz/orrery_trace) checks;
 * docs/test-protocol.md describes the framing. Build with TRACE=0 and every trace point
 * compiles to nothing.
 */
#ifndef ORRERY_TRACE_H
#define ORRERY_TRACE_H

#include "trace_events.h"
#include "types.h"

#ifndef ORRERY_TRACE
#define ORRERY_TRACE 1
#endif

#define TRACE_DEBUG_PORT 0xE9
#define TRACE_SYNC_0 0xA5
#define TRACE_SYNC_1 0x5A
#define TRACE_RING_RECORDS 256

/** Event type numbers, from trace_events.h. */
enum trace_event_type {
#define TRACE_EVENT_ENUM(name, id, f0, f1, f2, f3) TRACE_EVENT_##name = id,
    TRACE_EVENT_LIST(TRACE_EVENT_ENUM)
#undef TRACE_EVENT_ENUM
};

/** Boot phase numbers, from trace_events.h. */
enum boot_phase {
#define BOOT_PHASE_ENUM(name, id) BOOT_PHASE_##name = id,
    BOOT_PHASE_LIST(BOOT_PHASE_ENUM)
#undef BOOT_PHASE_ENUM
};

/** How a capability came to be (cap_source records): CAP_OP_copy, ... */
enum trace_cap_op {
#define CAP_OP_ENUM(name, id) CAP_OP_##name = id,
    CAP_OP_LIST(CAP_OP_ENUM)
#undef CAP_OP_ENUM
};

/** Why a capability left its slot (cap_remove records): CAP_REMOVE_delete, ... */
enum trace_cap_remove {
#define CAP_REMOVE_ENUM(name, id) CAP_REMOVE_##name = id,
    CAP_REMOVE_LIST(CAP_REMOVE_ENUM)
#undef CAP_REMOVE_ENUM
};

/** What a physical frame is for (frame_alloc records): FRAME_USE_page_table, ... */
enum frame_use {
#define FRAME_USE_ENUM(name, id) FRAME_USE_##name = id,
    FRAME_USE_LIST(FRAME_USE_ENUM)
#undef FRAME_USE_ENUM
};

/**
 * Expand a names table that mirrors a kernel enum (entries `ENTRY(name, id, CONSTANT)`)
 * into compile-time checks: `THREAD_STATE_LIST(TRACE_TABLE_ASSERT)` where the enum is known.
 */
#define TRACE_TABLE_ASSERT(name, id, constant) \
    _Static_assert((constant) == (id), #constant " must be " #id ", as trace_events.h says");

/** One trace record: exactly the 32-byte payload of a frame on the wire. */
struct trace_record {
    uint16_t type;
    uint16_t flags; /**< the source line of the TRACE call (0: the ring's own `lost` record) */
    uint32_t seq;
    uint64_t timestamp;
    uint32_t args[4];
} __attribute__((packed));

#if ORRERY_TRACE

/** Record one event from source line @p line (use the TRACE macro instead). Safe in any context. */
void trace_emit(enum trace_event_type type, uint32_t line, uint32_t a0, uint32_t a1, uint32_t a2,
                uint32_t a3);
/** Send every buffered record out through the debug port. */
void trace_drain(void);
/** Drain unless automatic draining is off (called from the timer tick and the idle loop). */
void trace_drain_periodic(void);
/** Drain, and make sure nothing is left behind (before halting). */
void trace_flush(void);
/**
 * Turn automatic draining (when the ring is half full) on or off. Off lets a test fill the
 * ring to see overflow handled: dropped records are counted in one `lost` record.
 */
void trace_set_auto_drain(bool enabled);
/** Stop recording (trace_control's pause): trace_emit() counts what it skips. */
void trace_pause(void);
/** Record again. @return how many records were skipped while paused (0 if not paused). */
uint32_t trace_resume(void);

/* __LINE__ goes into the record's flags: the host tools find the trace point by it (sites.py). */
#define TRACE(event, a0, a1, a2, a3)                                                          \
    trace_emit(TRACE_EVENT_##event, __LINE__, (uint32_t)(a0), (uint32_t)(a1), (uint32_t)(a2), \
               (uint32_t)(a3))

#else

static inline void trace_drain(void) {}
static inline void trace_drain_periodic(void) {}
static inline void trace_flush(void) {}
static inline void trace_set_auto_drain(bool enabled) { (void)enabled; }
static inline void trace_pause(void) {}
static inline uint32_t trace_resume(void) { return 0; }
/* Arguments are not evaluated (sizeof), but count as used, so no "unused" warnings. */
#define TRACE(event, a0, a1, a2, a3) ((void)sizeof(((void)(a0), (void)(a1), (void)(a2), (void)(a3), 0)))

#endif

#endif
