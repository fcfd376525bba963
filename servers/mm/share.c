/*
 * share.c - shared buffers (proto/mm.h: MM_SHARE_CREATE, MM_SHARE_MAP). A buffer is a few
 * frames the memory manager makes once and keeps; each process that maps it gets its own
 * copies of the frame capabilities (a frame capability maps its frame once), mapped into
 * its task. A buffer lives while a process uses it: its creator, and every process that
 * mapped it; as the last one ends, the frames are deleted (and with them every mapping)
 * and the handle revoked (every copy of it, wherever it went, is deleted).
 */
#include "mm.h"
#include "slots.h"
#include "abi/syscalls.h"
#include "syscall_stubs.h"

/* One buffer. */
static struct share {
    bool used;
    unsigned pages;
    unsigned users;                 /* processes using it */
    int handle;                     /* our endpoint badged MM_SHARE_BADGE(index) */
    int frames[MM_SHARE_MAX_PAGES]; /* ours, never mapped: the copies are */
} shares[MM_SHARE_MAX];

/* One process's use of one buffer. */
static struct share_user {
    bool used;
    unsigned share, pid;
    unsigned vaddr;                 /* where it is mapped in the process; 0: not mapped */
    int mapped[MM_SHARE_MAX_PAGES]; /* the frame copies that map it there */
} users[MM_SHARE_USERS];

static unsigned caps_in_use; /* capabilities of shares[] and users[], at most MM_SHARE_CAPS_MAX */

/* A capability of ours goes; it was counted. */
static void drop_cap(int slot)
{
    slots_delete(slot);
    caps_in_use--;
}

static struct share_user *user_of(unsigned share, unsigned pid)
{
    for (unsigned i = 0; i < MM_SHARE_USERS; i++)
        if (users[i].used && users[i].share == share && users[i].pid == pid)
            return &users[i];
    return NULL;
}

static struct share_user *free_user(void)
{
    for (unsigned i = 0; i < MM_SHARE_USERS; i++)
        if (!users[i].used)
            return &users[i];
    return NULL;
}

/* Delete a buffer nobody uses any more: its frames (mapped nowhere now) and its handle,
 * every copy of which is revoked with it. */
static void share_free(struct share *s)
{
    for (unsigned i = 0; i < s->pages; i++)
        if (s->frames[i] >= 0)
            drop_cap(s->frames[i]);
    if (s->handle >= 0) {
        sys_cap_revoke(s->handle);
        drop_cap(s->handle);
    }
    *s = (struct share){ 0 };
}

/* Unmap @p u's mapping (the first @p count pages of it). */
static void unmap(struct share_user *u, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        sys_frame_unmap(u->mapped[i]);
        drop_cap(u->mapped[i]);
    }
    u->vaddr = 0;
}

int mm_handle_share_create(struct rpc_request *request, struct rpc_response *response)
{
    struct mm_process *process = mm_process_of_badge(request->badge);
    if (!process)
        return ERR_NO_RIGHTS;
    unsigned pages = request->words[0];
    if (pages == 0 || pages > MM_SHARE_MAX_PAGES)
        return ERR_INVALID;
    if (process->pages + process->heap_unmapped + pages > process->max_pages ||
        caps_in_use + pages + 1 > MM_SHARE_CAPS_MAX)
        return ERR_NO_MEMORY;
    struct share *s = NULL;
    for (unsigned i = 0; i < MM_SHARE_MAX && !s; i++)
        if (!shares[i].used)
            s = &shares[i];
    struct share_user *u = free_user();
    if (!s || !u)
        return ERR_NO_MEMORY;
    *s = (struct share){ .used = true, .handle = -1 };
    for (unsigned i = 0; i < MM_SHARE_MAX_PAGES; i++)
        s->frames[i] = -1;
    int result = 0;
    for (; s->pages < pages && result >= 0; s->pages++) {
        result = s->frames[s->pages] = slots_created(sys_frame_create()); /* zeroed, paid from our quota */
        if (result >= 0)
            caps_in_use++;
    }
    int handle = result < 0 ? result : mm_free_slot();
    if (handle >= 0)
        result = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, handle, RIGHT_WRITE | RIGHT_GRANT,
                              MM_SHARE_BADGE((unsigned)(s - shares)));
    if (handle >= 0 && result < 0)
        slots_give_back(handle);
    if (handle < 0 || result < 0) {
        share_free(s);
        return ERR_NO_MEMORY;
    }
    s->handle = handle;
    caps_in_use++;
    s->users = 1;
    *u = (struct share_user){ .used = true, .share = (unsigned)(s - shares), .pid = process->pid };
    process->pages += pages; /* its page limit counts them from now on */
    response->cap = s->handle;
    return 0;
}

