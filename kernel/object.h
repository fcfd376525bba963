/**
 * @file object.h
 * @brief The header every kernel object starts with, and what destroys an object.
 *
 * Kernel objects (tasks, threads, endpoints, notifications, saved replies, frames, IRQ
 * handlers, I/O port ranges) are reached only through capabilities (cap.h). Each object counts the
 * capabilities that name it; when the last one is deleted, object_destroy() frees it.
 */
#ifndef ORRERY_OBJECT_H
#define ORRERY_OBJECT_H

#include "abi/syscalls.h"
#include "types.h"

struct task;

struct kobject {
    enum object_type type;
    uint32_t cap_count;       /**< capabilities (and kernel references) naming this object */
    struct task *charged_to;  /**< whose quota pays for it (NULL: nobody, or the task is gone) */
    uint32_t charge;          /**< bytes charged */
    struct kobject *next_charged; /**< list of charged objects, see object_charge() */
};

/** Free @p object and everything it owns; called when its last capability goes. */
void object_destroy(struct kobject *object);

/**
 * Allocate a kernel object of @p size bytes and type @p type, charging @p size plus
 * @p extra bytes (memory the object owns, e.g. a frame) to @p task's quota.
 * @return the zeroed object with cap_count 0, or NULL with *error = ERR_QUOTA/ERR_NO_MEMORY.
 */
void *object_create(struct task *task, enum object_type type, uint32_t size, uint32_t extra, int *error);

/** Free an object made by object_create() and give its charge back. */
void object_free(struct kobject *object);

/** A task is going away: the objects it paid for stop charging it. */
void object_forget_charges(struct task *task);

/** Take a kernel reference (like a capability: keeps the object alive). */
void object_ref(struct kobject *object);
/** Drop a kernel reference; destroys the object if it was the last reference. */
void object_unref(struct kobject *object);

#endif
