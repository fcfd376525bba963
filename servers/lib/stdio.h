/**
 * @file stdio.h
 * @brief printf and snprintf for user programs, printing on the kernel's debug console.
 *
 * Formatting is kernel/format.c's format_string (the same conversions as kprintf: %c %s
 * %d %i %u %x %X %p %%, flags '-' '0', a width, l and ll).
 */
#ifndef ORRERY_USER_STDIO_H
#define ORRERY_USER_STDIO_H

#include <stdarg.h>
#include "types.h"

/** The longest output one printf call prints; longer output is cut at this length. */
#define PRINTF_MAX 1024

/** Print formatted text with debug_write. @return the length of the full output. */
int printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
int vprintf(const char *fmt, va_list args);

/** Format into @p buf (at most @p size bytes, NUL included). @return the full length. */
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

/** Write @p len bytes to the console, in pieces of DEBUG_WRITE_MAX. @return 0 or an error. */
int console_write(const char *text, size_t len);

#endif
