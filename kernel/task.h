/**
 * @file task.h
 * @brief Tasks: an address space, a capability space and a kernel-memory quota.
 *
 * Threads run inside tasks. Every page of kernel memory a task causes to exist (its page
 * tables, its user pages, its threads' stacks, the objects it creates) is charged to a
 * task's quota, so no task can exhaust the kernel: going over the quota is ERR_QUOTA.
 * A child task's quota is reserved out of its parent's when the child is created and given
 * back when the child is destroyed.
 */
#ifndef ORRERY_TASK_H
#define ORRERY_TASK_H

#include "cap.h"
#include "object.h"
#include "types.h"
#include "vm.h"

#define TASK_NAME_MAX 16
/** PTE bit (one the CPU leaves to software): the frame is not owned by this address space. */
#define PTE_SHARED 0x200

struct thread;

struct task {
    struct kobject object;
    uint32_t id;
    char name[TASK_NAME_MAX];
    pte_t *page_directory;          /**< kernel virtual address */
    struct capability *cspace;      /**< CSPACE_SLOTS slots */
    uint32_t quota_limit;           /**< bytes of kernel memory this task may use */
    uint32_t quota_used;
    struct task *quota_parent;      /**< whose quota this task's limit was reserved from */
    struct thread *threads;         /**< threads in this task, linked by task_next */
    struct task *next;              /**< all tasks, for capability revocation */
    bool destroying;
    uint8_t *io_bitmap;             /**< IO_BITMAP_BYTES (two contiguous frames), or NULL */
    /** cap_find_free_slot()'s memo: every slot from 4 up to this one is in use, as long as
     *  no capability anywhere was deleted since (free_slot_generation, see cap.c). */
    uint32_t free_slot_hint;
    uint32_t free_slot_generation;
};

/** The x86 I/O permission bitmap: one bit per port, 1 = denied. */
#define IO_BITMAP_BYTES 8192

/** The list of every live task. */
extern struct task *task_list;

/**
 * Create a task with its own address space (kernel half shared) and capability space
 * (slot 0 = a weak capability to itself).
 * @param parent whose quota @p quota is reserved from, or NULL for the root task.
 * @param task receives the new task.
 * @return ERR_OK, ERR_QUOTA, ERR_NO_MEMORY.
 */
int task_create(struct task *parent, uint32_t quota, const char *name, struct task **task);

/**
 * Destroy @p task: destroy the tasks created from its quota, kill its threads, delete its
 * capabilities, free its memory, and give its quota back to its parent.
 */
void task_destroy(struct task *task);

/** Charge @p bytes to @p task's quota. @return ERR_OK or ERR_QUOTA (nothing charged). */
int quota_charge(struct task *task, uint32_t bytes);
/** Give back @p bytes charged earlier. */
void quota_release(struct task *task, uint32_t bytes);

/**
 * Map @p pages new zeroed pages at @p va in @p task, user-accessible, writable if
 * @p writable. All or nothing: on an error nothing stays mapped or charged.
 * @return ERR_OK, ERR_INVALID, ERR_EXISTS, ERR_QUOTA, ERR_NO_MEMORY.
 */
int task_map_new_pages(struct task *task, vaddr_t va, uint32_t pages, bool writable);

/** Map the frames of [@p pa, @p pa + @p length) read-only at @p va, not owned by the task. */
int task_map_shared(struct task *task, vaddr_t va, paddr_t pa, uint32_t length);

/**
 * Copy @p length bytes from kernel memory @p source to @p va in @p task (which need not be
 * the current task). Read-only pages are written too, but never shared frames (boot
 * modules, frames mapped with frame_map). @return ERR_OK or ERR_FAULT.
 */
int task_copy_in(struct task *task, vaddr_t va, const void *source, uint32_t length);

/** Read user memory of @p task as the task itself could. @return ERR_OK or ERR_FAULT. */
int task_read_user(struct task *task, vaddr_t va, void *destination, uint32_t length);

/** Write user memory of @p task where the task itself could. @return ERR_OK or ERR_FAULT. */
int task_write_user(struct task *task, vaddr_t va, const void *source, uint32_t length);

struct ipc_buffer;

/**
 * @p task's IPC buffer at @p va (a page-aligned user address, as thread_set_ipc_buffer
 * requires) as a kernel pointer through the direct map: one page walk for every field of
 * the buffer, where task_read_user/task_write_user would walk the page tables per field.
 *
 * @param writable receives whether the task itself could write the page.
 * @return NULL if the page is not a user page of @p task (the task could not read it).
 *         The pointer is good only until the task's mappings change: use it at once
 *         (within one IPC transfer, with interrupts off) and never keep it.
 */
struct ipc_buffer *task_ipc_buffer(struct task *task, vaddr_t va, bool *writable);

#endif
