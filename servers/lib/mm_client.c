/*
 * mm_client.c - the memory manager's client stubs (mm_client.h).
 */
#include "mm_client.h"
#include "rpc.h"

int mm_stat(int mm, unsigned pid, struct mm_stat *stat)
{
    unsigned out[3] = { 0 };
    int pages = rpc_call_long(mm, MM_STAT, &pid, 1, -1, -1, out, 3, NULL);
    if (pages < 0)
        return pages;
    if (stat)
        *stat = (struct mm_stat){ (unsigned)pages, out[0], out[1], out[2] };
    return 0;
}

int mm_share_create(int mm, unsigned pages, int slot)
{
    return rpc_call_for_cap(mm, MM_SHARE_CREATE, &pages, 1, -1, slot);
}

int mm_share_map(int handle, unsigned vaddr)
{
    return rpc_call_long(handle, MM_SHARE_MAP, &vaddr, 1, CAP_SELF_TASK, -1, NULL, 0, NULL);
}
