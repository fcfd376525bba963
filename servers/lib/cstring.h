/**
 * @file cstring.h
 * @brief The rest of C's <string.h> for programs: searching and copying strings.
 *
 * kernel/string.h (linked into the library too) has memset, memcpy, memmove, memcmp, strlen,
 * strcmp, strncmp and strlcpy; this header includes it, so a program includes only this one.
 */
#ifndef ORRERY_USER_CSTRING_H
#define ORRERY_USER_CSTRING_H

#include "string.h"

/** The first @p c in @p text (the terminating NUL counts, for c == 0), or NULL. */
char *strchr(const char *text, int c);
/** The last @p c in @p text, or NULL. */
char *strrchr(const char *text, int c);
/** The first @p c in the @p len bytes at @p memory, or NULL. */
void *memchr(const void *memory, int c, size_t len);
/** The first place @p needle occurs in @p haystack (@p haystack itself for ""), or NULL. */
char *strstr(const char *haystack, const char *needle);
/** strlen, but at most @p max. */
size_t strnlen(const char *text, size_t max);
/** Copy @p src and its NUL to @p dst. @return @p dst. Prefer strlcpy (string.h). */
char *strcpy(char *dst, const char *src);
/** Copy at most @p len bytes of @p src, padding with NULs; no NUL if @p src is longer. */
char *strncpy(char *dst, const char *src, size_t len);
/** Append @p src to @p dst. @return @p dst. */
char *strcat(char *dst, const char *src);
/** The length of the start of @p text made only of bytes in @p accept. */
size_t strspn(const char *text, const char *accept);
/** The length of the start of @p text made only of bytes not in @p reject. */
size_t strcspn(const char *text, const char *reject);
/**
 * Split a string into tokens separated by bytes of @p separators: the first call gets the
 * string in @p text, later calls NULL; *@p saved keeps the place between calls (re-entrant,
 * unlike strtok). Separators are overwritten with NULs. @return the next token, or NULL.
 */
char *strtok_r(char *text, const char *separators, char **saved);

#endif
