/**
 * @file stdlib.h
 * @brief The C library's general utilities that Orrery programs have: memory (malloc.c)
 *        and numbers from text (strtol.c). exit() is in exit.h.
 */
#ifndef ORRERY_USER_STDLIB_H
#define ORRERY_USER_STDLIB_H

#include "types.h"

/**
 * @p size bytes of memory, aligned for any type (ALLOCATOR_ALIGN), from the heap (heap.h).
 * @return it, or NULL when the heap cannot grow. Safe from several threads at once.
 */
void *malloc(size_t size);

/**
 * Give back memory malloc, calloc or realloc returned (NULL: nothing happens). A double free,
 * a pointer malloc never returned, or a block written past its end ends the program with a
 * report naming the pointer and the problem (assert.h's fatal_error).
 */
void free(void *pointer);

/** @p count * @p size zeroed bytes, or NULL (out of memory, or the product overflows). */
void *calloc(size_t count, size_t size);

/**
 * Resize the memory at @p pointer to @p size bytes, keeping its contents (allocator.h's
 * allocator_realloc). @return it (maybe moved), or NULL: then the old memory is still yours.
 */
void *realloc(void *pointer, size_t size);

/** A copy of the string @p text in malloc'd memory, or NULL. */
char *strdup(const char *text);

/** Check the whole heap (allocator_check). @return NULL if it is sound, else the problem. */
const char *malloc_check(void);

/**
 * The number at the start of @p text in base @p base (2..36, or 0: "0x" hex, "0" octal,
 * else decimal), after white space and an optional sign. *@p end (if not NULL) is set past
 * the last digit used (to @p text if there was none). Values out of range give LONG_MAX or
 * LONG_MIN (there is no errno: compare *@p end, or use strtol_checked).
 */
long strtol(const char *text, char **end, int base);

/** As strtol, for unsigned numbers (a leading '-' negates, as C's does); ULONG_MAX if too big. */
unsigned long strtoul(const char *text, char **end, int base);

/** strtol(text, NULL, 10) as an int. */
int atoi(const char *text);

/**
 * The whole of @p text as a number in base @p base: true and *@p value set only if @p text
 * is one number (optional white space and sign, digits, optional white space, nothing else)
 * within long's range.
 * What a program checking its arguments wants.
 */
bool strtol_checked(const char *text, int base, long *value);

/** The absolute value of @p n. */
static inline int abs(int n) { return n < 0 ? -n : n; }

#endif
