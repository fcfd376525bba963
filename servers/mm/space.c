/*
 * space.c - the memory manager's processes and their pages. Every page mm gives a process
 * is a frame of the frame table (frame_table.h), charged to mm's own quota and mapped
 * through mm's capability; its page tables are paid from mm's quota into the process's
 * (task_quota_give) as the kernel charges them there. What a process may still be given
 * (its heap up to the break, the image pages not filled yet) is set aside from mm's quota
 * beforehand (mm_reserve), so that a fault a process was promised does not fail.
 */
#include "mm.h"
#include "frame_table.h"
#include "slots.h"
#include "abi/syscalls.h"
#include "syscall_stubs.h"

#define PDE_SPAN (1024u * PAGE_SIZE) /* what one page table maps */
#define FILL_WINDOW (MM_SHARED_BASE + 0x10000u) /* a new page, in mm while it is filled */
/* What a page costs mm: the frame, and the kernel's frame object beside it. */
#define PAGE_COST (PAGE_SIZE + PAGE_SIZE / 32)
/* Never promised: mm's own needs (its tables, its capability space, page tables). */
#define RESERVE_MARGIN_PAGES 64

struct mm_process mm_processes[MM_MAX_PROCESSES];
unsigned mm_reserved_pages;

struct mm_process *mm_process_find(unsigned pid)
{
    for (unsigned i = 0; i < MM_MAX_PROCESSES; i++)
        if (mm_processes[i].used && mm_processes[i].pid == pid && pid != 0)
            return &mm_processes[i];
    return NULL;
}

int mm_free_slot(void) { return slots_take(); }

int mm_pay_pages(struct mm_process *process, unsigned pages)
{
    if (pages == 0)
        return 0;
    return sys_task_quota_give(process->task, pages * PAGE_SIZE) < 0 ? ERR_NO_MEMORY : 0;
}

int mm_pay_tables(struct mm_process *process, unsigned vaddr, unsigned pages)
{
    unsigned first = vaddr / PDE_SPAN, last = (vaddr + pages * PAGE_SIZE - 1) / PDE_SPAN;
    unsigned needed = 0;
    for (unsigned pde = first; pde <= last && pde < MM_USER_PDES; pde++)
        if (!(process->tables[pde / 32] & (1u << (pde % 32))))
            needed++;
    if (mm_pay_pages(process, needed) < 0)
        return ERR_NO_MEMORY;
    for (unsigned pde = first; pde <= last && pde < MM_USER_PDES; pde++)
        process->tables[pde / 32] |= 1u << (pde % 32);
    return 0;
}

int mm_reserve(unsigned pages)
{
    int limit = sys_debug_info(DEBUG_INFO_QUOTA_LIMIT), used = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    unsigned free = limit > used ? (unsigned)(limit - used) / PAGE_COST : 0;
    if (free < RESERVE_MARGIN_PAGES || free - RESERVE_MARGIN_PAGES < mm_reserved_pages ||
        free - RESERVE_MARGIN_PAGES - mm_reserved_pages < pages)
        return ERR_NO_MEMORY;
    mm_reserved_pages += pages;
    return 0;
}

void mm_unreserve(unsigned pages)
{
    mm_reserved_pages = pages < mm_reserved_pages ? mm_reserved_pages - pages : 0;
}

/* Fill frame @p slot's page in mm's window. */
static int fill_frame(int slot, mm_page_filler fill, void *context)
{
    int result = sys_frame_map(slot, CAP_SELF_TASK, FILL_WINDOW, FRAME_MAP_WRITABLE);
    if (result < 0)
        return result == ERR_QUOTA ? ERR_NO_MEMORY : result;
    result = fill((uint8_t *)FILL_WINDOW, context);
    sys_frame_unmap(slot);
    return result;
}

