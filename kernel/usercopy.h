/**
 * @file usercopy.h
 * @brief Reading and writing user memory from the kernel, safely.
 *
 * A system call's pointer arguments come from user code and may be anything: NULL, a
 * kernel address, unmapped or read-only memory. These functions check that the range lies
 * in user space and does not wrap around, then copy; a page fault during the copy is
 * caught (see probe.h) and becomes ERR_FAULT instead of a panic.
 */
#ifndef ORRERY_USERCOPY_H
#define ORRERY_USERCOPY_H

#include "types.h"

/** True if [@p address, @p address + @p length) lies wholly below USER_SPACE_END. */
bool user_range_valid(vaddr_t address, uint32_t length);

/** Copy @p length bytes from user address @p source. @return ERR_OK or ERR_FAULT. */
int copy_from_user(void *destination, vaddr_t source, uint32_t length);

/** Copy @p length bytes to user address @p destination. @return ERR_OK or ERR_FAULT. */
int copy_to_user(vaddr_t destination, const void *source, uint32_t length);

/**
 * Copy a NUL-terminated string of at most @p size - 1 characters from user memory; the
 * result is always terminated. @return ERR_OK or ERR_FAULT.
 */
int copy_string_from_user(char *destination, vaddr_t source, uint32_t size);

#endif
