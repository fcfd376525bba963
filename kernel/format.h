/**
 * @file format.h
 * @brief printf-style formatting into a buffer (no output): the core of kprintf.
 *
 * Supports %c %s %d %i %u %x %X %p %%, the flags '-' and '0', a field width, and the
 * length modifiers l (ignored: long is 32 bits) and ll (64-bit values).
 */
#ifndef ORRERY_FORMAT_H
#define ORRERY_FORMAT_H

#include <stdarg.h>
#include "types.h"

/**
 * Format into @p buf, writing at most @p size bytes including the terminating NUL.
 * @return the length the full output would have had (like C's vsnprintf).
 */
int format_string(char *buf, size_t size, const char *fmt, va_list args);

/** Like format_string() with variable arguments. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
