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

void console_write(const char *text, uint32_t length)
{
    bool vga = !vga_released;
    for (uint32_t i = 0; i < length; i++) {
        serial_putc(text[i]);
        if (vga)
            vga_putc(text[i]);
    }
}

void kvprintf(const char *fmt, va_list args)
{
    char buffer[KPRINTF_BUFFER_SIZE];
    int length = format_string(buffer, sizeof buffer, fmt, args); /* what it would have been */
    /* One message at a time: an interrupt must not splice its output into ours. */
    uint32_t flags = irq_save();
    console_write(buffer, length < (int)sizeof buffer ? (uint32_t)length : sizeof buffer - 1);
    irq_restore(flags);
}

void kprintf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kvprintf(fmt, args);
    va_end(args);
}
