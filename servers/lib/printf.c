/*
 * printf.c - formatted output: format_string (kernel/format.c) into a buffer, then one put
 * on the stream (stdio.c), so that a printed line is written in one piece.
 */
#include "format.h"
#include "stdio.h"

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

int vfprintf(FILE *stream, const char *fmt, va_list args)
{
    char buf[PRINTF_MAX + 1];
    int length = format_string(buf, sizeof buf, fmt, args);
    fwrite(buf, 1, length < (int)sizeof buf ? (size_t)length : PRINTF_MAX, stream);
    return length;
}

int fprintf(FILE *stream, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int length = vfprintf(stream, fmt, args);
    va_end(args);
    return length;
}

int vprintf(const char *fmt, va_list args) { return vfprintf(stdout, fmt, args); }

int printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int length = vfprintf(stdout, fmt, args);
    va_end(args);
    return length;
}
