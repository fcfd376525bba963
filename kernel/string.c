/*
 * string.c - memory and string helpers, for the kernel and for user programs.
 *
 * Plain loops, except that memset and memcpy move whole 32-bit words with the x86 string
 * instructions (rep stosl, rep movsl) when both ends are word-aligned: zeroing a page is
 * the bulk of a demand-zero page fault, and a byte loop costs four times the instructions.
 */
#include "string.h"

void *memset(void *dst, int value, size_t len)
{
    uint8_t *d = dst;
    if (((uintptr_t)d & 3) == 0 && (len & 3) == 0) {
        uint32_t word = (uint8_t)value * 0x01010101u;
        size_t words = len / 4;
        __asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(word) : "memory");
        return dst;
    }
    while (len--)
        *d++ = (uint8_t)value;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t len)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s | len) & 3) == 0) {
        size_t words = len / 4;
        __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
        return dst;
    }
    while (len--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t len)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s)
        return memcpy(dst, src, len);
    while (len--)
        d[len] = s[len];
    return dst;
}

int memcmp(const void *a, const void *b, size_t len)
{
    const uint8_t *x = a, *y = b;
    for (; len; len--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t len)
{
    for (; len; len--, a++, b++) {
        if (*a != *b)
            return (uint8_t)*a - (uint8_t)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
