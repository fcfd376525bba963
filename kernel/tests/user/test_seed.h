/*
 * test_seed.h - the per-run seed a harness gives a test program, and the words made from it.
 *
 * The grader (labs/lab3/grade.py) puts "test_seed=0xHEX" on the kernel command line, a
 * fresh random number for every run. Only the *sending* side of a test program reads it: it
 * sends words made from the seed (test_seed_word), the receiving side prints the words it
 * got, and the grader, which knows the seed, checks the printed words. A receiver can only
 * print the right words if IPC brought them: a kernel that stops the machine early, or
 * hands over stale registers, prints nothing or the wrong words. Without the word on the
 * command line (make run ROOT=NAME) the seed is TEST_SEED_DEFAULT.
 *
 * A program that receives many words prints a digest of them (test_digest_add, FNV-1a over
 * whole words) instead. The Python side of test_seed_word and test_digest_add is seed_word()
 * and digest() in labs/lab3/expected_output.py; change both sides together.
 */
#ifndef ORRERY_TEST_SEED_H
#define ORRERY_TEST_SEED_H

#include "abi/user_bootinfo.h"

#define TEST_SEED_KEY "test_seed=0x"
#define TEST_SEED_DEFAULT 0x5EED5EEDu

/** The value of "test_seed=0xHEX" on the command line, or TEST_SEED_DEFAULT. */
static inline unsigned test_seed(const struct user_boot_info *info)
{
    const char *key = TEST_SEED_KEY;
    unsigned key_length = sizeof TEST_SEED_KEY - 1;
    for (const char *p = info->cmdline; *p; p++) {
        if (p != info->cmdline && p[-1] != ' ')
            continue;
        unsigned i = 0;
        while (i < key_length && p[i] == key[i])
            i++;
        if (i < key_length)
            continue;
        unsigned value = 0, digits = 0;
        for (const char *d = p + key_length; *d && *d != ' '; d++, digits++) {
            unsigned nibble = *d >= '0' && *d <= '9' ? (unsigned)(*d - '0')
                            : *d >= 'a' && *d <= 'f' ? (unsigned)(*d - 'a' + 10)
                            : *d >= 'A' && *d <= 'F' ? (unsigned)(*d - 'A' + 10) : 16u;
            if (nibble == 16u || digits == 8)
                return TEST_SEED_DEFAULT;
            value = value << 4 | nibble;
        }
        return digits ? value : TEST_SEED_DEFAULT;
    }
    return TEST_SEED_DEFAULT;
}

/** Word @p index of the run: MurmurHash3's finalizer of seed + index * golden ratio. */
static inline unsigned test_seed_word(unsigned seed, unsigned index)
{
    unsigned x = seed + index * 0x9E3779B9u;
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

#define TEST_DIGEST_START 2166136261u /* FNV-1a's offset basis */
#define TEST_DIGEST_PRIME 16777619u

/** The digest @p digest (start with TEST_DIGEST_START) extended by @p word. */
static inline unsigned test_digest_add(unsigned digest, unsigned word)
{
    return (digest ^ word) * TEST_DIGEST_PRIME;
}

#endif
