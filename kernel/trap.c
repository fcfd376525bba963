/*
 * trap.c - what happens after an interrupt or exception enters the kernel.
 *
 * Hardware interrupts go to the kernel's handler registered for their IRQ line (the timer)
 * or, for a line a user-level driver has claimed, to the driver's notification (irq.h).
 * A CPU exception in user mode goes to fault.c: a fault message to the thread's fault
 * handler, or, if it has none, the thread is killed; all but the #NM of a thread's first FPU instruction
 * after a switch, which hands it the FPU (thread_take_fpu, fpu.h). FPU errors are faults too: #MF, #XM.
 * A CPU exception in the kernel is either expected (a memory probe, see probe.h, which we
 * resume at its fixup address) or a bug, and a bug is a panic with a full report.
 */
#include "trap.h"
#include "console.h"
#include "fault.h"
#include "panic.h"
#include "pic.h"
#include "ipc.h"
#include "irq.h"
#include "probe.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "trace.h"
#include "x86.h"

static irq_handler_fn irq_handlers[IRQ_COUNT];

void irq_register(unsigned irq, irq_handler_fn handler)
{
    irq_handlers[irq] = handler;
    pic_unmask(irq);
}

static void handle_irq(struct trap_frame *frame)
{
    unsigned irq = frame->vector - IRQ_BASE_VECTOR;
    pic_end_of_interrupt(irq);
    if (irq_handlers[irq])
        irq_handlers[irq](frame);
    else
        irq_deliver_to_user(irq);
}

static void handle_exception(struct trap_frame *frame)
{
    uint32_t fault_address = frame->vector == VECTOR_PAGE_FAULT ? read_cr2() : 0;
    TRACE(exception, frame->vector, frame->error_code, frame->eip, fault_address);

    if (frame->cs & 3) {
        if (frame->vector == VECTOR_DEVICE_NOT_AVAILABLE && thread_take_fpu(current_thread))
            return; /* the thread has its own FPU registers now: retry the instruction */
        fault_handle_user(frame, fault_address);
        return;
    }
    if (probe_fixup(frame))
        return;
    panic_from_trap(frame, fault_address); /* an exception in the kernel is a kernel bug */
}

void trap_dispatch(struct trap_frame *frame)
{
    if (frame->vector < EXCEPTION_COUNT)
        handle_exception(frame);
    else if (frame->vector < IRQ_BASE_VECTOR + IRQ_COUNT)
        handle_irq(frame);
    else
        kprintf("orrery: unexpected interrupt vector %u ignored\n", frame->vector);

    /* On the way back to user mode: give way if a better thread is ready. */
    if ((frame->cs & 3) && sched_reschedule_needed())
        schedule(SWITCH_PREEMPT);
}
