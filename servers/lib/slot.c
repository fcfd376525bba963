/*
 * slot.c - empty capability slots, reserved in a bitmap (slot.h).
 */
#include "slot.h"
#include "mutex.h"
#include "start_info.h"
#include "syscall_stubs.h"

static uint32_t reserved[SLOT_ALLOC_LIMIT / 32];
static struct mutex lock = MUTEX_INITIALIZER;

static bool is_reserved(int slot) { return reserved[slot / 32] & (1u << (slot % 32)); }

int slot_alloc(void)
{
    mutex_lock(&lock);
    int found = ERR_NO_MEMORY;
    for (int slot = START_SLOT_LAST + 1; slot < SLOT_ALLOC_LIMIT; slot++) {
        if (is_reserved(slot) || sys_cap_identify(slot) != OBJECT_NONE)
            continue;
        reserved[slot / 32] |= 1u << (slot % 32);
        found = slot;
        break;
    }
    mutex_unlock(&lock);
    return found;
}

void slot_release(int slot)
{
    if (slot <= START_SLOT_LAST || slot >= SLOT_ALLOC_LIMIT)
        return;
    mutex_lock(&lock);
    reserved[slot / 32] &= ~(1u << (slot % 32));
    mutex_unlock(&lock);
}

void slot_free(int slot)
{
    if (slot <= START_SLOT_LAST || slot >= SLOT_ALLOC_LIMIT)
        return;
    sys_cap_delete(slot);
    slot_release(slot);
}
