/**
 * @file irq.h
 * @brief Interrupts for user-level drivers: IRQ handler objects and I/O port ranges.
 *
 * A driver holding an IRQ handler capability receives its interrupt as a signal on a
 * notification: the kernel masks the line, signals, and the driver unmasks it with
 * irq_ack() when it has serviced the device. An I/O port capability, once enabled, lets
 * the driver's task use in/out on its ports (through the TSS I/O permission bitmap).
 */
#ifndef ORRERY_IRQ_H
#define ORRERY_IRQ_H

#include "notification.h"
#include "object.h"
#include "types.h"

struct irq_handler {
    struct kobject object;
    uint32_t irq;
    struct notification *notification; /**< a kernel reference */
    uint32_t bits;                      /**< what to signal */
};

struct io_ports {
    struct kobject object;
    uint16_t first;
    uint32_t count;
};

/** The root task's IRQ-control and I/O-control objects (kernel singletons). */
extern struct kobject irq_control, io_control;

/**
 * Route @p irq to @p notification (signalling @p bits). Charged to @p task.
 * @return the handler, or NULL with *error = ERR_INVALID (@p irq outside IRQ_USER_FIRST ..
 *         IRQ_USER_LAST, the PIC cascade line 2, or IRQ_FPU_ERROR) / ERR_EXISTS / ERR_QUOTA.
 */
struct irq_handler *irq_handler_create(struct task *task, uint32_t irq, struct notification *notification,
                                       uint32_t bits, int *error);

/** Unmask the handler's line after the driver serviced the device. */
void irq_handler_ack(struct irq_handler *handler);

/** Called for an IRQ the kernel does not handle itself. @return true if a driver took it. */
bool irq_deliver_to_user(uint32_t irq);

/** The last capability is gone: mask the line, release the notification, free. */
void irq_handler_destroy(struct irq_handler *handler);

/** Allow @p task to use the ports of @p ports. @return ERR_OK, ERR_QUOTA or ERR_NO_MEMORY. */
int io_ports_enable(struct task *task, const struct io_ports *ports);

/** Use @p task's I/O permission bitmap (or none, for NULL or a task without one: every
 *  port denied) from now on; the scheduler calls it on a switch. */
void irq_use_io_bitmap(struct task *task);

/** @p task's bitmap changed or is going away: reload it if it is the one in use. */
void irq_io_bitmap_changed(struct task *task);

#endif
