/*
 * sys_device.c - the system calls for memory and devices: frame_create, frame_map,
 * frame_unmap, irq_handler_create, irq_ack, ioport_create, ioport_enable,
 * device_frame_create.
 */
#include "abi/errors.h"
#include "console.h"
#include "frame.h"
#include "irq.h"
#include "notification.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

#define IO_PORT_LIMIT 0x10000u
_Static_assert(DEVICE_FRAME_END <= LOW_MEMORY_END, "device frames are below LOW_MEMORY_END (frame.h)");

static int32_t install_new(struct kobject *object, int error, int slot)
{
    if (!object)
        return error;
    cap_install(current_task(), (uint32_t)slot, object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_create, 0, 0, 0);
    return slot;
}

int32_t syscall_frame_create(void)
{
    int slot = cap_find_free_slot(current_task()), error = ERR_OK;
    if (slot < 0)
        return slot;
    struct frame *frame = frame_create(current_task(), &error);
    return install_new(frame ? &frame->object : NULL, error, slot);
}

/* frame_map(frame, task, vaddr, flags): frame and task are slots */
int32_t syscall_frame_map(uint32_t frame, uint32_t task, uint32_t vaddr, uint32_t flags)
{
    if (flags & ~FRAME_MAP_WRITABLE)
        return ERR_INVALID;
    bool writable = flags & FRAME_MAP_WRITABLE;
    struct capability *frame_cap, *task_cap;
    int error = cap_lookup(current_task(), frame, OBJECT_FRAME, writable ? RIGHT_WRITE : RIGHT_READ, &frame_cap);
    if (!error)
        error = cap_lookup(current_task(), task, OBJECT_TASK, RIGHT_WRITE, &task_cap);
    if (error)
        return error;
    return frame_map(frame_cap, (struct task *)task_cap->object, vaddr, writable);
}

int32_t syscall_frame_unmap(uint32_t frame)
{
    struct capability *frame_cap;
    int error = cap_lookup(current_task(), frame, OBJECT_FRAME, 0, &frame_cap);
    return error ? error : frame_unmap(frame_cap);
}

/* irq_handler_create(irq_control, irq, notification): irq_control and notification are slots */
int32_t syscall_irq_handler_create(uint32_t irq_control, uint32_t irq, uint32_t notification)
{
    struct capability *control, *notification_cap;
    int error = cap_lookup(current_task(), irq_control, OBJECT_IRQ_CONTROL, RIGHT_CONTROL, &control);
    if (!error)
        error = cap_lookup(current_task(), notification, OBJECT_NOTIFICATION, RIGHT_WRITE, &notification_cap);
    if (error)
        return error;
    int slot = cap_find_free_slot(current_task());
    if (slot < 0)
        return slot;
    uint32_t bits = notification_cap->badge ? notification_cap->badge : 1u << (irq & 31);
    struct irq_handler *handler = irq_handler_create(
        current_task(), irq, (struct notification *)notification_cap->object, bits, &error);
    return install_new(handler ? &handler->object : NULL, error, slot);
}

int32_t syscall_irq_ack(uint32_t irq_handler)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), irq_handler, OBJECT_IRQ_HANDLER, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    irq_handler_ack((struct irq_handler *)cap->object);
    return ERR_OK;
}

/* ioport_create(io_control, first_port, count): io_control is a slot */
int32_t syscall_ioport_create(uint32_t io_control, uint32_t first_port, uint32_t count)
{
    struct capability *control;
    int error = cap_lookup(current_task(), io_control, OBJECT_IO_CONTROL, RIGHT_CONTROL, &control);
    if (error)
        return error;
    if (count == 0 || first_port >= IO_PORT_LIMIT || count > IO_PORT_LIMIT - first_port)
        return ERR_INVALID;
    int slot = cap_find_free_slot(current_task());
    if (slot < 0)
        return slot;
    struct io_ports *ports = object_create(current_task(), OBJECT_IO_PORTS, sizeof *ports, 0, &error);
    if (ports) {
        ports->first = (uint16_t)first_port;
        ports->count = count;
    }
    return install_new(ports ? &ports->object : NULL, error, slot);
}

int32_t syscall_ioport_enable(uint32_t io_ports)
{
    struct capability *cap;
    int error = cap_lookup(current_task(), io_ports, OBJECT_IO_PORTS, RIGHT_CONTROL, &cap);
    if (error)
        return error;
    return io_ports_enable(current_task(), (struct io_ports *)cap->object);
}

/* device_frame_create(io_control, paddr): io_control is a slot, paddr a physical address in
 * the VGA window. Handing out the text screen's page hands the screen to user space. */
int32_t syscall_device_frame_create(uint32_t io_control, uint32_t paddr)
{
    struct capability *control;
    int error = cap_lookup(current_task(), io_control, OBJECT_IO_CONTROL, RIGHT_CONTROL, &control);
    if (error)
        return error;
    if (!IS_ALIGNED(paddr, PAGE_SIZE) || paddr < DEVICE_FRAME_FIRST || paddr >= DEVICE_FRAME_END)
        return ERR_INVALID;
    int slot = cap_find_free_slot(current_task());
    if (slot < 0)
        return slot;
    struct frame *frame = frame_create_device(current_task(), paddr, &error);
    if (frame && paddr == VGA_TEXT_PADDR)
        console_release_vga();
    return install_new(frame ? &frame->object : NULL, error, slot);
}
