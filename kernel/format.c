/*
 * format.c - a small vsnprintf. Pure code: also compiled for the host in unit tests.
 */
#include "format.h"

struct output {
    char *buf;
    size_t size;
    size_t length;
};

static void emit(struct output *out, char c)
{
    if (out->length + 1 < out->size)
        out->buf[out->length] = c;
    out->length++;
}

static void emit_padded(struct output *out, const char *text, size_t len, int width,
                        bool left_align, char pad)
{
    int padding = width > (int)len ? width - (int)len : 0;
    if (!left_align && pad == '0' && len && (*text == '-')) {
        emit(out, '-'); /* the sign goes before zero padding */
        text++, len--;
    }
    if (!left_align)
        while (padding-- > 0)
            emit(out, pad);
    while (len--)
        emit(out, *text++);
    if (left_align)
        while (padding-- > 0)
            emit(out, ' ');
}

/* Digits of @value in @base, written backwards into the end of @digits; returns the start. */
static char *number_to_text(char *end, uint64_t value, unsigned base, bool upper, bool negative)
{
    const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    *--p = '\0';
    do {
        *--p = alphabet[value % base];
        value /= base;
    } while (value);
    if (negative)
        *--p = '-';
    return p;
}

int format_string(char *buf, size_t size, const char *fmt, va_list args)
{
    struct output out = { buf, size, 0 };
    char digits[24];

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(&out, *fmt);
            continue;
        }
        fmt++;
        bool left_align = false;
        char pad = ' ';
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left_align = true;
            else
                pad = '0';
        }
        int width = 0;
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        int longs = 0;
        for (; *fmt == 'l'; fmt++)
            longs++;

        char *text;
        switch (*fmt) {
        case 'c':
            digits[0] = (char)va_arg(args, int);
            emit_padded(&out, digits, 1, width, left_align, ' ');
            break;
        case 's':
            text = va_arg(args, char *);
            if (!text)
                text = "(null)";
            size_t len = 0;
            while (text[len])
                len++;
            emit_padded(&out, text, len, width, left_align, ' ');
            break;
        case 'd':
        case 'i': {
            int64_t value = longs >= 2 ? va_arg(args, int64_t) : va_arg(args, int);
            uint64_t magnitude = value < 0 ? -(uint64_t)value : (uint64_t)value;
            text = number_to_text(digits + sizeof digits, magnitude, 10, false, value < 0);
            emit_padded(&out, text, (size_t)(digits + sizeof digits - 1 - text), width, left_align, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t value = longs >= 2 ? va_arg(args, uint64_t) : va_arg(args, unsigned);
            unsigned base = *fmt == 'u' ? 10 : 16;
            text = number_to_text(digits + sizeof digits, value, base, *fmt == 'X', false);
            emit_padded(&out, text, (size_t)(digits + sizeof digits - 1 - text), width, left_align, pad);
            break;
        }
        case 'p': {
            uintptr_t value = (uintptr_t)va_arg(args, void *);
            text = number_to_text(digits + sizeof digits, value, 16, false, false);
            emit(&out, '0');
            emit(&out, 'x');
            emit_padded(&out, text, (size_t)(digits + sizeof digits - 1 - text), 8, false, '0');
            break;
        }
        case '%':
            emit(&out, '%');
            break;
        case '\0':
            fmt--; /* a lone '%' at the end: stop after it */
            break;
        default:
            emit(&out, '%');
            emit(&out, *fmt);
            break;
        }
    }
    if (size)
        buf[out.length < size ? out.length : size - 1] = '\0';
    return (int)out.length;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int length = format_string(buf, size, fmt, args);
    va_end(args);
    return length;
}
