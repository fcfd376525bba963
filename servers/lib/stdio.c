/*
 * stdio.c - printf for user programs: format_string into a buffer, then debug_write.
 */
#include "stdio.h"
#include "format.h"
#include "syscall_stubs.h"

int console_write(const char *text, size_t len)
{
    while (len > 0) {
        size_t chunk = len < DEBUG_WRITE_MAX ? len : DEBUG_WRITE_MAX;
        int written = sys_debug_write(text, chunk);
        if (written < 0)
            return written;
        text += chunk;
        len -= chunk;
    }
    return 0;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    return format_string(buf, size, fmt, args);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int length = format_string(buf, size, fmt, args);
    va_end(args);
    return length;
}

int vprintf(const char *fmt, va_list args)
{
    char buf[PRINTF_MAX + 1];
    int length = format_string(buf, sizeof buf, fmt, args);
    console_write(buf, length < (int)sizeof buf ? (size_t)length : PRINTF_MAX);
    return length;
}

int printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int length = vprintf(fmt, args);
    va_end(args);
    return length;
}
