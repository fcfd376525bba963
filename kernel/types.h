/**
 * @file types.h
 * @brief Basic types used everywhere in the kernel: fixed-width integers and addresses.
 */
#ifndef ORRERY_TYPES_H
#define ORRERY_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A physical address (the kernel runs on 32-bit x86 without PAE). */
typedef uint32_t paddr_t;
/** A virtual address. */
typedef uint32_t vaddr_t;

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12
#define PAGE_MASK (~(PAGE_SIZE - 1))

/** Round @p x down to a multiple of @p align (a power of two). */
#define ALIGN_DOWN(x, align) ((x) & ~((__typeof__(x))(align) - 1))
/** Round @p x up to a multiple of @p align (a power of two). */
#define ALIGN_UP(x, align) ALIGN_DOWN((x) + (__typeof__(x))(align) - 1, (align))
#define IS_ALIGNED(x, align) (((x) & ((__typeof__(x))(align) - 1)) == 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NORETURN __attribute__((noreturn))
/** Keep a function out of line (an uncommon case kept out of a hot path's registers). */
#define NOINLINE __attribute__((noinline))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

#endif
