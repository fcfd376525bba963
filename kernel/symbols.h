/**
 * @file symbols.h
 * @brief Turning code addresses into function names, for panic backtraces.
 *
 * The table is generated at build time from the kernel's own symbols
 * (kernel/tools/mksyms.sh) and linked into the kernel in a second link pass.
 */
#ifndef ORRERY_SYMBOLS_H
#define ORRERY_SYMBOLS_H

#include "types.h"

/**
 * Find the function containing @p address.
 * @param offset if not NULL, receives @p address minus the function's start.
 * @return the function's name, or NULL if the address is not inside known code.
 */
const char *symbol_lookup(uint32_t address, uint32_t *offset);

#endif
