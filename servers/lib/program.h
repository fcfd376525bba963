/**
 * @file program.h
 * @brief What a program (a server of the boot manifest, or a process) is given at start,
 *        and how it ends. Include this instead of runtime.h (whose main takes boot info).
 */
#ifndef ORRERY_USER_PROGRAM_H
#define ORRERY_USER_PROGRAM_H

#include "start_info.h"

/** Every program's main, called by program_start() with the arguments of its start info. */
int main(int argc, char **argv);

/** This program's start information (start_info.h). */
const struct start_info *start_info(void);

/**
 * The first listed capability of @p kind whose name is @p name (any name if NULL) and, for
 * IRQ lines and I/O ports, whose value is @p value (any if 0). @return it, or NULL.
 */
const struct start_cap *start_cap_find(enum start_cap_kind kind, const char *name, unsigned value);

/**
 * The badge the requests of service @p name carry, as init named it in this server's start
 * information (struct start_service). @return it, or 0 if init named no such service (no
 * server's requests carry badge 0, so 0 matches none of them).
 */
unsigned start_service_badge(const char *name);

/* exit(status) and atexit() are in exit.h: a process tells the process manager (which frees
 * it and answers its parent's wait), a server ends its thread. */
#include "exit.h"

/* error_name() and error_text(): the names and sentences of error codes. */
#include "error_text.h"

#endif
