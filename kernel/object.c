/*
 * object.c - creating kernel objects against a quota, and the reaper that destroys them
 * one at a time when nothing names them any more (see object.h).
 */
#include "object.h"
#include "dlist.h"
#include "abi/errors.h"
#include "endpoint.h"
#include "frame.h"
#include "irq.h"
#include "kmem.h"
#include "notification.h"
#include "panic.h"
#include "sched.h"
#include "reply.h"
#include "task.h"
#include "thread.h"

OBJECT_TYPE_LIST(TRACE_TABLE_ASSERT) /* the trace's names of the types are these */

struct kobject *doomed_objects = OBJECT_DOOMED_LAST;
uint32_t object_next_id = 1; /* 0 is the idle thread's */

_Static_assert(PAGE_SIZE <= 0xFFFF, "a kobject's charge (16 bits) holds a page");

#if ORRERY_TRACE
void object_trace_create(const struct kobject *object, uint32_t task_id)
{
    TRACE(object_create, object->id, object->type, task_id, 0);
}

void object_trace_destroy(const struct kobject *object) { TRACE(object_destroy, object->id, object->type, 0, 0); }
#endif

static void charge_link(struct task *task, struct kobject *object)
{
    object->charged_to = task;
    DLIST_PUSH(&task->charged, object, charge_next, charge_prev);
}

static void charge_unlink(struct kobject *object)
{
    DLIST_REMOVE(&object->charged_to->charged, object, charge_next, charge_prev);
}

void *object_create(struct task *task, enum object_type type, uint32_t size, uint32_t extra, int *error)
{
    if (quota_charge(task, extra)) {
        *error = ERR_QUOTA;
        return NULL;
    }
    /* The object itself lives in the task's pool, which charges the task for its slabs. */
    struct kobject *object = kmem_pool_alloc(&task->pool, size, error);
    if (!object) {
        quota_release(task, extra);
        return NULL;
    }
    object_assign_id(object, type, task->object.id);
    object->charge = (uint16_t)extra;
    if (extra)
        charge_link(task, object);
    return object;
}

void object_free(struct kobject *object)
{
    object_trace_destroy(object);
    if (object->charged_to) {
        quota_release(object->charged_to, object->charge);
        charge_unlink(object);
    }
    kmem_free(object);
}

uint32_t object_move_charges(struct task *from, struct task *to)
{
    uint32_t moved = 0;
    struct kobject *object;
    while ((object = from->charged)) {
        charge_unlink(object);
        charge_link(to, object);
        moved += object->charge;
    }
    return moved;
}

void object_ref(struct kobject *object) { object->cap_count++; }

void object_unref(struct kobject *object)
{
    if (--object->cap_count == 0)
        object_doom(object);
}

void object_doom(struct kobject *object)
{
    if (object_is_doomed(object))
        return;
    object->doomed_next = doomed_objects;
    doomed_objects = object;
    sched_request_reschedule(); /* the reaper runs in schedule(), before user mode */
}

void object_reap(void)
{
    struct kobject *object;
    while ((object = doomed_objects) != OBJECT_DOOMED_LAST) {
        doomed_objects = object->doomed_next;
        object->doomed_next = NULL;
        object_destroy(object);
        sched_interrupt_window();
    }
}

void object_destroy(struct kobject *object)
{
    switch (object->type) {
    case OBJECT_TASK:
        task_destroy((struct task *)object);
        break;
    case OBJECT_THREAD:
        thread_destroy((struct thread *)object);
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
