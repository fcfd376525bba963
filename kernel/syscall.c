/*
 * syscall.c - the system-call table and dispatcher (the common way in is trap_stub_128 in
 * interrupt_stubs.S, which calls the handler from the table itself; the handlers' prototypes
 * are in syscall.h).
 */
#include "syscall.h"
#include "abi/errors.h"
#include "sched.h"
#include "thread.h"
#include "trace.h"

const syscall_handler syscall_table[SYSCALL_COUNT] = {
#define SYSCALL_ENTRY(name, number, ...) [number] = (syscall_handler)syscall_##name,
    SYSCALL_LIST(SYSCALL_ENTRY)
#undef SYSCALL_ENTRY
};

/* Every number 0..SYSCALL_COUNT-1 has a handler: the list has SYSCALL_COUNT entries, none
 * past the table (an initializer out of bounds is an error), and no number twice (bits). */
#define SYSCALL_ONE(name, number, ...) +1
_Static_assert(0 SYSCALL_LIST(SYSCALL_ONE) == SYSCALL_COUNT, "SYSCALL_LIST has gaps or duplicates");
#undef SYSCALL_ONE
#define SYSCALL_BIT(name, number, ...) | (1ull << (number))
_Static_assert((0 SYSCALL_LIST(SYSCALL_BIT)) == (1ull << SYSCALL_COUNT) - 1, "a call number has no handler");
#undef SYSCALL_BIT

const uint32_t syscall_count = SYSCALL_COUNT;

/* trap_stub_128 reloads these registers from the frame by offset (FRAME_* there). */
_Static_assert(__builtin_offsetof(struct trap_frame, edx) == 36, "FRAME_EDX in interrupt_stubs.S");
_Static_assert(__builtin_offsetof(struct trap_frame, ecx) == 40, "FRAME_ECX in interrupt_stubs.S");
_Static_assert(__builtin_offsetof(struct trap_frame, eax) == 44, "FRAME_EAX in interrupt_stubs.S");

#if ORRERY_TRACE
void syscall_trace_entry(const struct trap_frame *frame)
{
    TRACE(syscall_entry, current_thread->object.id, frame->eax, frame->ebx, frame->ecx);
}
#endif

void syscall_finish(struct trap_frame *frame, int32_t result)
{
    if (result != SYSCALL_RESULT_IN_FRAME)
        frame->eax = (uint32_t)result;
    if (current_thread->state != THREAD_DEAD) /* a thread that ended leaves no exit record */
        TRACE(syscall_exit, current_thread->object.id, frame->error_code, frame->eax, 0);
    if (sched_reschedule_needed())
        schedule(SWITCH_PREEMPT);
}

void syscall_unknown(struct trap_frame *frame)
{
    TRACE(syscall_entry, current_thread->object.id, frame->eax, frame->ebx, frame->ecx);
    syscall_finish(frame, ERR_NO_SYSCALL);
}
