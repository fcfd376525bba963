/*
 * frame.c - frame objects and their mappings.
 */
#include "frame.h"
#include "dlist.h"
#include "abi/errors.h"
#include "memlayout.h"
#include "pmem.h"
#include "task.h"
#include "trace.h"
#include "vm.h"

_Static_assert(sizeof(struct frame) <= 32, "a frame fits the 32-byte kmem size class (frame.h)");

struct frame *frame_create(struct task *task, int *error)
{
    struct frame *frame = object_create(task, OBJECT_FRAME, sizeof *frame, PAGE_SIZE, error);
    if (!frame)
        return NULL;
    frame->address = pmem_alloc_frame_for(FRAME_USE_frame_object, task->object.id);
    if (frame->address == FRAME_NONE) {
        object_free(&frame->object);
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    return frame;
}

struct frame *frame_create_device(struct task *task, paddr_t address, int *error)
{
    struct frame *frame = object_create(task, OBJECT_FRAME, sizeof *frame, 0, error);
    if (frame)
        frame->address = address;
    return frame;
}

int frame_map(struct capability *capability, struct task *task, vaddr_t va, bool writable)
{
    struct frame *frame = (struct frame *)capability->object;
    if (!IS_ALIGNED(va, PAGE_SIZE) || va < USER_SPACE_START || va >= USER_SPACE_END)
        return ERR_INVALID;
    if (capability->mapped_task)
        return ERR_EXISTS; /* and vm_map_page refuses an address that is mapped */
    bool needs_table = !(task->page_directory[pd_index(va)] & PTE_PRESENT);
    if (needs_table && quota_charge(task, PAGE_SIZE))
        return ERR_QUOTA;
    pmem_trace_next_use(FRAME_USE_page_table, task->object.id); /* if it needs one */
    int error = vm_map_page(task->page_directory, va, frame->address, PTE_USER | (writable ? PTE_WRITABLE : 0));
    pmem_trace_next_use(FRAME_USE_kernel, 0);
    if (error) {
        if (needs_table)
            quota_release(task, PAGE_SIZE);
        return error;
    }
    pte_t *table = phys_to_virt(pte_address(task->page_directory[pd_index(va)]));
    table[pt_index(va)] |= PTE_SHARED; /* the task does not own this frame */
    capability->mapped_task = task;
    capability->mapped_va = va;
    DLIST_PUSH(&task->mappings, capability, mapping_next, mapping_prev);
    TRACE(page_map, task->object.id, va, frame->address, writable);
    return ERR_OK;
}

/* Take @capability off its mapped task's list of mappings. */
static void forget_mapping(struct capability *capability)
{
    DLIST_REMOVE(&capability->mapped_task->mappings, capability, mapping_next, mapping_prev);
    capability->mapped_task = NULL;
    capability->mapped_va = 0;
}

int frame_unmap(struct capability *capability)
{
    if (!capability->mapped_task)
        return ERR_NOT_FOUND;
    vm_unmap_page(capability->mapped_task->page_directory, capability->mapped_va);
    TRACE(page_unmap, capability->mapped_task->object.id, capability->mapped_va, ((struct frame *)capability->object)->address, 0);
    forget_mapping(capability);
    return ERR_OK;
}

void frame_forget_mappings(struct task *task)
{
    while (task->mappings)
        forget_mapping(task->mappings);
}

void frame_destroy(struct frame *frame)
{
    if (!frame_is_device(frame)) /* device memory never came from the frame allocator */
        pmem_free_frame(frame->address);
    object_free(&frame->object);
}
