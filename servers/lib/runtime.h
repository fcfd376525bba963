/**
 * @file runtime.h
 * @brief How a user program ends, and readable names for error codes.
 */
#ifndef ORRERY_USER_RUNTIME_H
#define ORRERY_USER_RUNTIME_H

struct user_boot_info;

/**
 * Every program's main, called by crt0.S: @p info is the boot information in the root
 * task and NULL in every other task. Returning from main calls runtime_exit(result).
 */
int main(const struct user_boot_info *info);

/**
 * The priority the root task runs main at. The kernel starts it at ROOT_TASK_PRIORITY (the
 * top: abi/syscalls.h); runtime_root_start() sets this one before main. It is
 * PRIORITY_DEFAULT, what the kernel's tests expect, unless the program defines its own
 * `unsigned int root_task_priority` (init keeps the top, to give each server the
 * priority the boot manifest names).
 */
extern unsigned int root_task_priority;

/** Called by crt0.S before main: in the root task (@p info not NULL), set its thread's
 *  priority to root_task_priority; in any other task nothing. */
void runtime_root_start(const struct user_boot_info *info);

/**
 * End the calling thread with @p status (what main returned, 0 = success). In the root
 * task this stops the machine (debug_halt: status 0 is success, anything else a test
 * failure); in any other task it ends the thread and the task lives on while its
 * capabilities do.
 */
__attribute__((noreturn)) void runtime_exit(int status);

/* error_name() and error_text(): the names and sentences of error codes. */
#include "error_text.h"

#endif
