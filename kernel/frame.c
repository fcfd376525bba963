/*
 * frame.c - frame objects and their mappings.
 */
#include "frame.h"
#include "dlist.h"
#include "abi/errors.h"
#include "memlayout.h"
#include "pmem.h"
#include "string.h"
#include "task.h"
#include "trace.h"
#include "vm.h"
#include "x86.h"

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

/* The page-table entry of @capability's mapping (it has one: mapped_task is set). */
static pte_t *mapping_entry(const struct capability *capability)
{
    pte_t directory_entry = capability->mapped_task->page_directory[pd_index(capability->mapped_va)];
    return &((pte_t *)phys_to_virt(pte_address(directory_entry)))[pt_index(capability->mapped_va)];
}

/* @capability's entry changed: the TLB may hold the old one if its address space is the
 * one in CR3 (every other address space's entries went at the last CR3 load). */
static void mapping_changed(const struct capability *capability)
{
    if (vm_is_active(capability->mapped_task->page_directory))
        invlpg(capability->mapped_va);
}

int frame_mapping_bits(struct capability *capability, uint32_t clear)
{
    if (!capability->mapped_task)
        return ERR_NOT_FOUND;
    pte_t *entry = mapping_entry(capability);
    uint32_t bits = (*entry & PTE_ACCESSED ? FRAME_BIT_ACCESSED : 0) | (*entry & PTE_DIRTY ? FRAME_BIT_DIRTY : 0) |
                    (*entry & PTE_WRITABLE ? FRAME_BIT_WRITABLE : 0);
    pte_t cleared = *entry & ((clear & FRAME_BIT_ACCESSED ? PTE_ACCESSED : 0) | (clear & FRAME_BIT_DIRTY ? PTE_DIRTY : 0));
    if (cleared) {
        *entry &= ~cleared; /* a cached TLB entry would not set the bits again: drop it */
        mapping_changed(capability);
    }
    TRACE(page_bits, capability->mapped_task->object.id, capability->mapped_va, bits, bits & clear);
    return (int)bits;
}

int frame_protect(struct capability *capability, bool writable)
{
    if (!capability->mapped_task)
        return ERR_NOT_FOUND;
    pte_t *entry = mapping_entry(capability);
    pte_t changed = writable ? *entry | PTE_WRITABLE : *entry & ~(pte_t)PTE_WRITABLE;
    if (changed != *entry) {
        *entry = changed;
        mapping_changed(capability);
    }
    TRACE(page_protect, capability->mapped_task->object.id, capability->mapped_va, ((struct frame *)capability->object)->address, writable);
    return ERR_OK;
}

int frame_copy(struct frame *destination, const struct frame *source)
{
    if (frame_is_device(destination) || frame_is_device(source))
        return ERR_INVALID;
    if (destination != source) /* two RAM frames never share a page */
        memcpy(frame_bytes(destination), frame_bytes(source), PAGE_SIZE);
    TRACE(frame_copy, destination->address, source->address, destination->object.id, source->object.id);
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
