/**
 * @file console.h
 * @brief The kernel console: kprintf() writes to the serial port and the VGA screen at once.
 */
#ifndef ORRERY_CONSOLE_H
#define ORRERY_CONSOLE_H

#include <stdarg.h>
#include "types.h"

/** Initialise the serial port and clear the screen. Call before the first kprintf. */
void console_init(void);
/** Write one character to every console. */
void console_putc(char c);
/** Print a formatted message (see format.h for the supported conversions). */
void kprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/** kprintf() taking a va_list. */
void kvprintf(const char *fmt, va_list args);

#endif
