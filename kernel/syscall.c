/*
 * syscall.c - the system-call table and dispatcher.
 */
#include "syscall.h"
#include "abi/errors.h"
#include "sched.h"
#include "thread.h"
#include "trace.h"

typedef int32_t (*syscall_handler)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

static const syscall_handler syscall_table[SYSCALL_COUNT] = {
#define SYSCALL_ENTRY(name, number, ...) [number] = syscall_##name,
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


void syscall_entry(struct trap_frame *frame)
{
    uint32_t number = frame->eax;
    TRACE(syscall_entry, current_thread->id, number, frame->ebx, frame->ecx);
    int32_t result = ERR_NO_SYSCALL;
    if (number < SYSCALL_COUNT)
        result = syscall_table[number](frame->ebx, frame->ecx, frame->edx, frame->esi, frame->edi);
    if (result != SYSCALL_RESULT_IN_FRAME)
        frame->eax = (uint32_t)result;
    if (current_thread->state != THREAD_DEAD) /* a thread that ended leaves no exit record */
        TRACE(syscall_exit, current_thread->id, number, frame->eax, 0);
    if (sched_reschedule_needed())
        schedule(SWITCH_PREEMPT);
}
