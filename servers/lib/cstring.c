/*
 * cstring.c - searching and copying strings (cstring.h).
 */
#include "cstring.h"

char *strchr(const char *text, int c)
{
    for (;; text++) {
        if (*text == (char)c)
            return (char *)text;
        if (!*text)
            return NULL;
    }
}

char *strrchr(const char *text, int c)
{
    const char *last = NULL;
    for (;; text++) {
        if (*text == (char)c)
            last = text;
        if (!*text)
            return (char *)last;
    }
}

void *memchr(const void *memory, int c, size_t len)
{
    const unsigned char *p = memory;
    for (; len; len--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

char *strstr(const char *haystack, const char *needle)
{
    size_t len = strlen(needle);
    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, len) == 0)
            return (char *)haystack;
    return len == 0 ? (char *)haystack : NULL;
}

size_t strnlen(const char *text, size_t max)
{
    size_t n = 0;
    while (n < max && text[n])
        n++;
    return n;
}

char *strcpy(char *dst, const char *src)
{
    memcpy(dst, src, strlen(src) + 1);
    return dst;
}

char *strncpy(char *dst, const char *src, size_t len)
{
    size_t n = strnlen(src, len);
    memcpy(dst, src, n);
    memset(dst + n, 0, len - n);
    return dst;
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

size_t strspn(const char *text, const char *accept)
{
    size_t n = 0;
    while (text[n] && strchr(accept, text[n]))
        n++;
    return n;
}

size_t strcspn(const char *text, const char *reject)
{
    size_t n = 0;
    while (text[n] && !strchr(reject, text[n]))
        n++;
    return n;
}

char *strtok_r(char *text, const char *separators, char **saved)
{
    char *s = text ? text : *saved;
    if (!s)
        return NULL;
    s += strspn(s, separators);
    if (!*s) {
        *saved = NULL;
        return NULL;
    }
    char *end = s + strcspn(s, separators);
    if (*end) {
        *end = '\0';
        *saved = end + 1;
    } else {
        *saved = NULL;
    }
    return s;
}
