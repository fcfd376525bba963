/*
 * task.c - creating and destroying tasks, their address spaces and their quotas.
 */
#include "task.h"
#include "dlist.h"
#include "abi/errors.h"
#include "abi/message.h"
#include "frame.h"
#include "gdt.h"
#include "irq.h"
#include "kmem.h"
#include "memlayout.h"
#include "panic.h"
#include "pmem.h"
#include "sched.h"
#include "string.h"
#include "thread.h"
#include "trace.h"
#include "x86.h"

#define KERNEL_PDE_FIRST (KERNEL_BASE >> 22)
_Static_assert(CSPACE_SLOTS * sizeof(struct capability) + CSPACE_FIRST_TABLE_PAGES * sizeof(void *) <= PAGE_SIZE,
               "the first page of a capability space holds CSPACE_SLOTS slots and a table of CSPACE_FIRST_TABLE_PAGES");
_Static_assert(CSPACE_MAX_PAGES * sizeof(void *) <= PAGE_SIZE, "a page holds the table of a full capability space");
_Static_assert(CSPACE_FIRST_TABLE_PAGES < CSPACE_MAX_PAGES, "a space outgrows its first page's table");
/* What a task costs itself before it does anything: its cspace page and its page directory.
 * (Its struct lives in its creator's pool, paid for by the creator.) */
#define TASK_BASE_COST (2 * PAGE_SIZE)

struct task *task_list;
struct capability cspace_torn_down[CSPACE_SLOTS];

int quota_charge(struct task *task, uint32_t bytes)
{
    if (bytes > task->quota_limit - task->quota_used)
        return ERR_QUOTA;
    task->quota_used += bytes;
    return ERR_OK;
}

void quota_release(struct task *task, uint32_t bytes)
{
    KASSERT(bytes <= task->quota_used);
    task->quota_used -= bytes;
}

static void trace_task_name(const struct task *task)
{
    uint32_t words[3] = { 0, 0, 0 };
    memcpy(words, task->name, strlen(task->name) < 12 ? strlen(task->name) : 12);
    TRACE(task_name, task->object.id, words[0], words[1], words[2]);
}

/* Add @child to @parent's quota children. */
static void quota_child_link(struct task *parent, struct task *child)
{
    child->quota_parent = parent;
    DLIST_PUSH(&parent->first_quota_child, child, next_quota_sibling, prev_quota_sibling);
}

static void quota_child_unlink(struct task *child)
{
    DLIST_REMOVE(&child->quota_parent->first_quota_child, child, next_quota_sibling,
                 prev_quota_sibling);
    child->quota_parent = NULL;
}

int task_create(struct task *parent, uint32_t quota, const char *name, struct task **result)
{
    if (quota < TASK_BASE_COST)
        return ERR_QUOTA;
    if (parent && quota_charge(parent, quota))
        return ERR_QUOTA;

    int error = ERR_NO_MEMORY;
    struct task *task = parent ? kmem_pool_alloc(&parent->pool, sizeof *task, &error)
                               : kmem_alloc(sizeof *task);
    if (task)
        object_assign_id(&task->object, OBJECT_TASK, parent ? parent->object.id : 0);
    uint32_t id = task ? task->object.id : 0;
    paddr_t cspace_frame = task ? pmem_alloc_frame_for(FRAME_USE_cspace, id) : FRAME_NONE; /* zeroed */
    paddr_t directory = cspace_frame != FRAME_NONE ? pmem_alloc_frame_for(FRAME_USE_page_directory, id) : FRAME_NONE;
    if (directory == FRAME_NONE) {
        if (cspace_frame != FRAME_NONE)
            pmem_free_frame(cspace_frame);
        if (task)
            object_trace_destroy(&task->object);
        kmem_free(task);
        if (parent)
            quota_release(parent, quota);
        return error;
    }
    strlcpy(task->name, name && name[0] ? name : "task", sizeof task->name);
    task->page_directory = phys_to_virt(directory);
    /* The kernel half is the same in every address space. */
    for (uint32_t i = KERNEL_PDE_FIRST; i < PT_ENTRIES; i++)
        task->page_directory[i] = kernel_page_directory[i];
    struct capability *cspace = phys_to_virt(cspace_frame);
    task->cspace = (struct capability **)(cspace + CSPACE_SLOTS); /* after the slots */
    task->cspace[0] = task->cspace_first = cspace;
    task->cspace_slots = CSPACE_SLOTS;
    task->quota_limit = quota;
    task->quota_used = TASK_BASE_COST;
    task->pool.owner = task;
    if (parent)
        quota_child_link(parent, task);

    struct capability *self = &cspace[CAP_SELF_TASK];
    self->object = &task->object;
    self->rights = RIGHTS_ALL;
    self->weak = true;

    DLIST_PUSH(&task_list, task, next, prev);
    TRACE(task_create, id, parent ? parent->object.id : 0, quota, 0);
    trace_task_name(task);
    /* Its slot 0, filled above, is traced once the task itself is. */
    cap_trace_installed(self, task, CAP_SELF_TASK);
    TRACE(cap_source, CAP_OP_self, 0, 0, 0);
    *result = task;
    return ERR_OK;
}

