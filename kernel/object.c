/*
 * object.c - creating kernel objects against a quota, and destroying them when the last
 * capability (or kernel reference) goes.
 */
#include "object.h"
#include "abi/errors.h"
#include "endpoint.h"
#include "frame.h"
#include "irq.h"
#include "kmem.h"
#include "notification.h"
#include "panic.h"
#include "reply.h"
#include "task.h"
#include "thread.h"

static struct kobject *charged_objects;

void *object_create(struct task *task, enum object_type type, uint32_t size, uint32_t extra, int *error)
{
    if (quota_charge(task, size + extra)) {
        *error = ERR_QUOTA;
        return NULL;
    }
    struct kobject *object = kmem_alloc(size);
    if (!object) {
        quota_release(task, size + extra);
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    object->type = type;
    object->charged_to = task;
    object->charge = size + extra;
    object->next_charged = charged_objects;
    charged_objects = object;
    return object;
}

void object_free(struct kobject *object)
{
    for (struct kobject **link = &charged_objects; *link; link = &(*link)->next_charged) {
        if (*link == object) {
            *link = object->next_charged;
            break;
        }
    }
    if (object->charged_to)
        quota_release(object->charged_to, object->charge);
    kmem_free(object);
}

void object_forget_charges(struct task *task)
{
    for (struct kobject *object = charged_objects; object; object = object->next_charged)
        if (object->charged_to == task)
            object->charged_to = NULL;
}

void object_ref(struct kobject *object) { object->cap_count++; }

void object_unref(struct kobject *object)
{
    if (--object->cap_count == 0)
        object_destroy(object);
}

void object_destroy(struct kobject *object)
{
    switch (object->type) {
    case OBJECT_TASK:
        task_destroy((struct task *)object);
        break;
    case OBJECT_THREAD:
        thread_free((struct thread *)object);
        break;
    case OBJECT_ENDPOINT:
        endpoint_destroy((struct endpoint *)object);
        break;
    case OBJECT_NOTIFICATION:
        notification_destroy((struct notification *)object);
        break;
    case OBJECT_FRAME:
        frame_destroy((struct frame *)object);
        break;
    case OBJECT_IRQ_HANDLER:
        irq_handler_destroy((struct irq_handler *)object);
        break;
    case OBJECT_IO_PORTS:
        object_free(object);
        break;
    case OBJECT_REPLY:
        reply_destroy((struct reply *)object);
        break;
    default:
        panic("object_destroy: unknown object type %d", object->type);
    }
}
