/**
 * @file object.h
 * @brief The header every kernel object starts with, and what destroys an object.
 *
 * Kernel objects (tasks, threads; later endpoints, notifications, frames) are reached only
 * through capabilities (cap.h). Each object counts the capabilities that name it; when the
 * last one is deleted, object_destroy() frees it.
 */
#ifndef ORRERY_OBJECT_H
#define ORRERY_OBJECT_H

#include "abi/syscalls.h"
#include "types.h"

struct kobject {
    enum object_type type;
    uint32_t cap_count; /**< capabilities naming this object (the weak self-capability excluded) */
};

/** Free @p object and everything it owns; called when its last capability goes. */
void object_destroy(struct kobject *object);

#endif
