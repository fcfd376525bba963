/*
 * pic.c - the 8259A PIC pair: remapping, masking and end-of-interrupt.
 */
#include "pic.h"
#include "trap_frame.h"
#include "x86.h"

#define PIC_MASTER_COMMAND 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_COMMAND 0xA0
#define PIC_SLAVE_DATA 0xA1
#define PIC_ICW1_INIT_WITH_ICW4 0x11
#define PIC_ICW4_8086 0x01
#define PIC_EOI 0x20

static uint16_t irq_mask = 0xFFFF;

static void pic_write_mask(void)
{
    outb(PIC_MASTER_DATA, irq_mask & 0xFF);
    outb(PIC_SLAVE_DATA, irq_mask >> 8);
}

void pic_init(void)
{
    outb(PIC_MASTER_COMMAND, PIC_ICW1_INIT_WITH_ICW4);
    outb(PIC_SLAVE_COMMAND, PIC_ICW1_INIT_WITH_ICW4);
    outb(PIC_MASTER_DATA, IRQ_BASE_VECTOR);     /* ICW2: vector offset */
    outb(PIC_SLAVE_DATA, IRQ_BASE_VECTOR + 8);
    outb(PIC_MASTER_DATA, 1 << PIC_CASCADE_IRQ); /* ICW3: slave on IRQ 2 */
    outb(PIC_SLAVE_DATA, PIC_CASCADE_IRQ);
    outb(PIC_MASTER_DATA, PIC_ICW4_8086);
    outb(PIC_SLAVE_DATA, PIC_ICW4_8086);
    irq_mask = 0xFFFF & ~(1u << PIC_CASCADE_IRQ);
    pic_write_mask();
}

void pic_unmask(unsigned irq)
{
    irq_mask &= (uint16_t)~(1u << irq);
    pic_write_mask();
}

void pic_mask(unsigned irq)
{
    irq_mask |= (uint16_t)(1u << irq);
    pic_write_mask();
}

void pic_end_of_interrupt(unsigned irq)
{
    if (irq >= 8)
        outb(PIC_SLAVE_COMMAND, PIC_EOI);
    outb(PIC_MASTER_COMMAND, PIC_EOI);
}
