/*
 * console.c - kprintf and the console it writes to (serial + VGA).
 */
#include "console.h"
#include "format.h"
#include "serial.h"
#include "vga.h"
#include "x86.h"

#define KPRINTF_BUFFER_SIZE 512

void console_init(void)
{
    serial_init();
    vga_init();
}

static bool vga_released;

void console_release_vga(void) { vga_released = true; }

void console_putc(char c)
{
    serial_putc(c);
    if (!vga_released)
        vga_putc(c);
}

void kvprintf(const char *fmt, va_list args)
{
    char buffer[KPRINTF_BUFFER_SIZE];
    format_string(buffer, sizeof buffer, fmt, args);
    /* One message at a time: an interrupt must not splice its output into ours. */
    uint32_t flags = irq_save();
    for (const char *p = buffer; *p; p++)
        console_putc(*p);
    irq_restore(flags);
}

void kprintf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kvprintf(fmt, args);
    va_end(args);
}
