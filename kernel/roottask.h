/**
 * @file roottask.h
 * @brief Starting the first user task from its boot module.
 */
#ifndef ORRERY_ROOTTASK_H
#define ORRERY_ROOTTASK_H

#include "bootinfo.h"

/**
 * Frames of free memory the root task's quota leaves to the kernel. Everything else is the
 * root task's to hand out (every frame a task causes to exist is charged to a quota), so
 * the system can use all the memory there is, and running out of it is ERR_QUOTA for the
 * task that asks, never an allocation failure deep in the kernel.
 */
#define ROOT_TASK_QUOTA_RESERVE_FRAMES 16

/** The root task, once started. */
extern struct task *root_task;

/**
 * Create the root task from @p module (already checked by elf_check_executable): load its
 * segments, give it a stack, map every boot module and the boot information page
 * (abi/user_bootinfo.h) read-only, and make its first thread ready. A failure is a boot error.
 */
void roottask_start(const struct boot_module *module);

#endif
