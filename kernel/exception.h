/**
 * @file exception.h
 * @brief The names of the CPU's exception vectors (0..EXCEPTION_COUNT-1, trap_frame.h).
 *
 * A file of its own so that what only prints a vector (panic.c, fault.c) does not depend
 * on the dispatcher in trap.h, which depends on nearly everything.
 */
#ifndef ORRERY_EXCEPTION_H
#define ORRERY_EXCEPTION_H

#include "types.h"

/** The mnemonic and description of an exception vector, e.g. "#PF page fault"; "reserved
 *  exception" for a vector the CPU does not define. */
const char *exception_name(uint32_t vector);

#endif
