/*
 * slots.c - mm's capability slots, one bit each (slots.h). The lowest free slot is found
 * from a hint: the first word with a clear bit is remembered, and moved down when a slot
 * below it is given back, so a fault's frame costs a word or two of scanning, not a call
 * per slot.
 */
#include "slots.h"
#include "abi/syscalls.h"
#include "start_info.h"
#include "syscall_stubs.h"

#define WORDS (CSPACE_MAX_SLOTS / 32)

static uint32_t taken[WORDS];
static unsigned first_free_word; /* no clear bit below this word */
static unsigned count;
static int reserved_slot = -1;

static bool is_taken(unsigned slot) { return taken[slot / 32] & (1u << (slot % 32)); }

static void mark(unsigned slot)
{
    if (!is_taken(slot))
        count++;
    taken[slot / 32] |= 1u << (slot % 32);
}

static void unmark(unsigned slot)
{
    if (is_taken(slot))
        count--;
    taken[slot / 32] &= ~(1u << (slot % 32));
    if (slot / 32 < first_free_word)
        first_free_word = slot / 32;
}

void slots_init(int reserved)
{
    int size = sys_task_info(CAP_SELF_TASK, TASK_INFO_CSPACE_SLOTS);
    for (unsigned slot = 0; slot <= START_SLOT_LAST; slot++)
        mark(slot);
    for (int slot = START_SLOT_LAST + 1; slot < size && slot < CSPACE_MAX_SLOTS; slot++)
        if (sys_cap_identify(slot) != OBJECT_NONE)
            mark((unsigned)slot);
    if (reserved >= 0 && reserved < CSPACE_MAX_SLOTS) {
        reserved_slot = reserved;
        mark((unsigned)reserved);
    }
}

int slots_take(void)
{
    for (unsigned word = first_free_word; word < WORDS; word++) {
        if (taken[word] == ~0u)
            continue;
        first_free_word = word;
        unsigned bit = (unsigned)__builtin_ctz(~taken[word]);
        mark(word * 32 + bit);
        return (int)(word * 32 + bit);
    }
    first_free_word = WORDS;
    return ERR_NO_MEMORY;
}

int slots_created(int slot)
{
    if (slot < 0 || slot >= CSPACE_MAX_SLOTS)
        return slot < 0 ? slot : ERR_INVALID;
    if (!is_taken((unsigned)slot)) {
        mark((unsigned)slot);
        return slot;
    }
    /* Someone's slot (the reserved one, or one taken for a capability still to come): the
     * new capability moves out, and the slot is empty again, as its taker expects. */
    int moved = slots_take();
    if (moved >= 0 && sys_cap_copy(slot, CAP_SELF_TASK, moved) < 0) {
        slots_give_back(moved);
        moved = ERR_NO_MEMORY;
    }
    sys_cap_delete(slot); /* the copy keeps the object alive */
    return moved;
}

void slots_delete(int slot)
{
    if (slot <= START_SLOT_LAST || slot >= CSPACE_MAX_SLOTS)
        return;
    sys_cap_delete(slot);
    if (slot != reserved_slot)
        unmark((unsigned)slot);
}

void slots_give_back(int slot)
{
    if (slot > START_SLOT_LAST && slot < CSPACE_MAX_SLOTS && slot != reserved_slot)
        unmark((unsigned)slot);
}

unsigned slots_in_use(void) { return count; }
