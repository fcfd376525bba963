/**
 * @file elf_spawn.h
 * @brief Start a program from an ELF executable in memory, in a new task of its own.
 */
#ifndef ORRERY_USER_ELF_SPAWN_H
#define ORRERY_USER_ELF_SPAWN_H

struct user_boot_info;
struct user_boot_module;

/**
 * Check that the @p size bytes at @p image are an i386 executable we can load: segments
 * inside the file, below USER_SPACE_END, in address order, clear of the stack, and no
 * page shared by a writable and a read-only segment.
 * @return NULL if so, otherwise a sentence saying what is wrong.
 */
const char *elf_image_problem(const void *image, unsigned size);

/**
 * Create a task called @p name with @p quota bytes of kernel memory, load @p image into
 * it (each loadable segment in fresh pages, writable if the segment is, file bytes copied,
 * the rest zero), give it USER_STACK_PAGES of stack below USER_STACK_TOP, and start one
 * thread at the entry point at @p priority. The program's main gets info == NULL.
 *
 * @param task_slot   if not NULL, receives the slot of the new task's capability
 * @param thread_slot if not NULL, receives the slot of its thread's capability
 * @return 0, or the first error: ERR_INVALID for an image elf_image_problem() rejects, or
 *         what task_create, task_map_anon, task_write, thread_create or thread_resume
 *         returned (then the half-made task is deleted again).
 */
int elf_spawn(const void *image, unsigned size, const char *name, unsigned quota,
              int priority, int *task_slot, int *thread_slot);

/**
 * elf_spawn() without the final thread_resume: the thread is created suspended, so the
 * caller can first give the new task capabilities (cap_copy into its slots 2 and up), write
 * into its memory (task_write), set its thread's IPC buffer or fault handler, and then
 * start it with sys_thread_resume(*thread_slot). Both slots are required here.
 * @return 0, or the first error (as elf_spawn; the half-made task is deleted again).
 */
int elf_spawn_suspended(const void *image, unsigned size, const char *name, unsigned quota,
                        int priority, int *task_slot, int *thread_slot);

/**
 * The boot module called @p name in @p info (the root task's boot information), or NULL.
 * A program booted as root=NAME finds its own image this way and can start copies of
 * itself with elf_spawn(): the copies get info == NULL in main, which tells them apart.
 */
const struct user_boot_module *boot_module(const struct user_boot_info *info, const char *name);

#endif
