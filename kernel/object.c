/*
 * object.c - destroying a kernel object when its last capability is deleted.
 */
#include "object.h"
#include "panic.h"
#include "task.h"
#include "thread.h"

void object_destroy(struct kobject *object)
{
    switch (object->type) {
    case OBJECT_TASK:
        task_destroy((struct task *)object);
        break;
    case OBJECT_THREAD:
        thread_free((struct thread *)object);
        break;
    default:
        panic("object_destroy: unknown object type %d", object->type);
    }
}
