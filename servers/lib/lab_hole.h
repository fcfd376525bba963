/**
 * @file lab_hole.h
 * @brief Lab holes in servers/: functions students write, with reference code in
 *        solutions/labN/SERVER/FILE.c (the user-space side of kernel/lab.h).
 *
 * A hole in servers/SERVER/FILE.c is declared with LAB_HOLE, which makes it a weak symbol
 * whose stub calls lab_hole_missing() and then fails the way its contract allows (no
 * character, an error code). When the build selects lab N's reference (make SOLUTIONS=...),
 * the Makefile links the objects of solutions/labN/SERVER/ into build/servers/SERVER.elf
 * and their strong definitions replace the stubs. A student replaces the stub's body.
 */
#ifndef ORRERY_USER_LAB_HOLE_H
#define ORRERY_USER_LAB_HOLE_H

/** Put before a hole's definition in servers/ (makes it replaceable by solutions/). */
#define LAB_HOLE __attribute__((weak, noinline))

/**
 * Report loudly that a lab hole has not been implemented: "lab N: FUNCTION is not
 * implemented yet (see labs/labN/README.md)" on the kernel's debug console (the serial
 * port), the first time each hole is reached (a stub called on every interrupt does not
 * flood the console), then return, so that the stub can fail its one request and the server (and the
 * rest of the system) goes on: a driver with a hole is a broken driver, not a dead system.
 * In the host unit tests (kernel/tests/host/host_support.c) it aborts instead.
 */
void lab_hole_missing(int lab, const char *function);

#endif
