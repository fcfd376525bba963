/**
 * @file console.h
 * @brief The kernel console: kprintf() writes to the serial port and the VGA screen at once
 * (the screen only until user space takes it: console_release_vga).
 */
#ifndef ORRERY_CONSOLE_H
#define ORRERY_CONSOLE_H

#include <stdarg.h>
#include "types.h"

/** Initialise the serial port and clear the screen. Call before the first kprintf. */
void console_init(void);
/**
 * From now on write to the serial port only, never to the VGA screen: a user-space driver
 * holds the screen's memory (device_frame_create of VGA_TEXT_PADDR). For good.
 */
void console_release_vga(void);
/** Write @p length bytes of @p text to every console, byte for byte. */
void console_write(const char *text, uint32_t length);
/** Print a formatted message (see format.h for the supported conversions). */
void kprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/** kprintf() taking a va_list. */
void kvprintf(const char *fmt, va_list args);

#endif
