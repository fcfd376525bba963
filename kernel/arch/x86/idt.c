/*
 * idt.c - the Interrupt Descriptor Table: which stub runs for which vector.
 *
 * Every vector enters through an interrupt gate on the current stack, except the double
 * fault: a task gate, so that it runs on a stack of its own (double_fault.c).
 */
#include "abi/syscalls.h"
#include "gdt.h"
#include "trap.h"

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t zero;
    uint8_t type_attributes;
    uint16_t offset_high;
} __attribute__((packed));

struct idt_pointer {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

#define GATE_PRESENT 0x80
#define GATE_INTERRUPT_32BIT 0x0E /* clears IF on entry */
#define GATE_TASK 0x05            /* switches to the task whose TSS the selector names */
#define STUB_COUNT (EXCEPTION_COUNT + IRQ_COUNT)

extern const uint32_t trap_stub_table[STUB_COUNT];
static struct idt_gate idt[TRAP_VECTOR_COUNT];

#define GATE_USER_CALLABLE 0x60 /* DPL 3: `int $n` allowed from user mode */

extern const char trap_stub_128[];

static void idt_set_gate(unsigned vector, uint32_t handler, uint8_t privilege)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = SEL_KERNEL_CODE,
        .zero = 0,
        .type_attributes = GATE_PRESENT | GATE_INTERRUPT_32BIT | privilege,
        .offset_high = handler >> 16,
    };
}

/* A task gate has no handler address: the TSS says where the task runs. */
static void idt_set_task_gate(unsigned vector, uint16_t tss_selector)
{
    idt[vector] = (struct idt_gate){
        .selector = tss_selector,
        .type_attributes = GATE_PRESENT | GATE_TASK,
    };
}

void idt_init(void)
{
    for (unsigned vector = 0; vector < STUB_COUNT; vector++)
        idt_set_gate(vector, trap_stub_table[vector], 0);
    /* System calls: an interrupt gate too, so the whole kernel runs with interrupts off. */
    idt_set_gate(SYSCALL_VECTOR, (uint32_t)trap_stub_128, GATE_USER_CALLABLE);
    /*
     * A double fault often means the stack is unusable (a fault could not be delivered on
     * it), so trap_stub_8 could not run either: switch to the double-fault task instead.
     */
    idt_set_task_gate(VECTOR_DOUBLE_FAULT, SEL_DOUBLE_FAULT_TSS);
    struct idt_pointer pointer = { sizeof idt - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" : : "m"(pointer));
}
