/**
 * @file object.h
 * @brief The header every kernel object starts with, what it is charged to, and how
 * objects are destroyed: by the reaper, one at a time, never by recursion.
 *
 * Kernel objects (tasks, threads, endpoints, notifications, saved replies, frames,
 * IRQ handlers, I/O port ranges) are reached only through capabilities (cap.h). Each object counts the
 * capabilities (and kernel references) that name it. When the count reaches zero the
 * object is *doomed*: put on the reaper's list. Destroying one object can doom others (a
 * task's capabilities name more objects, an endpoint's waiting threads are stopped...), so
 * destruction never recurses: object_reap() takes doomed objects off the list one at a time
 * until it is empty. Whatever the object graph (chains, towers, cycles), teardown runs in a
 * bounded amount of kernel stack, and it always finishes: the reaper runs to the end even
 * when the thread running it is among the things destroyed (that thread leaves the CPU
 * only afterwards, in schedule()).
 *
 * Memory: every object is charged to a task's quota (task.h). The object itself lives in
 * the task's kmem pool (kmem.h), which charges the task a frame for every slab it holds;
 * memory an object owns besides (a frame object's page) is charged to the task as the
 * object's `charge`, and such objects are on the task's list. When the task is destroyed,
 * what still lives (other tasks hold capabilities to it) is charged to its parent instead,
 * which gave the task its quota: its slabs and its charged objects. So kernel memory is
 * always paid for by a live task.
 */
#ifndef ORRERY_OBJECT_H
#define ORRERY_OBJECT_H

#include "abi/syscalls.h"
#include "trace.h"
#include "types.h"

struct task;

struct kobject {
    uint16_t type;            /**< an enum object_type (16 bits: a frame fits 32 bytes, frame.h) */
    uint16_t charge;          /**< bytes charged besides its slab block (a frame's page), < 64 KiB */
    uint32_t id;              /**< its number in the trace and task_info: one counter for all types */
    uint32_t cap_count;       /**< capabilities (and kernel references) naming this object */
    struct task *charged_to;  /**< whose quota pays for its charge (NULL if none) */
    struct kobject *charge_next, *charge_prev; /**< the objects charged to the same task */
    struct kobject *doomed_next; /**< the reaper's list (object_doom); NULL: not on it */
};

/** Ends the reaper's list, so that doomed_next is non-NULL exactly while on it. */
#define OBJECT_DOOMED_LAST ((struct kobject *)1)

/** True while @p object waits on the reaper's list. */
static inline bool object_is_doomed(const struct kobject *object) { return object->doomed_next != NULL; }

#if ORRERY_TRACE
/** Trace object_create for @p object, charged to the task with id @p task_id (0: the kernel). */
void object_trace_create(const struct kobject *object, uint32_t task_id);
/** Trace object_destroy: @p object is about to be freed. */
void object_trace_destroy(const struct kobject *object);
#else
static inline void object_trace_create(const struct kobject *object, uint32_t task_id) { (void)object, (void)task_id; }
static inline void object_trace_destroy(const struct kobject *object) { (void)object; }
#endif

/**
 * Make @p object a kernel object of type @p type with the next id of the one id space every
 * kernel object shares (ids start at 1; the idle thread is 0), and trace its creation,
 * charged to the task with id @p task_id (0: the kernel). object_create() does it; objects
 * made another way (tasks and threads, which come from kmem directly, and the kernel's IRQ
 * and I/O control objects) call it themselves.
 */
static inline void object_assign_id(struct kobject *object, enum object_type type, uint32_t task_id)
{
    extern uint32_t object_next_id;
    object->type = (uint16_t)type;
    object->id = object_next_id++;
    object_trace_create(object, task_id);
}

/**
 * Allocate a kernel object of @p size bytes and type @p type from @p task's pool (which
 * charges the task for its slabs), charging @p extra bytes (memory the object owns, e.g. a
 * frame) to @p task's quota as well.
 * @return the zeroed object with cap_count 0 and its id (object_assign_id), or NULL with
 *         *error = ERR_QUOTA/ERR_NO_MEMORY.
 */
void *object_create(struct task *task, enum object_type type, uint32_t size, uint32_t extra, int *error);

/** Free an object made by object_create() and give its charge back. */
void object_free(struct kobject *object);

/**
 * @p from is being destroyed: charge every object still charged to it to @p to instead.
 * @return the bytes moved (the caller adds them to @p to's quota_used).
 */
uint32_t object_move_charges(struct task *from, struct task *to);

/** Take a kernel reference (like a capability: keeps the object alive). */
void object_ref(struct kobject *object);
/** Drop a kernel reference; dooms the object if it was the last reference. */
void object_unref(struct kobject *object);

/**
 * Put @p object on the reaper's list (once), to be destroyed by object_reap(): an object
 * nothing names any more, a task whose parent is going, a thread to stop. Asks for a
 * reschedule, so the reaper runs before the kernel returns to user mode.
 */
void object_doom(struct kobject *object);

/** True if doomed objects wait for object_reap(). */
static inline bool object_reap_pending(void)
{
    extern struct kobject *doomed_objects;
    return doomed_objects != OBJECT_DOOMED_LAST;
}

/**
 * Destroy doomed objects until none is left (schedule() calls it). Lets pending interrupts
 * in between objects, so a long teardown does not hold them off.
 */
void object_reap(void);

/** Destroy one doomed object (by type: task_destroy, thread_destroy, endpoint_destroy...). */
void object_destroy(struct kobject *object);

#endif