/* The process whose task @p task is (a capability of the caller's we received), or NULL. */
static struct mm_process *process_of_task(int task)
{
    if ((sys_cap_identify(task) & 0xFF) != OBJECT_TASK)
        return NULL;
    int id = sys_task_info(task, TASK_INFO_ID);
    for (unsigned i = 0; i < MM_MAX_PROCESSES && id >= 0; i++)
        if (mm_processes[i].used && sys_task_info(mm_processes[i].task, TASK_INFO_ID) == id)
            return &mm_processes[i];
    return NULL;
}

/* Whether [vaddr, end) meets a buffer @p pid has mapped. */
static bool overlaps(unsigned pid, unsigned vaddr, unsigned end)
{
    for (unsigned i = 0; i < MM_SHARE_USERS; i++) {
        const struct share_user *u = &users[i];
        if (u->used && u->pid == pid && u->vaddr &&
            vaddr < u->vaddr + shares[u->share].pages * PAGE_SIZE && u->vaddr < end)
            return true;
    }
    return false;
}

int mm_handle_share_map(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned index = MM_SHARE_BADGE_INDEX(request->badge);
    if (!MM_BADGE_IS_SHARE(request->badge) || index >= MM_SHARE_MAX || !shares[index].used)
        return ERR_NO_RIGHTS;
    struct share *s = &shares[index];
    if ((sys_cap_identify(request->cap) & 0xFF) != OBJECT_TASK)
        return ERR_INVALID;
    unsigned vaddr = request->words[0], size = s->pages * PAGE_SIZE;
    if (vaddr % PAGE_SIZE || vaddr < MM_SHARED_BASE || vaddr >= MM_SHARED_END ||
        size > MM_SHARED_END - vaddr)
        return ERR_INVALID;
    struct mm_process *process = process_of_task(request->cap);
    if (!process)
        return ERR_NOT_FOUND;
    struct share_user *u = user_of(index, process->pid);
    if ((u && u->vaddr) || overlaps(process->pid, vaddr, vaddr + size))
        return ERR_EXISTS;
    bool new_user = !u;
    if (new_user && (process->pages + process->heap_unmapped + s->pages > process->max_pages ||
                     !(u = free_user())))
        return ERR_NO_MEMORY;
    if (caps_in_use + s->pages > MM_SHARE_CAPS_MAX || mm_pay_tables(process, vaddr, s->pages) < 0)
        return ERR_NO_MEMORY;
    struct share_user mapping = { .used = true, .share = index, .pid = process->pid, .vaddr = vaddr };
    int result = 0;
    unsigned done = 0;
    for (; done < s->pages && result >= 0; done++) {
        int copy = mm_free_slot();
        result = copy < 0 ? copy : sys_cap_copy(s->frames[done], CAP_SELF_TASK, copy);
        if (result < 0) {
            slots_give_back(copy);
            break;
        }
        caps_in_use++;
        mapping.mapped[done] = copy;
        result = sys_frame_map(copy, process->task, vaddr + done * PAGE_SIZE, FRAME_MAP_WRITABLE);
        if (result < 0) {
            drop_cap(copy);
            break;
        }
    }
    if (result < 0) {
        unmap(&mapping, done); /* the pages mapped before the one that failed */
        return result == ERR_EXISTS ? ERR_EXISTS : ERR_NO_MEMORY;
    }
    *u = mapping;
    if (new_user) {
        s->users++;
        process->pages += s->pages;
    }
    return (int)s->pages;
}

void mm_share_leave_all(struct mm_process *process)
{
    for (unsigned i = 0; i < MM_SHARE_USERS; i++) {
        struct share_user *u = &users[i];
        if (!u->used || u->pid != process->pid)
            continue;
        struct share *s = &shares[u->share];
        if (u->vaddr)
            unmap(u, s->pages);
        u->used = false;
        if (--s->users == 0)
            share_free(s);
    }
}
