/**
 * @file task.h
 * @brief Tasks: an address space, a capability space and a kernel-memory quota.
 *
 * Threads run inside tasks. Every page of kernel memory a task causes to exist (its page
 * tables, its user pages, its threads' stacks, the objects it creates) is charged to a
 * task's quota, so no task can exhaust the kernel: going over the quota is ERR_QUOTA.
 * A child task's quota is reserved out of its parent's when the child is created and given
 * back when the child is destroyed.
 *
 * Destroying a task (task_destroy, run by the reaper of object.h) stops its threads,
 * deletes its capabilities, frees its address space and dooms its quota children, which
 * then live on its parent's quota until the reaper gets to them. Objects it paid for that
 * others still hold are charged to its parent from then on. Each step costs what the task
 * owns, never what else exists in the system.
 */
#ifndef ORRERY_TASK_H
#define ORRERY_TASK_H

#include "abi/errors.h"
#include "cap.h"
#include "kmem.h"
#include "memlayout.h"
#include "object.h"
#include "types.h"
#include "vm.h"

#define TASK_NAME_MAX 16
/** Pages a capability space can grow to (abi/syscalls.h: CSPACE_SLOTS slots a page). */
#define CSPACE_MAX_PAGES (CSPACE_MAX_SLOTS / CSPACE_SLOTS)
/** Pages the table in a space's first page (after its slots) can point to: CSPACE_SLOTS
 *  times this many slots. A space that grows past them moves its table to a page of its
 *  own, of CSPACE_MAX_PAGES pointers, charged like a page of slots (cspace_grow, cap.c). */
#define CSPACE_FIRST_TABLE_PAGES 128
/** PTE bit (one the CPU leaves to software): the frame is not owned by this address space. */
#define PTE_SHARED 0x200

struct thread;

struct task {
    struct kobject object;
    char name[TASK_NAME_MAX];
    pte_t *page_directory;          /**< kernel virtual address */
    struct capability *cspace_first; /**< cspace[0], kept here: most lookups need only it
                                          (cspace_torn_down once the task is torn down) */
    struct capability **cspace;     /**< pointers to pages of CSPACE_SLOTS slots, made as
                                         needed; the table sits in the first page, after
                                         its slots, until the space outgrows the
                                         CSPACE_FIRST_TABLE_PAGES it has room for, then in
                                         a page of its own (cspace_table_in_first_page) */
    uint32_t cspace_slots;          /**< slots in those pages (0 once torn down) */
    uint32_t quota_limit;           /**< bytes of kernel memory this task may use */
    uint32_t quota_used;
    struct task *quota_parent;      /**< whose quota this task's limit was reserved from */
    struct task *first_quota_child; /**< tasks whose limits are reserved from ours */
    struct task *next_quota_sibling, *prev_quota_sibling;
    struct thread *threads;         /**< threads in this task, linked by task_next/task_prev */
    struct kmem_pool pool;          /**< where the objects it creates live (it pays per slab) */
    struct kobject *charged;        /**< objects whose own memory is charged to it (object.h) */
    struct capability *mappings;    /**< frame capabilities that map a frame into this task */
    struct task *next, *prev;       /**< all tasks (GDB's orrery-tasks walks them) */
    bool destroying;                /**< torn down (or being): only a shell is left */
    uint8_t *io_bitmap;             /**< IO_BITMAP_BYTES (two contiguous frames), or NULL */
    /** cap_find_free_slot()'s memo: every slot from 4 up to this one is in use, as long as
     *  no capability anywhere was deleted since (free_slot_generation, see cap.c). */
    uint32_t free_slot_hint;
    uint32_t free_slot_generation;
};

/** The first page of a torn-down task's capability space: always empty. */
extern struct capability cspace_torn_down[CSPACE_SLOTS];

/** True while @p task's table of capability-space pages is the one in its first page. */
static inline bool cspace_table_in_first_page(const struct task *task)
{
    return task->cspace == (struct capability **)(task->cspace_first + CSPACE_SLOTS);
}

/**
 * The capability in slot @p slot of @p task's capability space, or NULL if the space does
 * not reach that far (yet: cspace_grow() in cap.h). The slot may be empty.
 */
