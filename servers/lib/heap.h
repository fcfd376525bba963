/**
 * @file heap.h
 * @brief The heap malloc grows: sbrk(), from the memory manager in a process, from pages the
 *        program maps itself in a server.
 *
 * A process (started by the process manager) asks the memory manager: MM_SBRK moves its
 * break, and the memory manager fills each page on its first touch (proto/mm.h). A server
 * started by init, or a kernel test program, has no memory manager to ask: its heap is
 * HEAP_SELF_BASE .. HEAP_SELF_END, and sbrk maps the pages itself (task_map_anon, paid
 * from the task's own quota) as the break passes them. program_start() tells the heap
 * which of the two it is (heap_use_memory_manager); the default is a server's.
 */
#ifndef ORRERY_USER_HEAP_H
#define ORRERY_USER_HEAP_H

#include "types.h"

/** A server's heap: below the boot modules (USER_MODULES_BASE), far above any program. */
#define HEAP_SELF_BASE 0x60000000u
#define HEAP_SELF_END 0x80000000u

/** What sbrk returns when it cannot move the break. */
#define SBRK_FAILED ((void *)-1)

/**
 * Move the break by @p increment bytes (0: just ask where it is).
 * @return the old break (the start of the new memory when growing), or SBRK_FAILED: the
 *         heap cannot grow that far (the memory manager's page quota, the end of the
 *         server heap area, the task's kernel quota) or would shrink below its start.
 *         Pages a server heap shrinks past stay mapped. Not safe against concurrent callers
 *         (malloc calls it with its lock held).
 */
void *sbrk(intptr_t increment);

/** From now on, grow the heap with MM_SBRK on the memory manager at @p mm_slot. */
void heap_use_memory_manager(int mm_slot);

#endif
