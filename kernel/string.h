/**
 * @file string.h
 * @brief The few C string and memory functions the kernel uses.
 */
#ifndef ORRERY_STRING_H
#define ORRERY_STRING_H

#include "types.h"

void *memset(void *dst, int value, size_t len);
void *memcpy(void *dst, const void *src, size_t len);
void *memmove(void *dst, const void *src, size_t len);
int memcmp(const void *a, const void *b, size_t len);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t len);
/** Copy at most @p size - 1 characters and always terminate (when @p size > 0). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