static inline struct capability *cspace_slot(const struct task *task, uint32_t slot)
{
    if (slot < CSPACE_SLOTS) /* the first page, which every task has: one load */
        return &task->cspace_first[slot];
    if (slot >= task->cspace_slots)
        return NULL;
    return &task->cspace[slot / CSPACE_SLOTS][slot % CSPACE_SLOTS];
}

/**
 * Find the object in @p slot of @p task's cspace, checking its type and rights.
 * @param type OBJECT_NONE accepts any type.
 * @param capability if not NULL, receives the slot's capability.
 * @return ERR_OK; ERR_INVALID_CAP (bad slot number or empty slot), ERR_WRONG_TYPE,
 *         ERR_NO_RIGHTS (a right in @p rights is missing), ERR_DEAD (a destroyed task).
 */
static inline int cap_lookup(struct task *task, uint32_t slot, enum object_type type,
                             uint32_t rights, struct capability **capability)
{
    struct capability *cap = cspace_slot(task, slot);
    if (!cap || !cap->object)
        return ERR_INVALID_CAP;
    if (type != OBJECT_NONE && cap->object->type != type)
        return ERR_WRONG_TYPE;
    if ((cap->rights & rights) != rights)
        return ERR_NO_RIGHTS;
    if (type == OBJECT_TASK && ((struct task *)cap->object)->destroying)
        return ERR_DEAD; /* a task destroyed with its parent, kept for its capabilities */
    if (capability)
        *capability = cap;
    return ERR_OK;
}

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
 * The reaper's destructor for a task (object.h): the first time, tear it down (doom the
 * tasks created from its quota, stop its threads, delete its capabilities, free its memory,
 * give its quota back to its parent); the struct itself, a shell that cap_lookup refuses
 * with ERR_DEAD, is freed once no capability names it.
 */
void task_destroy(struct task *task);

/** Charge @p bytes to @p task's quota. @return ERR_OK or ERR_QUOTA (nothing charged). */
int quota_charge(struct task *task, uint32_t bytes);
/** Give back @p bytes charged earlier. */
void quota_release(struct task *task, uint32_t bytes);

/**
 * Map @p pages new zeroed pages at @p va in @p task, user-accessible, writable if
 * @p writable. On an error no page stays mapped or charged (page tables made on the way
 * stay, and stay charged).
 * @return ERR_OK, ERR_INVALID (@p va unaligned, in page 0 or past USER_SPACE_END, or
 *         @p pages 0 or too many), ERR_EXISTS, ERR_QUOTA, ERR_NO_MEMORY.
 */
int task_map_new_pages(struct task *task, vaddr_t va, uint32_t pages, bool writable);

/** The pages mapped in @p task's user half, its own and shared ones. Costs a look at
 *  every entry of each page table the task has (1,024 each), letting interrupts in between. */
uint32_t task_user_pages(const struct task *task);

/** Map the frames of [@p pa, @p pa + @p length) read-only at @p va, not owned by the task. */
int task_map_shared(struct task *task, vaddr_t va, paddr_t pa, uint32_t length);

/**
 * Copy @p length bytes from kernel memory @p source to @p va in @p task (which need not be
 * the current task). Read-only pages are written too, but never shared frames (boot
 * modules, frames mapped with frame_map). @return ERR_OK or ERR_FAULT.
 */
int task_copy_to(struct task *task, vaddr_t va, const void *source, uint32_t length);

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
static inline struct ipc_buffer *task_ipc_buffer(struct task *task, vaddr_t va, bool *writable)
{
    /* vm_translate's walk, written out and inline: this runs twice per IPC message. */
    if (!IS_ALIGNED(va, PAGE_SIZE) || va >= USER_SPACE_END)
        return NULL;
    pte_t directory_entry = task->page_directory[pd_index(va)];
    if (!(directory_entry & PTE_PRESENT))
        return NULL;
    pte_t entry = ((const pte_t *)phys_to_virt(pte_address(directory_entry)))[pt_index(va)];
    if ((entry & (PTE_PRESENT | PTE_USER)) != (PTE_PRESENT | PTE_USER))
        return NULL;
    *writable = entry & PTE_WRITABLE;
    return phys_to_virt(pte_address(entry));
}

#endif
