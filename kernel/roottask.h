/**
 * @file roottask.h
 * @brief Starting the first user task from its boot module.
 */
#ifndef ORRERY_ROOTTASK_H
#define ORRERY_ROOTTASK_H

#include "bootinfo.h"

/** The root task's kernel-memory quota. */
#define ROOT_TASK_QUOTA (4u * 1024 * 1024)

/** The root task, once started. */
extern struct task *root_task;

/**
 * Create the root task from @p module (already checked by elf_check_executable): load its
 * segments, give it a stack, map every boot module and the boot information page
 * (abi/user_bootinfo.h) read-only, and make its first thread ready. A failure is a boot error.
 */
void roottask_start(const struct boot_module *module);

#endif
