/*
 * shared_map.c - pages of the shared area, taken and given back in a bitmap (shared_map.h).
 */
#include "shared_map.h"
#include "mutex.h"
#include "syscall_stubs.h"

_Static_assert(MM_SHARED_BASE + SHARED_MAP_PAGES * PAGE_SIZE <= MM_SHARED_END,
               "the pages handed out lie in the shared area");

/* How many pages to try when frame_map says ERR_EXISTS. */
#define SHARED_MAP_TRIES 16

static uint32_t taken[SHARED_MAP_PAGES / 32];
static struct mutex lock = MUTEX_INITIALIZER;

static void set_taken(unsigned page, bool value)
{
    if (value)
        taken[page / 32] |= 1u << (page % 32);
    else
        taken[page / 32] &= ~(1u << (page % 32));
}

uint32_t shared_map_frame(int frame, bool writable)
{
    uint32_t address = 0;
    mutex_lock(&lock);
    unsigned tries = 0;
    for (unsigned page = 0; page < SHARED_MAP_PAGES; page++) {
        if (taken[page / 32] & (1u << (page % 32)))
            continue;
        uint32_t vaddr = MM_SHARED_BASE + page * PAGE_SIZE;
        int result = sys_frame_map(frame, CAP_SELF_TASK, vaddr, writable ? FRAME_MAP_WRITABLE : 0);
        /* ERR_EXISTS: the page is mapped by someone else (a frame the starter mapped), or the
         * capability maps its frame already; a few tries tell the two apart. */
        if (result == ERR_EXISTS && ++tries < SHARED_MAP_TRIES)
            continue;
        if (result == 0) {
            set_taken(page, true);
            address = vaddr;
        }
        break;
    }
    mutex_unlock(&lock);
    return address;
}

void shared_unmap_frame(int frame, uint32_t vaddr)
{
    sys_frame_unmap(frame);
    if (vaddr < MM_SHARED_BASE || vaddr >= MM_SHARED_BASE + SHARED_MAP_PAGES * PAGE_SIZE)
        return;
    mutex_lock(&lock);
    set_taken((vaddr - MM_SHARED_BASE) / PAGE_SIZE, false);
    mutex_unlock(&lock);
}

/* Map @p count frames from page @p first on; @return whether all went in (else none). */
static bool map_run(const int *frames, unsigned count, unsigned first, bool writable)
{
    for (unsigned i = 0; i < count; i++) {
        uint32_t vaddr = MM_SHARED_BASE + (first + i) * PAGE_SIZE;
        if (sys_frame_map(frames[i], CAP_SELF_TASK, vaddr, writable ? FRAME_MAP_WRITABLE : 0) < 0) {
            while (i-- > 0)
                sys_frame_unmap(frames[i]);
            return false;
        }
    }
    return true;
}

uint32_t shared_map_frames(const int *frames, unsigned count, bool writable)
{
    if (count == 0 || count > SHARED_MAP_PAGES)
        return 0;
    uint32_t address = 0;
    mutex_lock(&lock);
    unsigned tries = 0;
    for (unsigned first = 0; first + count <= SHARED_MAP_PAGES && !address; first++) {
        bool free = true;
        for (unsigned i = 0; i < count && free; i++)
            free = !(taken[(first + i) / 32] & (1u << ((first + i) % 32)));
        if (!free)
            continue;
        if (!map_run(frames, count, first, writable)) {
            if (++tries < SHARED_MAP_TRIES)
                continue; /* a page mapped by someone else, as in shared_map_frame */
            break;
        }
        for (unsigned i = 0; i < count; i++)
            set_taken(first + i, true);
        address = MM_SHARED_BASE + first * PAGE_SIZE;
    }
    mutex_unlock(&lock);
    return address;
}

void shared_unmap_frames(const int *frames, unsigned count, uint32_t vaddr)
{
    for (unsigned i = 0; i < count; i++)
        shared_unmap_frame(frames[i], vaddr + i * PAGE_SIZE);
}
