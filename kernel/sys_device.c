/*
 * sys_device.c - the system calls for memory and devices: frame_create, frame_map,
 * frame_unmap, irq_handler_create, irq_ack, ioport_create, ioport_enable.
 */
#include "abi/errors.h"
#include "frame.h"
#include "irq.h"
#include "notification.h"
#include "syscall.h"
#include "task.h"

#define IO_PORT_LIMIT 0x10000u

static int32_t install_new(struct kobject *object, int error, int slot)
{
    if (!object)
        return error;
    cap_install(current_task(), (uint32_t)slot, object, RIGHTS_ALL, 0, NULL);
    return slot;
}

SYSCALL_HANDLER(frame_create)
{
    int slot = cap_find_free_slot(current_task()), error = ERR_OK;
    if (slot < 0)
        return slot;
    struct frame *frame = frame_create(current_task(), &error);
    return install_new(frame ? &frame->object : NULL, error, slot);
}

/* frame_map(frame_slot, task_slot, vaddr, flags) */
SYSCALL_HANDLER(frame_map)
{
    if (a3 & ~FRAME_MAP_WRITABLE)
        return ERR_INVALID;
    bool writable = a3 & FRAME_MAP_WRITABLE;
    struct capability *frame_cap, *task_cap;
    int error = cap_lookup(current_task(), a0, OBJECT_FRAME, writable ? RIGHT_WRITE : RIGHT_READ, &frame_cap);
    if (!error)
        error = cap_lookup(current_task(), a1, OBJECT_TASK, RIGHT_WRITE, &task_cap);
    if (error)
        return error;
    return frame_map(frame_cap, (struct task *)task_cap->object, a2, writable);
}

SYSCALL_HANDLER(frame_unmap)
{
    struct capability *frame_cap;
    int error = cap_lookup(current_task(), a0, OBJECT_FRAME, 0, &frame_cap);
    return error ? error : frame_unmap(frame_cap);
}

/* irq_handler_create(irq_control_slot, irq, notification_slot) */
SYSCALL_HANDLER(irq_handler_create)
{
    struct capability *control, *notification_cap;
    int error = cap_lookup(current_task(), a0, OBJECT_IRQ_CONTROL, RIGHT_CONTROL, &control);
    if (!error)
        error = cap_lookup(current_task(), a2, OBJECT_NOTIFICATION, RIGHT_WRITE, &notification_cap);
    if (error)
        return error;
    int slot = cap_find_free_slot(current_task());
    if (slot < 0)
        return slot;
    uint32_t bits = notification_cap->badge ? notification_cap->badge : 1u << (a1 & 31);
    struct irq_handler *handler = irq_handler_create(
        current_task(), a1, (struct notification *)notification_cap->object, bits, &error);
    return install_new(handler ? &handler->object : NULL, error, slot);
}

SYSCALL_HANDLER(irq_ack)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), a0, OBJECT_IRQ_HANDLER, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    irq_handler_ack((struct irq_handler *)cap->object);
    return ERR_OK;
}

/* ioport_create(io_control_slot, first_port, count) */
SYSCALL_HANDLER(ioport_create)
{
    struct capability *control;
    int error = cap_lookup(current_task(), a0, OBJECT_IO_CONTROL, RIGHT_CONTROL, &control);
    if (error)
        return error;
    if (a2 == 0 || a1 >= IO_PORT_LIMIT || a2 > IO_PORT_LIMIT - a1)
        return ERR_INVALID;
    int slot = cap_find_free_slot(current_task());
    if (slot < 0)
        return slot;
    struct io_ports *ports = object_create(current_task(), OBJECT_IO_PORTS, sizeof *ports, 0, &error);
    if (ports) {
        ports->first = (uint16_t)a1;
        ports->count = a2;
    }
    return install_new(ports ? &ports->object : NULL, error, slot);
}

SYSCALL_HANDLER(ioport_enable)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), a0, OBJECT_IO_PORTS, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    return io_ports_enable(current_task(), (struct io_ports *)cap->object);
}
