/*
 * irq.c - IRQ handler objects and I/O port ranges for user-level drivers.
 */
#include "irq.h"
#include "gdt.h"
#include "abi/errors.h"
#include "abi/syscalls.h"
#include "kmem.h"
#include "memlayout.h"
#include "pic.h"
#include "pmem.h"
#include "string.h"
#include "task.h"
#include "thread.h"
#include "trace.h"


struct kobject irq_control = { .type = OBJECT_IRQ_CONTROL, .cap_count = 1 }; /* ids: roottask_start */
struct kobject io_control = { .type = OBJECT_IO_CONTROL, .cap_count = 1 };
static struct irq_handler *handlers[IRQ_USER_LAST + 1];

struct irq_handler *irq_handler_create(struct task *task, uint32_t irq, struct notification *notification,
                                       uint32_t bits, int *error)
{
    if (irq < IRQ_USER_FIRST || irq > IRQ_USER_LAST || irq == PIC_CASCADE_IRQ || irq == IRQ_FPU_ERROR) {
        *error = ERR_INVALID;
        return NULL;
    }
    if (handlers[irq]) {
        *error = ERR_EXISTS;
        return NULL;
    }
    struct irq_handler *handler = object_create(task, OBJECT_IRQ_HANDLER, sizeof *handler, 0, error);
    if (!handler)
        return NULL;
    handler->irq = irq;
    handler->notification = notification;
    handler->bits = bits;
    object_ref(&notification->object);
    handlers[irq] = handler;
    pic_unmask(irq);
    return handler;
}

void irq_handler_ack(struct irq_handler *handler) { pic_unmask(handler->irq); }

bool irq_deliver_to_user(uint32_t irq)
{
    if (irq > IRQ_USER_LAST || !handlers[irq])
        return false;
    struct irq_handler *handler = handlers[irq];
    pic_mask(irq); /* until the driver acks */
    TRACE(irq_raised, irq, 0, 0, 0);
    TRACE(notification_signal, 0, handler->notification->object.id, handler->bits, handler->notification->bits | handler->bits);
    notification_signal(handler->notification, handler->bits);
    TRACE(irq_delivered, irq, handler->notification->object.id, handler->bits, 0);
    return true;
}

void irq_handler_destroy(struct irq_handler *handler)
{
    pic_mask(handler->irq);
    handlers[handler->irq] = NULL;
    struct notification *notification = handler->notification;
    object_free(&handler->object);
    object_unref(&notification->object);
}

int io_ports_enable(struct task *task, const struct io_ports *ports)
{
    if (!task->io_bitmap) {
        if (quota_charge(task, IO_BITMAP_BYTES))
            return ERR_QUOTA;
        paddr_t first = pmem_alloc_frame_for(FRAME_USE_io_bitmap, task->object.id);
        paddr_t second = pmem_alloc_frame_for(FRAME_USE_io_bitmap, task->object.id);
        if (first == FRAME_NONE || second == FRAME_NONE || second != first + PAGE_SIZE) {
            if (first != FRAME_NONE)
                pmem_free_frame(first);
            if (second != FRAME_NONE)
                pmem_free_frame(second);
            quota_release(task, IO_BITMAP_BYTES);
            return ERR_NO_MEMORY;
        }
        task->io_bitmap = phys_to_virt(first);
        memset(task->io_bitmap, 0xFF, IO_BITMAP_BYTES); /* 1 = port denied */
    }
    for (uint32_t port = ports->first; port < ports->first + ports->count; port++)
        task->io_bitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
    irq_io_bitmap_changed(task);
    return ERR_OK;
}

/* The task whose bitmap the TSS holds a copy of (it may not be the one in use). */
static const struct task *io_bitmap_owner;

void irq_use_io_bitmap(struct task *task)
{
    if (!task || !task->io_bitmap) {
        tss_set_io_bitmap(NULL, false);
        return;
    }
    tss_set_io_bitmap(task->io_bitmap, io_bitmap_owner != task); /* copy only on a change */
    io_bitmap_owner = task;
}

void irq_io_bitmap_changed(struct task *task)
{
    if (io_bitmap_owner == task)
        io_bitmap_owner = NULL;
    if (current_thread->task == task)
        irq_use_io_bitmap(task->destroying ? NULL : task);
}