/* Free every user page and page table of @task's address space. */
static void free_address_space(struct task *task)
{
    if (vm_is_active(task->page_directory))
        write_cr3(virt_to_phys(kernel_page_directory));
    for (uint32_t i = 0; i < KERNEL_PDE_FIRST; i++) {
        pte_t directory_entry = task->page_directory[i];
        if (!(directory_entry & PTE_PRESENT))
            continue;
        pte_t *table = phys_to_virt(pte_address(directory_entry));
        for (uint32_t j = 0; j < PT_ENTRIES; j++) {
            if (table[j] & PTE_PRESENT)
                TRACE(page_unmap, task->object.id, i << 22 | j << PAGE_SHIFT, pte_address(table[j]), 0);
            if ((table[j] & PTE_PRESENT) && !(table[j] & PTE_SHARED))
                pmem_free_frame(pte_address(table[j]));
        }
        pmem_free_frame(pte_address(directory_entry));
        sched_interrupt_window();
    }
    pmem_free_frame(virt_to_phys(task->page_directory));
    if (task->io_bitmap) {
        irq_io_bitmap_changed(task);
        pmem_free_frame(virt_to_phys(task->io_bitmap));
        pmem_free_frame(virt_to_phys(task->io_bitmap) + PAGE_SIZE);
        task->io_bitmap = NULL;
    }
}

/*
 * Tear @task down. Nothing here recurses into another object's destruction: what it dooms
 * (its quota children, objects whose last capability it held) the reaper destroys after it.
 * If the current thread is one of ours, it is stopped, but goes on running this to the
 * end; schedule() takes the CPU from it afterwards.
 */
static void task_teardown(struct task *task)
{
    struct task *parent = task->quota_parent;
    KASSERT(parent); /* only the root task has none, and the kernel keeps it alive */
    task->destroying = true;

    /* Children live on our quota: from now on on our parent's, until the reaper gets them. */
    uint32_t moved = 0;
    struct task *child;
    while ((child = task->first_quota_child)) {
        quota_child_unlink(child);
        quota_child_link(parent, child);
        moved += child->quota_limit;
        object_doom(&child->object);
    }
    while (task->threads)
        thread_kill(task->threads, EXIT_KILLED); /* unlinks it from task->threads */
    for (uint32_t slot = 0; slot < task->cspace_slots; slot++) {
        struct capability *cap = cspace_slot(task, slot);
        if (cap->object)
            TRACE(cap_remove, task->object.id, slot, cap->object->id, CAP_REMOVE_task_destroyed);
        cap_delete(cap);
        sched_interrupt_window();
    }
    frame_forget_mappings(task);
    free_address_space(task);
    /* The first page (which may hold the table of pages) last, then the table if it has a
     * page of its own; charged to us: our quota goes. */
    bool own_table = !cspace_table_in_first_page(task);
    for (uint32_t page = task->cspace_slots / CSPACE_SLOTS; page-- > 0;)
        pmem_free_frame(virt_to_phys(task->cspace[page]));
    if (own_table)
        pmem_free_frame(virt_to_phys(task->cspace));
    task->cspace = NULL;
    task->cspace_first = cspace_torn_down; /* empty slots: lookups find nothing */
    task->cspace_slots = 0;

    DLIST_REMOVE(&task_list, task, next, prev);

    /* Our limit goes back to the parent, which now pays for our children and for the
     * objects we paid for that others still hold (their slabs, and what they own): never
     * more than our limit was. */
    moved += object_move_charges(task, parent) + kmem_pool_move(&task->pool, &parent->pool);
    KASSERT(moved <= task->quota_limit);
    quota_release(parent, task->quota_limit - moved);
    quota_child_unlink(task);
    TRACE(task_destroy, task->object.id, 0, 0, 0);
}

void task_destroy(struct task *task)
{
    if (!task->destroying)
        task_teardown(task);
    /* A shell still named by capabilities stays until the last goes (it is doomed then);
     * one doomed again during its own teardown is freed when the reaper gets to it. */
    if (task->object.cap_count == 0 && !object_is_doomed(&task->object)) {
        object_trace_destroy(&task->object);
        kmem_free(task);
    }
}

uint32_t task_user_pages(const struct task *task)
{
    uint32_t pages = 0;
    for (uint32_t i = 0; i < KERNEL_PDE_FIRST; i++) {
        pte_t directory_entry = task->page_directory[i];
        if (!(directory_entry & PTE_PRESENT))
            continue;
        const pte_t *table = phys_to_virt(pte_address(directory_entry));
        for (uint32_t j = 0; j < PT_ENTRIES; j++)
            pages += table[j] & PTE_PRESENT;
        sched_interrupt_window();
    }
    return pages;
}

