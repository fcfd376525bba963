/**
 * @file cmdline.h
 * @brief Reading words from the kernel command line ("exit test=NAME nonce=1f2e").
 */
#ifndef ORRERY_CMDLINE_H
#define ORRERY_CMDLINE_H

#include "types.h"

/** True if the word @p flag appears on its own (e.g. "exit"). */
bool cmdline_has_flag(const char *cmdline, const char *flag);

/**
 * Copy the value of "@p key=value" into @p value (at most @p size - 1 characters).
 * @return true if the key is present.
 */
bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size);

/** The value of "@p key=N" as a number (decimal, or hex with 0x), or @p fallback. */
uint64_t cmdline_get_number(const char *cmdline, const char *key, uint64_t fallback);

/** Parse a decimal or 0x-prefixed hex number. @return false if @p text is not one. */
bool parse_number(const char *text, uint64_t *value);

#endif