int mm_page_new(struct mm_process *process, unsigned vaddr, bool writable, mm_page_filler fill,
                void *context)
{
    struct page_entry *entry = page_map_entry(&process->map, vaddr);
    if (!entry || mm_pay_tables(process, vaddr, 1) < 0)
        return ERR_NO_MEMORY;
    int error;
    unsigned index = frame_table_new(&error);
    if (index == FRAME_TABLE_NONE)
        return error;
    struct frame_entry *frame = frame_table_get(index);
    int result = fill ? fill_frame(frame->slot, fill, context) : 0;
    if (result == 0)
        result = sys_frame_map(frame->slot, process->task, vaddr, writable ? FRAME_MAP_WRITABLE : 0);
    if (result < 0) {
        frame_table_put(index);
        return result == ERR_QUOTA ? ERR_NO_MEMORY : result;
    }
    frame->refs = 1;
    frame->flags = process->wired ? FRAME_ENTRY_WIRED : 0;
    frame->home_process = (uint8_t)(process - mm_processes);
    frame->home_vaddr = vaddr;
    *entry = (struct page_entry){ .slot = (uint16_t)frame->slot, .state = PAGE_RESIDENT,
                                  .flags = writable ? PAGE_WRITABLE : 0, .value = index };
    process->resident++;
    return 0;
}

int mm_page_share(struct mm_process *process, unsigned vaddr, unsigned frame, unsigned flags)
{
    struct page_entry *entry = page_map_entry(&process->map, vaddr);
    if (!entry || mm_pay_tables(process, vaddr, 1) < 0)
        return ERR_NO_MEMORY;
    int copy = slots_take();
    if (copy < 0)
        return ERR_NO_MEMORY;
    int result = sys_cap_copy(frame_table_get(frame)->slot, CAP_SELF_TASK, copy);
    if (result == 0)
        result = sys_frame_map(copy, process->task, vaddr, flags & PAGE_WRITABLE ? FRAME_MAP_WRITABLE : 0);
    if (result < 0) {
        slots_delete(copy);
        return result == ERR_QUOTA ? ERR_NO_MEMORY : result;
    }
    frame_table_get_ref(frame);
    *entry = (struct page_entry){ .slot = (uint16_t)copy, .state = PAGE_RESIDENT,
                                  .flags = (uint8_t)(flags & (PAGE_WRITABLE | PAGE_COW)),
                                  .value = frame };
    process->resident++;
    return 0;
}

void mm_page_remove(struct mm_process *process, unsigned vaddr, struct page_entry *entry)
{
    (void)vaddr;
    if (entry->state != PAGE_RESIDENT)
        return;
    struct frame_entry *frame = frame_table_get(entry->value);
    /* Deleting a capability removes its mapping: only the frame's own capability, kept
     * for the other pages that map the frame, is unmapped by hand (and not once the task
     * is gone: the kernel forgot its mappings then). */
    if (entry->slot != frame->slot)
        slots_delete(entry->slot); /* a copy made for this mapping */
    else if (frame->refs > 1 && process->task >= 0)
        sys_frame_unmap(entry->slot);
    frame_table_put(entry->value);
    *entry = (struct page_entry){ 0 };
    process->resident--;
}

static void remove_visit(unsigned vaddr, struct page_entry *entry, void *context)
{
    mm_page_remove(context, vaddr, entry);
}

struct mm_process *mm_process_of_badge(unsigned badge)
{
    if (!NS_BADGE_IS_PROCESS(badge) || MM_BADGE_IS_SHARE(badge) || MM_BADGE_IS_FAULT(badge))
        return NULL;
    return mm_process_find(NS_BADGE_PID(badge));
}

void mm_process_free(struct mm_process *process)
{
    mm_share_leave_all(process); /* its shared buffers' frames are unmapped first */
    mm_program_close(process);
    /* Revoking the task capability deletes every copy made of it (pm's), and then the
     * last one goes: the kernel frees the task and its threads, and gives its quota back
     * to us. Its pages are ours: each goes with its frame's last reference. */
    if (process->thread >= 0)
        slots_delete(process->thread);
    if (process->task >= 0) {
        sys_cap_revoke(process->task);
        slots_delete(process->task);
        process->task = -1;
    }
    page_map_for_each(&process->map, remove_visit, process);
    page_map_destroy(&process->map);
    mm_unreserve(process->heap_unmapped + process->image_unfilled);
    *process = (struct mm_process){ 0 };
    process->task = process->thread = -1;
}