/* Charge a page table if mapping @va in @task needs a new one. */
static int charge_page_table_if_needed(struct task *task, vaddr_t va)
{
    if (task->page_directory[pd_index(va)] & PTE_PRESENT)
        return ERR_OK;
    return quota_charge(task, PAGE_SIZE);
}

int task_map_new_pages(struct task *task, vaddr_t va, uint32_t pages, bool writable)
{
    if (!IS_ALIGNED(va, PAGE_SIZE) || pages == 0 || va < USER_SPACE_START || va >= USER_SPACE_END ||
        pages > (USER_SPACE_END - va) / PAGE_SIZE)
        return ERR_INVALID;
    paddr_t pa;
    for (uint32_t i = 0; i < pages; i++)
        if (vm_translate(task->page_directory, va + i * PAGE_SIZE, &pa, NULL) == ERR_OK)
            return ERR_EXISTS;

    uint32_t flags = PTE_USER | (writable ? PTE_WRITABLE : 0);
    uint32_t mapped = 0;
    int error = ERR_OK;
    for (; mapped < pages; mapped++) {
        vaddr_t page = va + mapped * PAGE_SIZE;
        bool needs_table = !(task->page_directory[pd_index(page)] & PTE_PRESENT);
        uint32_t cost = needs_table ? 2 * PAGE_SIZE : PAGE_SIZE;
        if ((error = quota_charge(task, cost)))
            break;
        paddr_t frame = pmem_alloc_frame_for(FRAME_USE_user_page, task->object.id);
        if (frame == FRAME_NONE) {
            quota_release(task, cost);
            error = ERR_NO_MEMORY;
            break;
        }
        pmem_trace_next_use(FRAME_USE_page_table, task->object.id); /* if it needs one */
        error = vm_map_page(task->page_directory, page, frame, flags);
        pmem_trace_next_use(FRAME_USE_kernel, 0);
        if (error) {
            pmem_free_frame(frame);
            quota_release(task, cost);
            break;
        }
        TRACE(page_map, task->object.id, page, frame, writable);
    }
    if (error) {
        /* Undo: page tables stay (and stay charged); the pages go. */
        for (uint32_t i = 0; i < mapped; i++) {
            vaddr_t page = va + i * PAGE_SIZE;
            vm_translate(task->page_directory, page, &pa, NULL);
            vm_unmap_page(task->page_directory, page);
            TRACE(page_unmap, task->object.id, page, pa & PAGE_MASK, 0);
            pmem_free_frame(pa & PAGE_MASK);
            quota_release(task, PAGE_SIZE);
        }
    }
    return error;
}

int task_map_shared(struct task *task, vaddr_t va, paddr_t pa, uint32_t length)
{
    paddr_t first = ALIGN_DOWN(pa, PAGE_SIZE);
    for (paddr_t frame = first; frame < pa + length; frame += PAGE_SIZE) {
        vaddr_t page = va + (frame - first);
        int error = charge_page_table_if_needed(task, page);
        pmem_trace_next_use(FRAME_USE_page_table, task->object.id); /* if it needs one */
        if (!error)
            error = vm_map_page(task->page_directory, page, frame, PTE_USER);
        pmem_trace_next_use(FRAME_USE_kernel, 0);
        if (error)
            return error;
        /* Mark the entry: this frame is not ours to free. */
        pte_t *table = phys_to_virt(pte_address(task->page_directory[pd_index(page)]));
        table[pt_index(page)] |= PTE_SHARED;
        TRACE(page_map, task->object.id, page, frame, 0);
    }
    return ERR_OK;
}

/* Copy between kernel memory and @task's memory, a page at a time through the direct map. */
static int task_copy(struct task *task, vaddr_t va, void *buffer, uint32_t length, bool to_task,
                     uint32_t required_flags, uint32_t forbidden_flags)
{
    uint8_t *kernel = buffer;
    while (length) {
        paddr_t pa;
        uint32_t flags;
        if (va >= USER_SPACE_END || vm_translate(task->page_directory, va, &pa, &flags) ||
            (flags & required_flags) != required_flags || (flags & forbidden_flags))
            return ERR_FAULT;
        uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > length)
            chunk = length;
        if (to_task)
            memcpy(phys_to_virt(pa), kernel, chunk);
        else
            memcpy(kernel, phys_to_virt(pa), chunk);
        va += chunk, kernel += chunk, length -= chunk;
    }
    return ERR_OK;
}

int task_copy_to(struct task *task, vaddr_t va, const void *source, uint32_t length)
{
    /* Never into a frame the task does not own (boot modules, mapped frames). */
    return task_copy(task, va, (void *)source, length, true, 0, PTE_SHARED);
}

int task_read_user(struct task *task, vaddr_t va, void *destination, uint32_t length)
{
    return task_copy(task, va, destination, length, false, PTE_USER, 0);
}

int task_write_user(struct task *task, vaddr_t va, const void *source, uint32_t length)
{
    return task_copy(task, va, (void *)source, length, true, PTE_USER | PTE_WRITABLE, 0);
}
