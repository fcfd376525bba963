/*
 * usercopy.c - checked copies between kernel and user memory. The copy loop itself is in
 * probe_access.S (user_copy_bytes), where a fault resumes at the probe fixup.
 */
#include "usercopy.h"
#include "abi/errors.h"
#include "abi/syscalls.h"

/* Defined in probe_access.S: copy, returning ERR_FAULT if a page fault interrupts it. */
int user_copy_bytes(void *destination, const void *source, uint32_t length);

bool user_range_valid(vaddr_t address, uint32_t length)
{
    return address < USER_SPACE_END && length <= USER_SPACE_END - address;
}

int copy_from_user(void *destination, vaddr_t source, uint32_t length)
{
    if (!user_range_valid(source, length))
        return ERR_FAULT;
    return user_copy_bytes(destination, (const void *)source, length);
}

int copy_to_user(vaddr_t destination, const void *source, uint32_t length)
{
    if (!user_range_valid(destination, length))
        return ERR_FAULT;
    return user_copy_bytes((void *)destination, source, length);
}

int copy_string_from_user(char *destination, vaddr_t source, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++) {
        if (copy_from_user(&destination[i], source + i, 1))
            return ERR_FAULT;
        if (destination[i] == '\0')
            return ERR_OK;
    }
    destination[size - 1] = '\0';
    return ERR_OK;
}
