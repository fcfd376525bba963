/*
 * own_pages.c - mm's own pages (own_pages.h): a bitmap of the region's pages and, for each
 * page in use, the slot of the frame capability that maps it.
 */
#include "own_pages.h"
#include "slots.h"
#include "abi/syscalls.h"
#include "syscall_stubs.h"

static uint32_t used[MM_OWN_PAGES_MAX / 32];
static uint16_t frame_slot[MM_OWN_PAGES_MAX];
static unsigned in_use;

static bool is_used(unsigned page) { return used[page / 32] & (1u << (page % 32)); }

static void *address_of(unsigned page) { return (void *)(MM_OWN_PAGES_BASE + page * PAGE_SIZE); }

/* Back page @p page with a new frame. @return 0 or an error. */
static int back(unsigned page)
{
    int slot = slots_created(sys_frame_create());
    if (slot < 0)
        return slot;
    int result = sys_frame_map(slot, CAP_SELF_TASK, (unsigned)address_of(page), FRAME_MAP_WRITABLE);
    if (result < 0) {
        slots_delete(slot);
        return result;
    }
    frame_slot[page] = (uint16_t)slot;
    used[page / 32] |= 1u << (page % 32);
    in_use++;
    return 0;
}

void own_pages_free(void *pages, unsigned count)
{
    unsigned first = ((unsigned)pages - MM_OWN_PAGES_BASE) / PAGE_SIZE;
    for (unsigned page = first; page < first + count && page < MM_OWN_PAGES_MAX; page++) {
        if (!is_used(page))
            continue;
        slots_delete(frame_slot[page]); /* unmaps it from us and frees the frame */
        used[page / 32] &= ~(1u << (page % 32));
        in_use--;
    }
}

void *own_pages_alloc(unsigned count)
{
    for (unsigned page = 0; page + count <= MM_OWN_PAGES_MAX; page++) {
        if (used[page / 32] == ~0u) {
            page = page / 32 * 32 + 31;
            continue;
        }
        unsigned n = 0;
        while (n < count && !is_used(page + n))
            n++;
        if (n < count) {
            page += n;
            continue;
        }
        for (n = 0; n < count; n++)
            if (back(page + n) < 0) {
                own_pages_free(address_of(page), n);
                return NULL;
            }
        return address_of(page);
    }
    return NULL;
}

unsigned own_pages_in_use(void) { return in_use; }
