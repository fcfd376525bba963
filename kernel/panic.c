/*
 * panic.c - the kernel's last words: message, exception, registers, backtrace.
 */
#include "panic.h"
#include <stdarg.h>
#include "abi/errors.h"
#include "abi/message.h"
#include "console.h"
#include "exception.h"
#include "segments.h"
#include "machine.h"
#include "memlayout.h"
#include "probe.h"
#include "symbols.h"
#include "trap_frame.h"
#include "x86.h"

#define BACKTRACE_MAX_FRAMES 16

static bool panicking;

static void panic_begin(void)
{
    cpu_disable_interrupts();
    if (panicking) {
        /* A panic inside the panic report: say so briefly and stop. */
        kprintf("\n(nested panic: stopping)\n");
        machine_halt(HALT_PANIC);
    }
    panicking = true;
    kprintf("\n======== KERNEL PANIC ========\n");
}

static void panic_end(void) NORETURN;
static void panic_end(void)
{
    kprintf("======== END OF PANIC ========\n");
    machine_halt(HALT_PANIC);
}

static void print_code_address(int index, uint32_t address, uint32_t lookup_address)
{
    uint32_t offset = 0;
    const char *name = symbol_lookup(lookup_address, &offset);
    if (name)
        kprintf("  #%d 0x%08x %s+0x%x\n", index, address, name, offset + (address - lookup_address));
    else
        kprintf("  #%d 0x%08x ??\n", index, address);
}

/* A frame pointer we may follow: inside the kernel's half, aligned. */
static bool frame_pointer_plausible(uint32_t ebp)
{
    return ebp >= KERNEL_BASE && IS_ALIGNED(ebp, 4) && ebp < 0xFFFFFFF0u;
}

/* Frame #0 is @eip; when it is a return address, look up the call before it. */
static void backtrace_from(uint32_t eip, bool eip_is_return_address, uint32_t ebp)
{
    kprintf("backtrace:\n");
    print_code_address(0, eip, eip_is_return_address ? eip - 1 : eip);
    for (int index = 1; index < BACKTRACE_MAX_FRAMES && frame_pointer_plausible(ebp); index++) {
        /* A frame is the caller's saved EBP, then the return address. */
        const volatile uint32_t *frame = (const volatile uint32_t *)ebp;
        uint32_t saved_ebp, return_address;
        if (probe_read_u32(&frame[0], &saved_ebp) != ERR_OK ||
            probe_read_u32(&frame[1], &return_address) != ERR_OK) {
            kprintf("  (stopped: frame pointer 0x%08x is not mapped)\n", ebp);
            break;
        }
        if (return_address < KERNEL_BASE)
            break;
        /* Look up the call instruction, not the instruction after it. */
        print_code_address(index, return_address, return_address - 1);
        if (saved_ebp <= ebp)
            break; /* frames must move up the stack */
        ebp = saved_ebp;
    }
}

void backtrace_print(uint32_t eip, uint32_t ebp) { backtrace_from(eip, false, ebp); }

void panic(const char *fmt, ...)
{
    panic_begin();
    va_list args;
    va_start(args, fmt);
    kprintf("panic: ");
    kvprintf(fmt, args);
    kprintf("\n");
    va_end(args);
    /* Start at our caller: its return address, and the frame pointer it saved. */
    backtrace_from((uint32_t)__builtin_return_address(0), true, *(const uint32_t *)read_ebp());
    panic_end();
}

static void print_page_fault_cause(uint32_t error_code)
{
    kprintf(" (%s, %s, %s)", error_code & FAULT_ACCESS_WRITE ? "write" : "read",
            error_code & FAULT_ACCESS_USER ? "user" : "supervisor",
            error_code & FAULT_ACCESS_PRESENT ? "protection violation" : "not present");
}

/* The report's lines for a CPU exception: what happened, where in memory, the registers. */
static void print_exception(const struct trap_frame *frame, uint32_t esp, uint32_t ss,
                            uint32_t fault_address)
{
    kprintf("panic: %s in %s mode\n", exception_name(frame->vector),
            frame->cs & 3 ? "user" : "kernel");
    kprintf("exception: vector %u (%s), error code 0x%08x", frame->vector,
            exception_name(frame->vector), frame->error_code);
    if (frame->vector == VECTOR_PAGE_FAULT)
        print_page_fault_cause(frame->error_code);
    kprintf("\n");
    if (frame->vector == VECTOR_PAGE_FAULT || frame->vector == VECTOR_DOUBLE_FAULT)
        kprintf("faulting address (cr2): 0x%08x\n", fault_address);
    kprintf("eax=%08x ebx=%08x ecx=%08x edx=%08x\n", frame->eax, frame->ebx, frame->ecx, frame->edx);
    kprintf("esi=%08x edi=%08x ebp=%08x esp=%08x\n", frame->esi, frame->edi, frame->ebp, esp);
    kprintf("eip=%08x eflags=%08x cs=%04x ds=%04x ss=%04x\n", frame->eip, frame->eflags,
            frame->cs & 0xFFFF, frame->ds & 0xFFFF, ss & 0xFFFF);
}

void panic_from_trap(const struct trap_frame *frame, uint32_t fault_address)
{
    panic_begin();
    /* In kernel mode the CPU pushes no esp: the old stack top is where user_esp would be. */
    print_exception(frame, (uint32_t)&frame->user_esp, SEL_KERNEL_DATA, fault_address);
    backtrace_print(frame->eip, frame->ebp);
    panic_end();
}

/* Delivering an exception pushes up to 16 bytes below ESP: is anything mapped there? */
static bool stack_has_room(uint32_t esp)
{
    uint32_t word;
    return probe_read_u32((const volatile uint32_t *)(esp - 4), &word) == ERR_OK &&
           probe_read_u32((const volatile uint32_t *)(esp - 16), &word) == ERR_OK;
}

void panic_from_double_fault(const struct trap_frame *frame, uint32_t fault_address,
                             uint32_t kernel_esp, const char *diagnosis)
{
    panic_begin();
    print_exception(frame, frame->user_esp, frame->user_ss, fault_address);
    if (diagnosis)
        kprintf("%s\n", diagnosis);
    if (!stack_has_room(kernel_esp))
        kprintf("kernel stack pointer looks bad (overflow?): nothing is mapped just below 0x%08x\n",
                kernel_esp);
    backtrace_print(frame->eip, frame->ebp);
    panic_end();
}
