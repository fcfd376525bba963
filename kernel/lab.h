/**
 * @file lab.h
 * @brief Marking lab holes: functions students write, with reference code in solutions/.
 *
 * A hole is declared in kernel/ with LAB_HOLE, which makes it a weak symbol whose body
 * calls lab_hole_missing(). When the build selects a lab's reference solution
 * (make SOLUTIONS=...), solutions/labN/ provides strong definitions that replace the stubs
 * at link time. A student replaces the stub's body with their own code.
 */
#ifndef ORRERY_LAB_H
#define ORRERY_LAB_H

#include "types.h"

/** Put before a hole's definition in kernel/ (makes it replaceable by solutions/). */
#define LAB_HOLE __attribute__((weak, noinline))

/**
 * Report loudly that a lab hole has not been implemented, then stop: a panic in the kernel,
 * an abort in host unit tests.
 */
void lab_hole_missing(int lab, const char *function) NORETURN;

#endif
