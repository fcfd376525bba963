/*
 * shell/slots.c - finding an empty capability slot (slots.h): the kernel's own calls
 * choose their slots, but a reply's capability needs an empty slot named in advance.
 */
#include "slots.h"
#include "abi/errors.h"
#include "abi/syscalls.h"
#include "start_info.h"
#include "syscall_stubs.h"

int shell_empty_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_MAX_SLOTS; slot++) {
        int type = sys_cap_identify(slot);
        if (type == 0)
            return slot;
        if (type < 0)
            break;
    }
    return ERR_NO_MEMORY;
}
