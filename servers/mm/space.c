/*
 * space.c - the memory manager's processes and their pages: every page mm maps into a
 * process is paid for from mm's own quota first (task_quota_give), page tables included,
 * and counted against the process's page limit.
 */
#include "mm.h"
#include "abi/syscalls.h"
#include "syscall_stubs.h"

#define PDE_SPAN (1024u * PAGE_SIZE) /* what one page table maps */

struct mm_process mm_processes[MM_MAX_PROCESSES];

struct mm_process *mm_process_find(unsigned pid)
{
    for (unsigned i = 0; i < MM_MAX_PROCESSES; i++)
        if (mm_processes[i].used && mm_processes[i].pid == pid && pid != 0)
            return &mm_processes[i];
    return NULL;
}

int mm_free_slot(void)
{
    /* The kernel puts new objects in the lowest free slot; one we find empty stays so
     * until this (single-threaded) server makes something. */
    for (int slot = START_SLOT_LAST + 1; slot < MM_CAP_SLOT; slot++)
        if (sys_cap_identify(slot) == OBJECT_NONE)
            return slot;
    return ERR_NO_MEMORY;
}

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

int mm_map(struct mm_process *process, unsigned vaddr, unsigned pages, bool writable, bool heap)
{
    if (!heap && process->pages + process->heap_unmapped + pages > process->max_pages)
        return ERR_NO_MEMORY;
    if (!heap && mm_pay_pages(process, pages) < 0)
        return ERR_NO_MEMORY;
    if (mm_pay_tables(process, vaddr, pages) < 0)
        return ERR_NO_MEMORY;
    unsigned done = 0;
    while (done < pages) {
        unsigned chunk = pages - done < TASK_MAP_MAX_PAGES ? pages - done : TASK_MAP_MAX_PAGES;
        int result = sys_task_map_anon(process->task, vaddr + done * PAGE_SIZE, chunk,
                                       writable ? MAP_WRITABLE : 0);
        if (result < 0)
            return result == ERR_QUOTA ? ERR_NO_MEMORY : result;
        done += chunk;
        process->pages += chunk;
        if (heap)
            process->heap_unmapped -= chunk;
    }
    return 0;
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
    /* Revoking the task capability deletes every copy made of it (pm's), and then the
     * last one goes: the kernel frees the task, its threads, its pages, and gives its
     * quota back to us. */
    if (process->thread >= 0)
        sys_cap_delete(process->thread);
    if (process->task >= 0) {
        sys_cap_revoke(process->task);
        sys_cap_delete(process->task);
    }
    *process = (struct mm_process){ 0 };
    process->task = process->thread = -1;
}
