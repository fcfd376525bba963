/*
 * double_fault.c - the task that runs on a double fault, on a stack of its own, so that a
 * bad kernel stack still ends in a readable panic report instead of a silent reset.
 */
#include "double_fault.h"
#include "format.h"
#include "kstack.h"
#include "memlayout.h"
#include "panic.h"
#include "task.h"
#include "thread.h"
#include "trace.h"
#include "trap_frame.h"
#include "x86.h"

#define DOUBLE_FAULT_STACK_SIZE PAGE_SIZE
#define EFLAGS_ALWAYS_ONE 0x2 /* bit 1; IF stays clear, so interrupts are off */

static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_SIZE] __attribute__((aligned(16)));
static struct tss double_fault_tss;

/* A thread's kernel stack that ran into its guard page is the usual cause: say whose. */
static const char *diagnose(uint32_t fault_address)
{
    static char line[160];
    const struct thread *owner = kstack_guard_owner(fault_address);
    if (!owner)
        return NULL;
    ksnprintf(line, sizeof line, "kernel stack overflow: thread %u (task %s) ran off the bottom "
              "of its %u-byte kernel stack into the guard page below it", owner->object.id,
              owner->task ? owner->task->name : "none", KSTACK_SIZE);
    return line;
}

/*
 * The double-fault task. The CPU switched here through the task gate of vector 8: it saved
 * the registers of the code that faulted in the main TSS, then pushed the error code
 * (always 0) on our stack, where this function takes it for a return address it never uses.
 * There is nothing to return to: that code's stack is, most likely, what failed.
 */
static NORETURN void double_fault_task_main(void)
{
    uint32_t fault_address = read_cr2(); /* first: a fault in the report would change it */
    const struct tss *interrupted = gdt_main_tss();
    struct trap_frame frame = {
        .gs = interrupted->gs, .fs = interrupted->fs, .es = interrupted->es, .ds = interrupted->ds,
        .edi = interrupted->edi, .esi = interrupted->esi, .ebp = interrupted->ebp,
        .esp_at_pusha = interrupted->esp, .ebx = interrupted->ebx, .edx = interrupted->edx,
        .ecx = interrupted->ecx, .eax = interrupted->eax,
        .vector = VECTOR_DOUBLE_FAULT, .error_code = 0,
        .eip = interrupted->eip, .cs = interrupted->cs, .eflags = interrupted->eflags,
        .user_esp = interrupted->esp, .user_ss = interrupted->ss,
    };
    /* From user mode, the CPU was pushing onto the thread's kernel stack (esp0). */
    uint32_t kernel_esp = (interrupted->cs & 3) ? interrupted->esp0 : interrupted->esp;
    TRACE(exception, VECTOR_DOUBLE_FAULT, 0, frame.eip, fault_address);
    panic_from_double_fault(&frame, fault_address, kernel_esp, diagnose(fault_address));
}

const struct tss *double_fault_task_init(void)
{
    double_fault_tss = (struct tss){
        .cr3 = read_cr3(),
        .eip = (uint32_t)double_fault_task_main,
        .eflags = EFLAGS_ALWAYS_ONE,
        .esp = (uint32_t)double_fault_stack + sizeof double_fault_stack,
        .ebp = 0, /* ends the backtrace of a panic inside the report */
        .cs = SEL_KERNEL_CODE,
        .ss = SEL_KERNEL_DATA,
        .ds = SEL_KERNEL_DATA,
        .es = SEL_KERNEL_DATA,
        .fs = SEL_KERNEL_DATA,
        .gs = SEL_KERNEL_DATA,
    };
    return &double_fault_tss;
}

void double_fault_use_page_directory(const pte_t *page_directory)
{
    double_fault_tss.cr3 = virt_to_phys(page_directory);
}
